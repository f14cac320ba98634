/**
 * The policy machinery for the composition root: the registry of file policies, the gate the services
 * call, the policy service, and — when a policy file is configured — its watcher, started (the first
 * load must succeed) and closed with the coordinator.
 */
import { resolve } from 'node:path';
import type { Transactor } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import { PolicyFileWatcher } from './policy-file.watcher.ts';
import { logger } from '../../ops/logger.ts';
import { PolicyGate } from './policy-gate.ts';
import { PolicyRegistry } from './policy-registry.ts';
import { PolicyService } from './policy.service.ts';

export interface Policies {
  readonly gate: PolicyGate;
  readonly service: PolicyService;
  start(): Promise<void>;
  close(): void;
}

const policyLog = logger.child({ component: 'policies' });
const logInfo = (message: string): void => policyLog.info(message);

export function createPolicies(
  database: Database,
  transactor: Transactor,
  options: {
    readonly policiesFile?: string | undefined;
    /** How long an escalated change waits for a human before it expires. */
    readonly approvalTtlSeconds: number;
    readonly onError: (error: unknown) => void;
    readonly log?: (message: string) => void;
  },
): Policies {
  const path = options.policiesFile ? resolve(options.policiesFile) : null;
  const registry = new PolicyRegistry(path);
  const gate = new PolicyGate(registry, { approvalTtlSeconds: options.approvalTtlSeconds });
  const service = new PolicyService(database, transactor, registry, options.log ?? logInfo);
  const watcher = path ? new PolicyFileWatcher(path, service, { onError: options.onError }) : null;
  if (watcher) service.attach(watcher);
  return {
    gate,
    service,
    start: async () => {
      await watcher?.start();
    },
    close: () => watcher?.close(),
  };
}
