/**
 * What a change with a fencing token asks before it touches the task: is the token still the caller's
 * live lock on it? Declared here, by the task module that asks; the guard implements it
 * (`guard/fencing.ts`, `requireTaskLease`) and coordinator.ts wires it, so the task module does not import
 * the guard, which reads tasks (issue #19: modules in one direction).
 */
import type { Actor } from '../../common/actor.ts';
import type { Sql } from '../../db/database.ts';

/** Resolves, or throws the CoordinatorError that refuses the change. Called first in the change's transaction. */
export type TaskLeaseCheck = (sql: Sql, actor: Actor, operation: string, agentRef: string | undefined, token: number, taskRef: string) => Promise<void>;
