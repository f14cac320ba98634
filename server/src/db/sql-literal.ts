/**
 * Constants of the code written into SQL text, for fragments that cannot take a bound parameter (a
 * column list reused by many statements, an `order by` case). Only for the code's own constants such
 * as `ACTIVE_TASK_STATUSES`, never for input: input is always a bound parameter.
 */

/** `['a', "b'c"]` → `('a', 'b''c')`. */
export const textListLiteral = (values: readonly string[]): string => `(${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')})`;
