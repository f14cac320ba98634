/** Agents: the AI agents, scripts and humans that take tasks and hold locks. */
import { z } from 'zod';
import { AgentNameSchema, AgentRefSchema, CapabilitiesSchema, TimestampSchema, UuidSchema } from './common.ts';

export const AGENT_KINDS = ['claude-code', 'copilot', 'cursor', 'human', 'cli', 'other'] as const;
export const AgentKindSchema = z.enum(AGENT_KINDS, { error: `expected one of ${AGENT_KINDS.join(', ')}` });
export type AgentKind = z.infer<typeof AgentKindSchema>;

/** `busy` while the agent has a claimed or in-progress task; `offline` once silent past its liveness timeout. */
export const AGENT_STATUSES = ['idle', 'busy', 'offline'] as const;
export const AgentStatusSchema = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

export const RegisterAgentInputSchema = z.strictObject({
  name: AgentNameSchema,
  kind: AgentKindSchema.default('other'),
  capabilities: CapabilitiesSchema.default([]),
});
export type RegisterAgentInput = z.input<typeof RegisterAgentInputSchema>;

export const HeartbeatInputSchema = z.strictObject({ agent_id: AgentRefSchema.optional() });
export type HeartbeatInput = z.input<typeof HeartbeatInputSchema>;

export const AgentSchema = z.object({
  agent_id: UuidSchema,
  name: z.string(),
  kind: AgentKindSchema,
  capabilities: z.array(z.string()),
  status: AgentStatusSchema,
  last_heartbeat_at: TimestampSchema,
  /** When the agent becomes offline unless it sends a heartbeat (or any other call) before. */
  expires_at: TimestampSchema,
});
export type Agent = z.infer<typeof AgentSchema>;

export const HeartbeatResultSchema = z.object({
  agent_id: UuidSchema,
  status: AgentStatusSchema,
  expires_at: TimestampSchema,
});
export type HeartbeatResult = z.infer<typeof HeartbeatResultSchema>;

export const AgentRefInputSchema = z.strictObject({ agent_id: AgentRefSchema.optional() });

export const GetAgentInputSchema = z.strictObject({ agent_id: AgentRefSchema });
export type GetAgentInput = z.input<typeof GetAgentInputSchema>;
