/**
 * A throwaway git repository for run tests: two committed files and an adapters file whose `command`
 * adapters run real shell scripts — `edit` (appends to src/a.txt, exit 0), `fail` (30 lines, exit 1),
 * `slow` and `single` (ignore SIGINT, keep a grandchild; `single` limited to one run at a time).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

export function makeRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'ac-runs-repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'src'));
  writeFileSync(join(repo, 'src', 'a.txt'), 'a\n');
  writeFileSync(join(repo, 'src', 'b.txt'), 'b\n');
  const scripts = join(repo, '.agent-coordinator');
  mkdirSync(scripts);
  const script = (name: string, body: string): string => {
    const path = join(scripts, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const edit = script('edit.sh', 'echo "editing $1 as $AGENT_COORDINATOR_AGENT in $(pwd)"\necho "changed by $AGENT_COORDINATOR_AGENT" >> src/a.txt\nexit 0');
  const fail = script('fail.sh', 'for i in $(seq 1 30); do echo "working $i"; done\necho "fatal: could not build" >&2\nexit 1');
  const slow = script('slow.sh', "trap '' INT\nsleep 300 &\necho \"started $$\"\nwait");
  writeFileSync(
    join(scripts, 'adapters.json'),
    JSON.stringify({
      commands: {
        edit: { command: [edit, '{task}'] },
        fail: { command: [fail] },
        slow: { command: [slow] },
        single: { command: [slow] },
      },
      max_concurrent: { 'command:single': 1 },
    }),
  );
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'initial');
  return repo;
}
