/**
 * For suites calling services directly: an input as a transport hands it on. Services take parsed input
 * (the tRPC, MCP and REST edges parse with the shared schemas), so a suite that skips the edge parses
 * here, with the same schema, and gets the defaults filled in as a caller over the wire would.
 */
import type * as z from 'zod';
import { parseInput } from '@agent-coordinator/shared';

export const parsed = <S extends z.ZodType>(schema: S, input: z.input<S>): z.output<S> => parseInput('test input', schema, input);
