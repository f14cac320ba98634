/**
 * A REST request → the tool's input object: the JSON body, the query string and the path parameters
 * merged into one object, which the tool's handler then parses with the tool's schema exactly as for MCP.
 *
 * A query string carries only text, so values are turned into what the input schema says the field is
 * (`?limit=5` → 5, `?flag=true` → true, a repeated `?tags=a&tags=b` → an array); anything else stays
 * text and the schema judges it. A path parameter and a body field of the same name must agree.
 */
import { z } from 'zod';
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Operation } from './operations.ts';

type PropertyTypes = ReadonlyMap<string, string>;
const typesByOperation = new Map<string, PropertyTypes>();

/** The JSON type (`integer`, `array`, …) of each top-level input field that has a single one. */
function propertyTypes(operation: Operation): PropertyTypes {
  let types = typesByOperation.get(operation.name);
  if (!types) {
    const schema = z.toJSONSchema(operation.tool.input, { io: 'input', unrepresentable: 'any' });
    const properties = isRecord(schema['properties']) ? schema['properties'] : {};
    types = new Map(Object.entries(properties).flatMap(([field, p]) => (isRecord(p) && typeof p['type'] === 'string' ? [[field, p['type']] as const] : [])));
    typesByOperation.set(operation.name, types);
  }
  return types;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function fromQueryText(type: string | undefined, values: readonly string[]): unknown {
  if (type === 'array') return values;
  const text = values[values.length - 1] ?? '';
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export function requestInput(operation: Operation, body: unknown, query: URLSearchParams, params: Readonly<Record<string, string>>): Record<string, unknown> {
  if (body !== undefined && !isRecord(body)) {
    throw new CoordinatorError('VALIDATION', `${operation.name}: the request body must be a JSON object of the operation's input fields`, [
      { field: '(input)', message: 'expected a JSON object' },
    ]);
  }
  const input: Record<string, unknown> = {};
  const types = propertyTypes(operation);
  for (const field of new Set(query.keys())) input[field] = fromQueryText(types.get(field), query.getAll(field));
  Object.assign(input, body);
  for (const [field, value] of Object.entries(params)) {
    if (input[field] !== undefined && input[field] !== value) {
      throw new CoordinatorError('VALIDATION', `${operation.name}: ${field} is ${value} in the path but ${JSON.stringify(input[field])} in the body — send one, or the same`, [
        { field, message: 'differs between the path and the body' },
      ]);
    }
    input[field] = value;
  }
  return input;
}
