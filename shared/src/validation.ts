/**
 * Parsing inputs with the shared schemas into CoordinatorError('VALIDATION') whose message names each
 * field and says what is expected. Every transport validates through here, so errors read the same.
 */
import * as z from 'zod';
import { CoordinatorError, type FieldIssue } from './errors.ts';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }));
}

export function validationError(operation: string, error: z.ZodError): CoordinatorError {
  const issues = fieldIssues(error);
  const detail = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new CoordinatorError('VALIDATION', `${operation}: invalid input — ${detail}`, issues);
}

/** What a schema parses an input into (defaults filled in, text trimmed): what services take, the transports having parsed it. */
export type Parsed<S extends z.ZodType> = z.output<S>;

export function parseInput<S extends z.ZodType>(operation: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(operation, result.error);
  return result.data;
}
