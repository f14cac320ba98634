/**
 * Policies as data: the set in force in the caller's project (policy file ∪ that project's API-declared
 * ones), declaring and removing API policies (humans only — an agent must not lift the rule that stops
 * it), the policy file's status and reload, validation of a policy file's text, and the project's audit
 * trail. Also the policy file listener: each reload swaps the file set and announces it to every project
 * (`policy.changed`), each broken file is announced with its line/field errors (`policy.file_rejected`)
 * while the previous set stays in force.
 */
import {
  CoordinatorError,
  type AuditEntry,
  type DeclarePolicyInputSchema,
  type ListAuditInputSchema,
  type Parsed,
  type Policy,
  type PolicyEntry,
  type PolicyFileError,
  type PolicyList,
  type RemovePolicyInputSchema,
  type ValidatePolicyFileInputSchema,
  type ValidatePolicyFileResult,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import { findAgent, requireHuman } from '../agent/agent-lookup.ts';
import { unknownAgent } from '../agent/agent-ref.ts';
import { formatPolicyFileError, parsePolicyFile } from './policy-file.ts';
import { refuseAgentToken } from '../../common/human-caller.ts';
import type { PolicyFileListener, PolicyFileWatcher } from './policy-file.watcher.ts';
import type { PolicyRegistry } from './policy-registry.ts';
import { PolicyRepository } from './policy.repository.ts';

export class PolicyService implements PolicyFileListener {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #registry: PolicyRegistry;
  readonly #log: (message: string) => void;
  readonly #repository = new PolicyRepository();
  #watcher: PolicyFileWatcher | null = null;

  constructor(db: Database, transactor: Transactor, registry: PolicyRegistry, log: (message: string) => void) {
    this.#db = db;
    this.#transactor = transactor;
    this.#registry = registry;
    this.#log = log;
  }

  /** The watcher that reload() asks to read the file again. */
  attach(watcher: PolicyFileWatcher): void {
    this.#watcher = watcher;
  }

  async listPolicies(actor: Actor): Promise<PolicyList> {
    const api = (await this.#repository.apiPolicies(this.#db, [actor.project])).get(actor.project) ?? [];
    const fileNames = new Set(this.#registry.filePolicies.map((p) => p.name));
    const policies: PolicyEntry[] = [
      ...this.#registry.filePolicies.map((policy) => ({ source: 'file' as const, shadowed: false, policy })),
      ...api.map((policy) => ({ source: 'api' as const, shadowed: fileNames.has(policy.name), policy })),
    ];
    return { policies, file: this.#registry.status };
  }

  async declarePolicy(actor: Actor, input: Parsed<typeof DeclarePolicyInputSchema>): Promise<PolicyEntry> {
    refuseAgentToken(actor, 'declare_policy', 'policies are set by a human');
    return this.#transactor.run(actor.project, async (tx) => {
      const human = await requireHuman(tx, actor, 'declare_policy', input.agent_id);
      if (this.#registry.filePolicies.some((p) => p.name === input.policy.name)) {
        throw new CoordinatorError('CONFLICT', `declare_policy: "${input.policy.name}" is a policy of the policy file — change it there, or pick another name`, [
          { field: 'policy.name', message: 'used by the policy file' },
        ]);
      }
      await this.#repository.upsert(tx, actor.project, input.policy, human.id);
      tx.emit({ type: 'policy.changed', source: 'api', names: [input.policy.name], reason: `${human.name} declared ${input.policy.name}` });
      return { source: 'api', shadowed: false, policy: input.policy };
    });
  }

  async removePolicy(actor: Actor, input: Parsed<typeof RemovePolicyInputSchema>): Promise<{ removed: boolean }> {
    refuseAgentToken(actor, 'remove_policy', 'policies are set by a human');
    return this.#transactor.run(actor.project, async (tx) => {
      const human = await requireHuman(tx, actor, 'remove_policy', input.agent_id);
      const removed = await this.#repository.remove(tx, actor.project, input.name);
      if (removed) tx.emit({ type: 'policy.changed', source: 'api', names: [input.name], reason: `${human.name} removed ${input.name}` });
      return { removed };
    });
  }

  /** Reads the policy file now instead of waiting for the watcher. */
  async reloadPolicies(actor: Actor): Promise<PolicyList> {
    if (!this.#watcher) {
      throw new CoordinatorError('VALIDATION', 'reload_policies: the server runs without a policy file — start it with --policies FILE (or COORDINATOR_POLICIES_FILE)');
    }
    await this.#watcher.reload();
    return this.listPolicies(actor);
  }

  /** Checks a policy file's text without loading it: the policies it declares, or its errors with line and field. */
  validatePolicies(_actor: Actor, input: Parsed<typeof ValidatePolicyFileInputSchema>): ValidatePolicyFileResult {
    const parsed = parsePolicyFile(input.text);
    return parsed.ok ? { ok: true, policies: [...parsed.policies], errors: [] } : { ok: false, policies: [], errors: [...parsed.errors] };
  }

  async getAuditTrail(actor: Actor, input: Parsed<typeof ListAuditInputSchema>): Promise<AuditEntry[]> {
    let agentId: string | undefined;
    if (input.agent_id) {
      const agent = await findAgent(this.#db, actor, input.agent_id);
      if (!agent) throw unknownAgent('get_audit_trail', input.agent_id);
      agentId = agent.id;
    }
    return this.#repository.audit(this.#db, actor.project, { policy: input.policy, agentId, outcome: input.outcome, before: input.before, limit: input.limit });
  }

  // The policy file listener: the file is every project's, so its news is server-wide (no project).

  async loaded(policies: readonly Policy[], reason: string): Promise<void> {
    this.#registry.loaded(policies);
    this.#log(reason);
    await this.#transactor.run(null, async (tx) => tx.emit({ type: 'policy.changed', source: 'file', names: policies.map((p) => p.name), reason }));
  }

  async rejected(errors: readonly PolicyFileError[]): Promise<void> {
    this.#registry.rejected(errors);
    const path = this.#registry.status.path ?? '(policy file)';
    this.#log(`policy file rejected, the previous policies stay in force:\n${errors.map((e) => `  ${formatPolicyFileError(path, e)}`).join('\n')}`);
    await this.#transactor.run(null, async (tx) => tx.emit({ type: 'policy.file_rejected', path, errors: [...errors] }));
  }
}
