/**
 * The name the human is registered under: the setting, else `git config user.name`, else the OS user.
 * Agent names may not contain slashes and are at most 100 characters (see the shared AgentNameSchema).
 */
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';

export function sanitizeAgentName(raw: string): string {
  const cleaned = raw.replace(/[/\\]/g, '-').replace(/\s+/g, ' ').trim().slice(0, 100).trim();
  return cleaned;
}

export function chooseUserName(candidates: readonly (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    const name = sanitizeAgentName(candidate ?? '');
    if (name !== '') return name;
  }
  return 'vscode-user';
}

export function gitUserName(cwd: string | undefined, timeoutMs = 2_000): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
      resolve(error ? null : stdout.trim() || null);
    });
  });
}

export function osUserName(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

export async function resolveUserName(setting: string, cwd: string | undefined): Promise<string> {
  if (sanitizeAgentName(setting) !== '') return sanitizeAgentName(setting);
  return chooseUserName([await gitUserName(cwd), osUserName(), process.env['USER'], process.env['USERNAME']]);
}
