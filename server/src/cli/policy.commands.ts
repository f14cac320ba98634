/**
 * Policies and approvals from the command line (the aliases `policy list|check|declare|remove|reload|audit`,
 * `approvals`, `approve`, `reject` are the older names).
 *
 *   list-policies | validate-policies FILE | declare-policy FILE | remove-policy NAME | reload-policies
 *   get-audit-trail [--policy NAME] [--limit N]
 *   list-approvals [STATUS]        approve-request ID [NOTE...]        reject-request ID [NOTE...]
 *
 * `validate-policies` checks a policy file locally (errors name file:line:column and the field, exit 2);
 * `declare-policy` sends each policy of a file through the API. Declaring, removing, approving and
 * rejecting are for humans: act as an agent registered with `--kind human`.
 */
import { readFile } from 'node:fs/promises';
import { ApprovalStatusSchema, CoordinatorError, parseInput, type Approval, type Policy, type PolicyEntry, type PolicyFileError } from '@agent-coordinator/shared';
import { noExtra, UsageError } from './args.ts';
import { parseCommand } from './client.ts';
import { clock, list, show, table, truncate } from './output.ts';

/** The rule's own parameters, in a few words. */
function detail(p: Policy): string {
  switch (p.kind) {
    case 'lock_paths':
      return list(p.paths);
    case 'max_active_tasks':
    case 'mission_wip_limit':
      return `limit ${p.limit}`;
    case 'transition_requires_capability':
      return `${p.capability} for ${list(p.statuses)}`;
    case 'transition_requires_human':
      return list(p.statuses);
    case 'done_requires_requirement':
      return '';
  }
}

