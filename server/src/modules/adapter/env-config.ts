/**
 * Built-in adapters read their settings from the server's environment. A malformed variable stops the
 * server's start with the variable named (as a broken adapters file does), rather than a schema error
 * about a field nobody typed.
 */
import type { z } from 'zod';
import { CoordinatorError } from '@agent-coordinator/shared';

/** `fields` maps each config field to the variable it came from and that variable's value. */
export const parseEnvConfig = <S extends z.ZodType>(schema: S, fields: Readonly<Record<string, { readonly variable: string; readonly value: unknown }>>): z.output<S> => {
  const input = Object.fromEntries(Object.entries(fields).filter(([, field]) => field.value !== undefined).map(([name, field]) => [name, field.value]));
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    return { field: fields[field]?.variable ?? field, message: issue.message };
  });
  throw new CoordinatorError('VALIDATION', `adapter settings: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}; fix the variable and start the server again`, issues);
};
