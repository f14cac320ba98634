/**
 * @agent-coordinator/shared — the contract between the coordinator and its clients.
 *
 * Wire shapes use snake_case field names (`task_id`, `held_by`) everywhere — tRPC, MCP, CLI JSON and
 * events — so one schema serves every transport and nothing is mapped between them.
 */
export * from './limits.ts';
export * from './errors.ts';
export * from './validation.ts';
export * from './text.ts';
export * from './common.ts';
export * from './path.ts';
export * from './glob.ts';
export * from './agent.ts';
export * from './credential-names.ts';
export * from './auth.ts';
export * from './task.ts';
export * from './lock.ts';
export * from './content-hash.ts';
export * from './guard.ts';
export * from './claude-config.ts';
export * from './claim.ts';
export * from './board.ts';
export * from './board-bridge.ts';
export * from './event.ts';
export * from './tools.ts';
export * from './compact-schema.ts';
export * from './planning-refs.ts';
export * from './policy-outcome.ts';
export * from './mission.ts';
export * from './planning.ts';
export * from './policy.ts';
export * from './planning-events.ts';
export * from './planning-tools.ts';
export * from './knowledge.ts';
export * from './adapter.ts';
export * from './adapter-usable.ts';
export * from './run-tools.ts';
export * from './inbox.ts';
export * from './inbox-tools.ts';
