/**
 * The environment every launched agent gets, whatever its adapter: where the coordinator is, the token
 * and project to present, and the agent name to act as — the names the `agent-coordinator` CLI reads, so
 * a script the agent runs can call the CLI as the run's agent without further setup.
 */
import { PROJECT_ENV, TOKEN_ENV } from '@agent-coordinator/shared';
import type { RunSpec } from './agent-adapter.ts';

export const runEnvironment = (spec: RunSpec, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({
  ...base,
  AGENT_COORDINATOR_URL: spec.coordinator.baseUrl,
  COORDINATOR_URL: spec.coordinator.baseUrl,
  AGENT_COORDINATOR_MCP_URL: spec.coordinator.mcpUrl,
  [TOKEN_ENV]: spec.coordinator.token,
  [PROJECT_ENV]: spec.coordinator.project,
  AGENT_COORDINATOR_AGENT: spec.coordinator.agentName,
  AGENT_COORDINATOR_TASK: spec.task.key,
  AGENT_COORDINATOR_RUN: spec.runId,
  ...spec.env,
});
