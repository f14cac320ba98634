/**
 * The planning and policy toolsets over MCP: thin adapters to the services, like the core tools. A
 * session that registered a (human) agent decides approvals and declares policies as it.
 */
import type { PLANNING_TOOLS, POLICY_TOOLS } from '@agent-coordinator/shared';
import { asAgent, untrusted, type Handler } from './mcp-tools.ts';

export const PLANNING_TOOL_HANDLERS: Readonly<Record<keyof typeof PLANNING_TOOLS, Handler>> = {
  create_mission: (s, session, args) => s.missions.create(session.actor, untrusted(args)),
  update_mission: (s, session, args) => s.missions.update(session.actor, untrusted(args)),
  get_mission: (s, session, args) => s.missions.get(session.actor, untrusted(args)),
  list_missions: async (s, session, args) => ({ missions: await s.missions.list(session.actor, untrusted(args)) }),
  create_sprint: (s, session, args) => s.sprints.create(session.actor, untrusted(args)),
  update_sprint: (s, session, args) => s.sprints.update(session.actor, untrusted(args)),
  list_sprints: async (s, session, args) => ({ sprints: await s.sprints.list(session.actor, untrusted(args)) }),
  plan_task: (s, session, args) => s.planning.planTask(session.actor, untrusted(args)),
  create_objective: (s, session, args) => s.planning.createObjective(session.actor, untrusted(args)),
  add_key_result: (s, session, args) => s.planning.addKeyResult(session.actor, untrusted(args)),
  update_key_result: (s, session, args) => s.planning.updateKeyResult(session.actor, untrusted(args)),
  add_requirement: (s, session, args) => s.planning.addRequirement(session.actor, untrusted(args)),
  link_task: (s, session, args) => s.planning.linkTask(session.actor, untrusted(args)),
  unlink_task: (s, session, args) => s.planning.unlinkTask(session.actor, untrusted(args)),
  get_coverage: (s, session, args) => s.planning.coverage(session.actor, untrusted(args)),
};

export const POLICY_TOOL_HANDLERS: Readonly<Record<keyof typeof POLICY_TOOLS, Handler>> = {
  list_policies: (s, session) => s.policies.list(session.actor),
  declare_policy: (s, session, args) => s.policies.declare(session.actor, asAgent(session, args)),
  remove_policy: (s, session, args) => s.policies.remove(session.actor, asAgent(session, args)),
  list_approvals: async (s, session, args) => ({ approvals: await s.approvals.list(session.actor, untrusted(args)) }),
  approve_request: (s, session, args) => s.approvals.approve(session.actor, asAgent(session, args)),
  reject_request: (s, session, args) => s.approvals.reject(session.actor, asAgent(session, args)),
  get_audit_trail: async (s, session, args) => ({ entries: await s.policies.audit(session.actor, untrusted(args)) }),
};
