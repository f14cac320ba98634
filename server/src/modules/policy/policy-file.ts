/**
 * Reading a policy file: YAML (JSON is YAML too) checked against the shared PolicyFileSchema. Every
 * problem is reported with the line and column it is on and the field it concerns, so a broken file
 * reads like a compiler error: `policies.yaml:12:5: policies[2].limit: expected a whole number`.
 */
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { PolicyFileSchema, type Policy, type PolicyFileError } from '@agent-coordinator/shared';

export type PolicyFileParse = { readonly ok: true; readonly policies: readonly Policy[] } | { readonly ok: false; readonly errors: readonly PolicyFileError[] };

const MAX_ERRORS = 20;

/** `['policies', 2, 'limit']` → `policies[2].limit`. */
function fieldName(path: readonly PropertyKey[]): string | null {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? null : out;
}

/** The offset where the deepest existing node along `path` starts (the key itself for `key`). */
function offsetOf(doc: Document, path: readonly PropertyKey[], key?: string): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (!isNode(node)) continue;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
    }
    if (node.range) return node.range[0];
  }
  return null;
}

function located(lines: LineCounter, offset: number | null): { line: number | null; column: number | null } {
  if (offset === null) return { line: null, column: null };
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function issueErrors(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): PolicyFileError[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      ...located(lines, offsetOf(doc, path, key)),
      field: fieldName([...path, key]),
      message: `unknown field "${key}" (misspelt?)`,
    }));
  }
  const missing = issue.code === 'invalid_type' && path.length > 0 && !doc.hasIn(path as unknown[]);
  const message = missing ? `missing required field "${String(path.at(-1))}"` : issue.message;
  return [{ ...located(lines, offsetOf(doc, path)), field: fieldName(path), message }];
}

export function parsePolicyFile(text: string): PolicyFileParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.slice(0, MAX_ERRORS).map((e) => ({ ...located(lines, e.pos[0]), field: null, message: e.message.split('\n')[0] ?? e.message })),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = PolicyFileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap((i) => issueErrors(doc, lines, i)).slice(0, MAX_ERRORS) };
  return { ok: true, policies: parsed.data.policies };
}

/** One line per error: `file:line:column: field: message`. */
export function formatPolicyFileError(file: string, error: PolicyFileError): string {
  const where = error.line === null ? file : `${file}:${error.line}${error.column === null ? '' : `:${error.column}`}`;
  return `${where}: ${error.field === null ? '' : `${error.field}: `}${error.message}`;
}
