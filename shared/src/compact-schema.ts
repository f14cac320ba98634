/**
 * Input schemas an agent can afford. `tools/list` is context a model pays for on every turn, and the
 * JSON Schema zod generates is written for validators: a 150-character UUID regex on every id, `$schema`
 * and `additionalProperties: false` on every object, six copies of the common fields of a policy. The
 * server validates every call with the full zod schemas anyway (and its errors name the field and say
 * what to do), so the listed schema only has to tell the model what to send:
 *
 * - kept: types, property names, `required`, enums and consts, `format`, scalar defaults, the minimum and
 *   maximum of numbers and lengths an agent could get wrong, descriptions;
 * - dropped: `$schema`, `additionalProperties: false`, `propertyNames`, regex `pattern`s, bounds no
 *   agent reaches (strings of 1,000+ characters, lists of 100+ items, integers up to 2^53), empty
 *   defaults (`[]`, `{}`, `""`);
 * - merged: a union of strings (an id or a key, a date or a date-time) becomes one string; `X or null`
 *   becomes `type: [X, "null"]`; a union of objects told apart by one const field (a policy's `kind`)
 *   becomes one object whose discriminator is an enum, its description saying which fields each kind needs.
 *
 * A pure function of JSON, so the MCP listing (server/src/mcp/toolsets.ts) and the extension's manifest
 * of language-model tools share it.
 */

export type JsonSchema = { readonly [key: string]: unknown };

const isSchema = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Bounds at or above these say nothing an agent needs to hear. */
const LOOSE = { maxLength: 1000, maxItems: 100, maximum: Number.MAX_SAFE_INTEGER } as const;

const DROPPED_KEYS = new Set(['$schema', 'pattern', 'propertyNames']);

const isEmptyDefault = (value: unknown): boolean =>
  value === '' || (Array.isArray(value) && value.length === 0) || (isSchema(value) && Object.keys(value).length === 0);

/** Compacts one JSON Schema (the root of a tool's input, or any part of it). */
export function compactSchema(schema: JsonSchema): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'default' && isEmptyDefault(value)) continue;
    if ((key === 'maxLength' || key === 'maxItems' || key === 'maximum') && typeof value === 'number' && value >= LOOSE[key]) continue;
    if (key === 'properties' && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, isSchema(property) ? compactSchema(property) : property]));
    } else if ((key === 'items' || key === 'additionalProperties') && isSchema(value)) {
      out[key] = compactSchema(value);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      Object.assign(out, mergeUnion(value.filter(isSchema).map(compactSchema)));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A union, as small as it can be said: one branch, one string, `X or null`, or one object with a discriminator. */
function mergeUnion(branches: readonly JsonSchema[]): JsonSchema {
  const flat = branches.flatMap((b) => (Array.isArray(b['anyOf']) && Object.keys(b).length === 1 ? b['anyOf'].filter(isSchema) : [b]));
  const nullable = flat.some((b) => b['type'] === 'null');
  const rest = flat.filter((b) => b['type'] !== 'null');
  const merged = mergeStrings(rest) ?? mergeTagged(rest) ?? (rest.length === 1 ? rest[0] : undefined);
  if (!merged) return { anyOf: nullable ? [...rest, { type: 'null' }] : rest };
  if (!nullable) return merged;
  return typeof merged['type'] === 'string' ? { ...merged, type: [merged['type'], 'null'] } : { anyOf: [merged, { type: 'null' }] };
}

/** Strings of several shapes (a UUID or a key such as T-12; a date or a date-time): one string, its formats named. */
function mergeStrings(branches: readonly JsonSchema[]): JsonSchema | undefined {
  if (branches.length < 2 || !branches.every((b) => b['type'] === 'string' && b['enum'] === undefined && b['const'] === undefined)) return undefined;
  const formats = [...new Set(branches.map((b) => b['format']).filter((f) => typeof f === 'string'))];
  if (formats.length === 1 && branches.every((b) => b['format'] === formats[0])) return { type: 'string', format: formats[0] };
  return formats.length > 1 ? { type: 'string', description: formats.join(' or ') } : { type: 'string' };
}

/** The const-valued property every branch has, e.g. a policy's `kind`. */
function discriminatorOf(branches: readonly JsonSchema[]): string | undefined {
  const [first] = branches;
  const properties = first && isSchema(first['properties']) ? first['properties'] : {};
  return Object.keys(properties).find((name) =>
    branches.every((b) => isSchema(b['properties']) && isSchema(b['properties'][name]) && b['properties'][name]['const'] !== undefined),
  );
}

/**
 * Objects told apart by a const field: one object with every field, the discriminator an enum and, where
 * the kinds need different fields, a description saying which (the server still checks each kind exactly).
 */
function mergeTagged(branches: readonly JsonSchema[]): JsonSchema | undefined {
  if (branches.length < 2 || !branches.every((b) => b['type'] === 'object')) return undefined;
  const tag = discriminatorOf(branches);
  if (tag === undefined) return undefined;
  const requiredOf = (b: JsonSchema): string[] => (Array.isArray(b['required']) ? b['required'].filter((r) => typeof r === 'string') : []);
  const common = requiredOf(branches[0] ?? {}).filter((r) => branches.every((b) => requiredOf(b).includes(r)));
  const properties: Record<string, unknown> = {};
  const kinds: unknown[] = [];
  const needs: string[] = [];
  for (const branch of branches) {
    const own = isSchema(branch['properties']) ? branch['properties'] : {};
    const kind = isSchema(own[tag]) ? own[tag]['const'] : undefined;
    kinds.push(kind);
    const extra = requiredOf(branch).filter((r) => !common.includes(r));
    if (extra.length > 0) needs.push(`${String(kind)} needs ${extra.join(', ')}`);
    for (const [name, property] of Object.entries(own)) {
      if (name === tag) continue;
      const seen = properties[name];
      // Kinds that default a field differently (a policy's outcome): the listing names no default.
      if (isSchema(seen) && isSchema(property) && JSON.stringify(seen) !== JSON.stringify(property)) {
        const { default: _differs, ...withoutDefault } = seen;
        properties[name] = withoutDefault;
      } else if (seen === undefined) properties[name] = property;
    }
  }
  const tagSchema = { type: 'string', enum: kinds, ...(needs.length > 0 ? { description: needs.join('; ') } : {}) };
  return { type: 'object', properties: { [tag]: tagSchema, ...properties }, required: common };
}
