/**
 * A task's key (`T-12`) from its key number. Every module that names tasks reads keys, so this sits below
 * them all rather than in the task module (issue #19: modules in one direction).
 */
import { int } from '../db/row-values.ts';

/** The key number may come back from a driver as a number or a string (a bigint on node-pg). */
export const taskKey = (keyNumber: unknown): string => `T-${int(keyNumber)}`;
