/**
 * The git hooks the guard installs: a marked block of POSIX shell that runs `agent-coordinator hook
 * git-<name>`, placed in a new hook file or right after the shebang of an existing shell hook (its own
 * commands keep running after ours), and replaced in place when installed again. The block finds the CLI
 * when it runs: the checkout it was installed from (only when installed from a checkout's sources), else
 * `agent-coordinator` on PATH, else the repository's own node_modules/.bin (git runs hooks at the top of
 * the worktree); without it the commit is not held up. Nothing else of this machine is written, so the
 * hooks keep working when the repository moves.
 */
import type { GitHook } from '@agent-coordinator/shared';

export const BLOCK_BEGIN = '# >>> agent-coordinator guard >>>';
export const BLOCK_END = '# <<< agent-coordinator guard <<<';

/** A checkout's CLI, tried first: installed from the sources, which no command on PATH names. */
export interface GuardRunner {
  /** Absolute path of the node binary and of the CLI's main.ts, as installed; PATH's `agent-coordinator` is the fallback. */
  readonly node: string;
  readonly cli: string;
}

export class HookScriptError extends Error {
  override readonly name = 'HookScriptError';
}

const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** The block for `hook`; `checkout` when installed from a checkout's sources rather than the CLI package. */
export function guardBlock(hook: GitHook, checkout?: GuardRunner): string {
  const local = 'node_modules/.bin/agent-coordinator';
  const lines = [
    BLOCK_BEGIN,
    `# Installed by \`agent-coordinator install git-hooks\`: ${describe(hook)}`,
    '# A deliberate bypass is recorded: AGENT_COORDINATOR_BYPASS=1 git commit|push …',
    'ac_guard() {',
    ...(checkout === undefined ? [] : [`  if [ -x ${quote(checkout.node)} ] && [ -f ${quote(checkout.cli)} ]; then ${quote(checkout.node)} ${quote(checkout.cli)} "$@"`]),
    `  ${checkout === undefined ? 'if' : 'elif'} command -v agent-coordinator >/dev/null 2>&1; then agent-coordinator "$@"`,
    `  elif [ -x ${local} ]; then ${local} "$@"`,
    `  else echo "agent-coordinator: CLI not found; ${hook} not checked (npm install -g agent-coordinator, or add it to this repository's devDependencies)" >&2; fi`,
    '}',
  ];
  if (hook === 'pre-commit') lines.push('ac_guard hook git-pre-commit || exit $?');
  if (hook === 'post-commit') lines.push('ac_guard hook git-post-commit || true');
  if (hook === 'pre-push') {
    // git gives pre-push the refs on stdin: read them once, and hand them on to whatever follows the block.
    lines.push('ac_refs=$(cat)', 'printf \'%s\\n\' "$ac_refs" | ac_guard hook git-pre-push "$@" || exit $?', 'exec 0<<ac_guard_refs_end', '$ac_refs', 'ac_guard_refs_end');
  }
  lines.push(BLOCK_END);
  return lines.join('\n');
}

function describe(hook: GitHook): string {
  if (hook === 'pre-commit') return 'refuses a commit touching files another agent holds.';
  if (hook === 'pre-push') return 'refuses a push of commits touching files another agent holds.';
  return 'reports commits that touched files others hold (what --no-verify lets through).';
}

export interface HookMerge {
  readonly text: string;
  readonly change: 'created' | 'inserted' | 'updated' | 'unchanged';
}

/** Puts the block into the hook's text (null: no hook yet). Throws HookScriptError for a hook that is not a shell script. */
export function mergeHookScript(existing: string | null, block: string, hookPath: string): HookMerge {
  if (existing === null || existing.trim() === '') return { text: `#!/bin/sh\n${block}\n`, change: 'created' };
  const begin = existing.indexOf(BLOCK_BEGIN);
  const end = existing.indexOf(BLOCK_END);
  if (begin >= 0 && end > begin) {
    const text = existing.slice(0, begin) + block + existing.slice(end + BLOCK_END.length);
    return { text, change: text === existing ? 'unchanged' : 'updated' };
  }
  const [first = ''] = existing.split('\n', 1);
  if (!first.startsWith('#!')) return { text: `${block}\n${existing}`, change: 'inserted' };
  if (!/^#!\s*(\/usr\/bin\/env\s+)?(\/\S*\/)?(sh|bash|dash|zsh|ksh)\b/.test(first)) {
    throw new HookScriptError(
      `${hookPath} already exists and is not a shell script (${first}); add a call to the guard to it yourself — ` +
        `it must run \`agent-coordinator hook git-${hookPath.split(/[\\/]/).at(-1) ?? ''}\` and fail when that fails`,
    );
  }
  return { text: `${first}\n${block}\n${existing.slice(first.length + 1)}`, change: 'inserted' };
}
