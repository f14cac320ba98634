/**
 * The planning and policy toolsets over MCP: thin adapters to the services, like the core tools. A
 * session that registered a (human) agent decides approvals and declares policies as it.
 */
import { PLANNING_TOOLS, POLICY_TOOLS } from '@agent-coordinator/shared';
import { parseArgs, parseAsAgent, type Handler } from './mcp-tools.ts';

export const PLANNING_TOOL_HANDLERS: Readonly<Record<keyof typeof PLANNING_TOOLS, Handler>> = {
  create_mission: (s, session, args) => s.missions.createMission(session.actor, parseArgs(PLANNING_TOOLS.create_mission, args)),
  update_mission: (s, session, args) => s.missions.updateMission(session.actor, parseArgs(PLANNING_TOOLS.update_mission, args)),
  get_mission: (s, session, args) => s.missions.getMission(session.actor, parseArgs(PLANNING_TOOLS.get_mission, args)),
  list_missions: async (s, session, args) => ({ missions: await s.missions.listMissions(session.actor, parseArgs(PLANNING_TOOLS.list_missions, args)) }),
  create_sprint: (s, session, args) => s.sprints.createSprint(session.actor, parseArgs(PLANNING_TOOLS.create_sprint, args)),
  update_sprint: (s, session, args) => s.sprints.updateSprint(session.actor, parseArgs(PLANNING_TOOLS.update_sprint, args)),
  list_sprints: async (s, session, args) => ({ sprints: await s.sprints.listSprints(session.actor, parseArgs(PLANNING_TOOLS.list_sprints, args)) }),
  plan_task: (s, session, args) => s.planning.planTask(session.actor, parseArgs(PLANNING_TOOLS.plan_task, args)),
  create_objective: (s, session, args) => s.planning.createObjective(session.actor, parseArgs(PLANNING_TOOLS.create_objective, args)),
  add_key_result: (s, session, args) => s.planning.addKeyResult(session.actor, parseArgs(PLANNING_TOOLS.add_key_result, args)),
  update_key_result: (s, session, args) => s.planning.updateKeyResult(session.actor, parseArgs(PLANNING_TOOLS.update_key_result, args)),
  add_requirement: (s, session, args) => s.planning.addRequirement(session.actor, parseArgs(PLANNING_TOOLS.add_requirement, args)),
  link_task: (s, session, args) => s.planning.linkTask(session.actor, parseArgs(PLANNING_TOOLS.link_task, args)),
  unlink_task: (s, session, args) => s.planning.unlinkTask(session.actor, parseArgs(PLANNING_TOOLS.unlink_task, args)),
  get_coverage: (s, session, args) => s.planning.getCoverage(session.actor, parseArgs(PLANNING_TOOLS.get_coverage, args)),
};

export const POLICY_TOOL_HANDLERS: Readonly<Record<keyof typeof POLICY_TOOLS, Handler>> = {
  list_policies: (s, session) => s.policies.listPolicies(session.actor),
  declare_policy: (s, session, args) => s.policies.declarePolicy(session.actor, parseAsAgent(session, POLICY_TOOLS.declare_policy, args)),
  remove_policy: (s, session, args) => s.policies.removePolicy(session.actor, parseAsAgent(session, POLICY_TOOLS.remove_policy, args)),
  list_approvals: async (s, session, args) => ({ approvals: await s.approvals.listApprovals(session.actor, parseArgs(POLICY_TOOLS.list_approvals, args)) }),
  approve_request: (s, session, args) => s.approvals.approveRequest(session.actor, parseAsAgent(session, POLICY_TOOLS.approve_request, args)),
  reject_request: (s, session, args) => s.approvals.rejectRequest(session.actor, parseAsAgent(session, POLICY_TOOLS.reject_request, args)),
  get_audit_trail: async (s, session, args) => ({ entries: await s.policies.getAuditTrail(session.actor, parseArgs(POLICY_TOOLS.get_audit_trail, args)) }),
};