function scopeText(p: Policy): string {
  const parts = [
    ...(p.scope.missions ? [`missions ${list(p.scope.missions)}`] : []),
    ...(p.scope.agent_kinds ? [`kinds ${list(p.scope.agent_kinds)}`] : []),
    ...(p.scope.capabilities ? [`caps ${list(p.scope.capabilities)}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : 'all';
}

async function readPolicyFile(path: string): Promise<{ ok: true; policies: readonly Policy[] } | { ok: false; errors: readonly PolicyFileError[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The YAML parser is loaded only by the commands that read policy files.
  const { parsePolicyFile } = await import('../modules/policy/policy-file.ts');
  return parsePolicyFile(text);
}

async function failOnErrors(path: string, errors: readonly PolicyFileError[]): Promise<never> {
  const { formatPolicyFileError } = await import('../modules/policy/policy-file.ts');
  for (const e of errors.slice(1)) process.stderr.write(`agent-coordinator: ${formatPolicyFileError(path, e)}\n`);
  const first = errors[0];
  throw new CoordinatorError('VALIDATION', first ? formatPolicyFileError(path, first) : `${path}: invalid`);
}

/** The policy commands take `--agent` (declaring and removing act as a human agent). */
const AS_AGENT = { asAgent: true } as const;

export async function listPoliciesCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv, AS_AGENT);
  noExtra(rest);
  const result = await session.call((c) => c.list_policies.query());
  return show(session, result, () => {
    const f = result.file;
    const file =
      f.path === null
        ? 'policy file: none (start the server with --policies FILE)'
        : `policy file: ${f.path} — ${f.policy_count} polic${f.policy_count === 1 ? 'y' : 'ies'}${f.loaded_at ? ` loaded at ${clock(f.loaded_at)}` : ''}${f.errors.length > 0 ? `; LAST CHANGE REJECTED (${f.errors.length} error(s)), previous set in force` : ''}`;
    const rows = result.policies.map((e) => [
      e.policy.name,
      e.policy.kind,
      e.policy.enabled ? e.policy.outcome : `${e.policy.outcome} (disabled)`,
      e.shadowed ? `${e.source} (shadowed)` : e.source,
      truncate(scopeText(e.policy), 32),
      truncate(detail(e.policy), 40),
    ]);
    return [rows.length === 0 ? 'no policies' : table(['name', 'kind', 'outcome', 'source', 'scope', 'rule'], rows), '', file].join('\n');
  });
}

export async function validatePoliciesCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv, AS_AGENT);
  const [path] = rest;
  if (path === undefined) throw new UsageError('agent-coordinator validate-policies FILE');
  noExtra(rest, 1);
  const parsed = await readPolicyFile(path);
  if (!parsed.ok) return failOnErrors(path, parsed.errors);
  return show(session, parsed.policies, () => `${path}: ${parsed.policies.length} valid polic${parsed.policies.length === 1 ? 'y' : 'ies'} (${list(parsed.policies.map((p) => p.name))})`);
}

export async function declarePolicyCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv, AS_AGENT);
  const [path] = rest;
  if (path === undefined) throw new UsageError('agent-coordinator declare-policy FILE --agent HUMAN');
  noExtra(rest, 1);
  const parsed = await readPolicyFile(path);
  if (!parsed.ok) return failOnErrors(path, parsed.errors);
  const agent = (await session.agent()).ref;
  const declared: PolicyEntry[] = [];
  for (const policy of parsed.policies) declared.push(await session.call((c) => c.declare_policy.mutate({ policy, agent_id: agent })));
  return show(session, declared, () => `declared ${list(declared.map((d) => d.policy.name))}`);
}

export async function removePolicyCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv, AS_AGENT);
  const [name] = rest;
  if (name === undefined) throw new UsageError('agent-coordinator remove-policy NAME --agent HUMAN');
  noExtra(rest, 1);
  const agent = (await session.agent()).ref;
  const result = await session.call((c) => c.remove_policy.mutate({ name, agent_id: agent }));
  return show(session, result, () => (result.removed ? `removed ${name}` : `no API policy named ${name} (file policies are changed in the file)`));
}

export async function reloadPoliciesCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv, AS_AGENT);
  noExtra(rest);
  const result = await session.call((c) => c.reload_policies.mutate());
  return show(session, result, () =>
    result.file.errors.length > 0
      ? `policy file rejected, previous set in force:\n${result.file.errors.map((e) => `  ${e.line ?? '?'}:${e.column ?? '?'} ${e.field ?? ''} ${e.message}`).join('\n')}`
      : `policy file loaded: ${result.file.policy_count} polic${result.file.policy_count === 1 ? 'y' : 'ies'}`,
  );
}

export async function getAuditTrailCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { ...AS_AGENT, values: ['policy', 'limit'] });
  noExtra(args.positionals);
  const limit = args.values.get('limit');
  const policy = args.values.get('policy');
  const entries = await session.call((c) =>
    c.get_audit_trail.query({ ...(policy !== undefined ? { policy } : {}), ...(limit !== undefined ? { limit: Number(limit) } : {}) }),
  );
  return show(session, entries, () =>
    entries.length === 0
      ? 'no policy evaluations recorded'
      : table(
          ['time', 'policy', 'outcome', 'agent', 'what', 'approval'],
          entries.map((e) => [
            clock(e.at),
            e.policy,
            e.outcome,
            e.agent_name ?? '-',
            truncate(`${e.operation} ${e.task_key ?? ''} ${e.to_status ? `→ ${e.to_status}` : list(e.paths)}`.replace(/\s+/g, ' ').trim(), 40),
            e.approval_id ? `${e.approval_status ?? ''}${e.approver ? ` by ${e.approver}` : ''}` : '-',
          ]),
        ),
  );
}

const approvalLine = (a: Approval): string =>
  `${a.approval_id} ${a.status}: ${a.summary} — policy ${a.policy}${a.decided_by_name ? `, by ${a.decided_by_name}` : ''}${a.result_note ? ` (${a.result_note})` : ''}`;

export async function listApprovalsCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['limit'] });
  const [status] = args.positionals;
  noExtra(args.positionals, 1);
  const limit = args.values.get('limit');
  const approvals = await session.call((c) =>
    c.list_approvals.query({
      ...(status !== undefined ? { status: parseInput('list_approvals', ApprovalStatusSchema, status) } : {}),
      ...(limit !== undefined ? { limit: Number(limit) } : {}),
    }),
  );
  show(session, approvals, () =>
    approvals.length === 0
      ? `no ${status ?? 'pending'} approvals`
      : table(
          ['id', 'status', 'requester', 'asks', 'policy', 'since'],
          approvals.map((a) => [a.approval_id, a.status, a.requester_name ?? '-', truncate(a.summary, 48), a.policy, clock(a.created_at)]),
        ),
  );
}

async function decide(argv: readonly string[], decision: 'approve' | 'reject'): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true });
  const [id, ...words] = args.positionals;
  if (id === undefined) throw new UsageError(`agent-coordinator ${decision}-request ID [NOTE...] --agent HUMAN`);
  const note = words.join(' ').trim();
  const input = { approval_id: id, agent_id: (await session.agent()).ref, ...(note !== '' ? { note } : {}) };
  const approval = await session.call((c) => (decision === 'approve' ? c.approve_request.mutate(input) : c.reject_request.mutate(input)));
  show(session, approval, () => approvalLine(approval));
  if (approval.status === 'failed') throw new CoordinatorError('CONFLICT', `approved, but the change could no longer be applied: ${approval.result_note ?? 'unknown reason'}`);
}

export const approveRequestCommand = (argv: readonly string[]): Promise<void> => decide(argv, 'approve');
export const rejectRequestCommand = (argv: readonly string[]): Promise<void> => decide(argv, 'reject');
