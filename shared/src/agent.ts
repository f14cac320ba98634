/** Agents: the AI agents, scripts and humans that take tasks and hold locks. */
import * as z from 'zod';
import { AgentNameSchema, AgentRefSchema, CapabilitiesSchema, TimestampSchema, UuidSchema } from './common.ts';

export const AGENT_KINDS = ['claude-code', 'copilot', 'cursor', 'human', 'cli', 'other'] as const;
export const AgentKindSchema = z.enum(AGENT_KINDS, { error: `expected one of ${AGENT_KINDS.join(', ')}` });
export type AgentKind = z.infer<typeof AgentKindSchema>;

/** `busy` while the agent has a claimed or in-progress task; `offline` once silent past its liveness timeout. */
export const AGENT_STATUSES = ['idle', 'busy', 'offline'] as const;
export const AgentStatusSchema = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/**
 * Registers a new agent, or resumes the one of that name. Left out, kind and capabilities are `other`
 * and none for a new agent and stay as they are for an existing one: an agent's kind and capabilities
 * are its standing under policies, changed only by its owner or an admin (see `SetAgentInputSchema`).
 */
export const RegisterAgentInputSchema = z.strictObject({
  name: AgentNameSchema,
  kind: AgentKindSchema.optional(),
  capabilities: CapabilitiesSchema.optional(),
});
export type RegisterAgentInput = z.input<typeof RegisterAgentInputSchema>;

/** What a new agent is when its registration leaves kind or capabilities out. */
export const DEFAULT_AGENT_KIND: AgentKind = 'other';

/**
 * Changes an agent's standing — its kind, its capabilities or both — by its owner or an admin (CLI
 * `agent set`). Never by an agent token, and `human` only for an agent that has no agent token.
 */
export const SetAgentInputSchema = z
  .strictObject({
    agent_id: AgentRefSchema,
    kind: AgentKindSchema.optional(),
    capabilities: CapabilitiesSchema.optional(),
  })
  .refine((input) => input.kind !== undefined || input.capabilities !== undefined, {
    error: 'give kind, capabilities or both: what the agent should become',
    path: ['kind'],
  });
export type SetAgentInput = z.input<typeof SetAgentInputSchema>;

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
