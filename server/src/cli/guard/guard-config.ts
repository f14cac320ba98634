/**
 * How the guard behaves, from `.agent-coordinator.json` at the repository root (shared by everyone who
 * clones it) and environment variables (per session or per machine; they win):
 *
 * | file key        | environment                        | default | meaning                                            |
 * |-----------------|------------------------------------|---------|----------------------------------------------------|
 * | `url`           | `AGENT_COORDINATOR_URL` (or --url) | local   | the coordinator                                    |
 * | `autoLock`      | `AGENT_COORDINATOR_AUTO_LOCK`      | true    | the hook locks a free file for the writing agent   |
 * | `leaseSeconds`  | `AGENT_COORDINATOR_LEASE_SECONDS`  | 120     | how long that lock lasts (each write extends it)   |
 * | `onUnreachable` | `AGENT_COORDINATOR_ON_UNREACHABLE` | allow   | `allow` (with a warning) or `deny` when the coordinator does not answer — for the hook and the git hooks |
 */
import { z } from 'zod';

export const GUARD_CONFIG_FILE = '.agent-coordinator.json';

export interface GuardConfig {
  readonly url: string | undefined;
  readonly autoLock: boolean;
  readonly leaseSeconds: number;
  readonly onUnreachable: 'allow' | 'deny';
}

const FileSchema = z.looseObject({
  url: z.url().optional(),
  autoLock: z.boolean().optional(),
  leaseSeconds: z.number().int().min(5).max(86_400).optional(),
  onUnreachable: z.enum(['allow', 'deny']).optional(),
});

export const DEFAULT_GUARD_CONFIG: GuardConfig = { url: undefined, autoLock: true, leaseSeconds: 120, onUnreachable: 'allow' };

/** The configuration from the file's text (null: no file) and the environment; problems become warnings, never failures. */
export function resolveGuardConfig(fileText: string | null, env: NodeJS.ProcessEnv): { config: GuardConfig; warnings: string[] } {
  const warnings: string[] = [];
  let file: z.infer<typeof FileSchema> = {};
  if (fileText !== null) {
    let json: unknown;
    try {
      json = JSON.parse(fileText);
    } catch {
      json = undefined;
    }
    const parsed = FileSchema.safeParse(json);
    if (parsed.success) file = parsed.data;
    else warnings.push(`${GUARD_CONFIG_FILE} is not valid (${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}); using the defaults`);
  }
  const flag = env['AGENT_COORDINATOR_AUTO_LOCK'];
  const lease = env['AGENT_COORDINATOR_LEASE_SECONDS'];
  const unreachable = env['AGENT_COORDINATOR_ON_UNREACHABLE'];
  let autoLock = file.autoLock ?? DEFAULT_GUARD_CONFIG.autoLock;
  if (flag !== undefined && flag !== '') {
    if (/^(1|true|yes|on)$/i.test(flag)) autoLock = true;
    else if (/^(0|false|no|off)$/i.test(flag)) autoLock = false;
    else warnings.push(`AGENT_COORDINATOR_AUTO_LOCK="${flag}" is neither 1 nor 0; ignored`);
  }
  let leaseSeconds = file.leaseSeconds ?? DEFAULT_GUARD_CONFIG.leaseSeconds;
  if (lease !== undefined && lease !== '') {
    const n = Number(lease);
    if (Number.isInteger(n) && n >= 5 && n <= 86_400) leaseSeconds = n;
    else warnings.push(`AGENT_COORDINATOR_LEASE_SECONDS="${lease}" is not a whole number of seconds from 5 to 86400; ignored`);
  }
  let onUnreachable = file.onUnreachable ?? DEFAULT_GUARD_CONFIG.onUnreachable;
  if (unreachable !== undefined && unreachable !== '') {
    if (unreachable === 'allow' || unreachable === 'deny') onUnreachable = unreachable;
    else warnings.push(`AGENT_COORDINATOR_ON_UNREACHABLE="${unreachable}" is neither allow nor deny; ignored`);
  }
  return { config: { url: file.url, autoLock, leaseSeconds, onUnreachable }, warnings };
}
