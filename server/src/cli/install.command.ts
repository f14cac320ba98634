/**
 * `agent-coordinator install claude`: the coordinator's MCP server into `.mcp.json` and the guard hooks
 * into `.claude/settings.json` at the repository root (shared/src/claude-config.ts: what is there is
 * kept, running again changes nothing), printing the diff of each file. `--dry-run` only prints it.
 *
 * `agent-coordinator install git-hooks`: `pre-commit`, `pre-push` and `post-commit` into the folder git
 * runs hooks from (`core.hooksPath` respected; every linked worktree shares it), inside existing shell
 * hooks rather than over them (guard/git-hook-script.ts).
 *
 * Both write commands that others run later, from files that are committed and may move, so they name
 * the CLI rather than point at this machine (`--command CMD` overrides): `agent-coordinator` when it is
 * installed on PATH (npm install -g); else, from the CLI package, `npx --yes agent-coordinator@<version>`
 * (npx takes the package from the repository's node_modules when it is there, else fetches that
 * version once). Only a checkout's TypeScript sources, which no command names, are run by absolute path
 * (this node and this main.ts), and the output says so. The git hooks look for the CLI when they run:
 * on PATH, then in the repository's node_modules/.bin (guard/git-hook-script.ts). `--url` is written
 * when the server is not the default.
 *
 * For a server with accounts, `install claude --project NAME` (or COORDINATOR_PROJECT) writes the project
 * into the `.mcp.json` entry (`X-Coordinator-Project`) and the hook commands (`--project`), and
 * `--with-token` (implied when COORDINATOR_TOKEN is set) writes `Authorization: Bearer
 * ${COORDINATOR_TOKEN}` — a reference Claude Code expands from its environment, never the token, so the
 * file can be committed. The hooks need nothing written: they inherit COORDINATOR_TOKEN from Claude Code.
 */
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLAUDE_HOOK_MARKERS,
  CLAUDE_PROMPT_HOOK_MARKER,
  ClaudeConfigError,
  GIT_HOOKS,
  PROJECT_ENV,
  ProjectNameSchema,
  TOKEN_ENV,
  mergeClaudeHooks,
  mergeMcpServers,
  parseInput,
  type JsonMerge,
} from '@agent-coordinator/shared';
import { parseArgs, UsageError } from './args.ts';
import { DEFAULT_URL } from './client.ts';
import { guardBlock, HookScriptError, mergeHookScript } from './guard/git-hook-script.ts';
import { hooksDirectory, worktreeTop } from './guard/git.ts';
import { lineDiff } from './guard/text-diff.ts';
import { PACKAGE } from './package-info.ts';

/** This checkout's CLI entry; meaningful only when running from the sources (PACKAGE undefined). */
const checkoutMain = (): string => fileURLToPath(new URL('./main.ts', import.meta.url));

export async function installCommand(argv: readonly string[]): Promise<void> {
  const [target, ...rest] = argv;
  if (target === 'claude') return installClaude(rest);
  if (target === 'git-hooks') return installGitHooks(rest);
  throw new UsageError('install: expected `claude` or `git-hooks`');
}

const readText = (path: string): Promise<string | null> => readFile(path, 'utf8').catch(() => null);

/** Installed on PATH for good — not merely on the PATH npm/npx gives the process running this (node_modules/.bin). */
async function onPath(name: string): Promise<boolean> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '' || /node_modules[\\/]\.bin|[\\/]_npx[\\/]/.test(dir)) continue;
    try {
      await access(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

const shellQuote = (text: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

interface CliInvocation {
  /** Shell words that run the CLI, followed by its arguments. */
  readonly command: string;
  /** Said after the diff when the command is not the plain `agent-coordinator`. */
  readonly note?: string;
}

const INSTALL_GLOBALLY = 'npm install -g agent-coordinator';

/** How a hook runs this CLI (see the module comment for the order and why). */
async function cliInvocation(override: string | undefined): Promise<CliInvocation> {
  if (override !== undefined) return { command: override };
  if (await onPath('agent-coordinator')) return { command: 'agent-coordinator' };
  if (PACKAGE !== undefined) {
    return {
      command: `npx --yes ${PACKAGE.name}@${PACKAGE.version}`,
      note: `agent-coordinator is not installed on PATH: the hooks run it through npx, from the repository's node_modules or fetched once (${INSTALL_GLOBALLY} makes them start faster; then run install again).`,
    };
  }
  return {
    command: `${shellQuote(process.execPath)} ${shellQuote(checkoutMain())}`,
    note: `The hooks run this checkout's CLI by its absolute path: they break when it moves. Install the CLI package (npm run package here, then npm install -g ./dist/agent-coordinator-*.tgz) and run install again for hooks that move with the repository.`,
  };
}

async function repositoryRoot(dir: string | undefined): Promise<string> {
  const start = dir ?? process.cwd();
  return (await worktreeTop(start)) ?? start;
}

async function installClaude(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, { values: ['url', 'dir', 'command', 'project'], booleans: ['dry-run', 'with-token'] });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0] ?? ''}"`);
  const root = await repositoryRoot(args.values.get('dir'));
  const url = (args.values.get('url') ?? process.env['AGENT_COORDINATOR_URL'] ?? DEFAULT_URL).replace(/\/+$/, '');
  const cli = await cliInvocation(args.values.get('command'));
  const projectName = args.values.get('project') || process.env[PROJECT_ENV] || undefined;
  const project = projectName === undefined ? undefined : parseInput('install_claude', ProjectNameSchema, projectName);
  const withToken = args.booleans.has('with-token') || Boolean(process.env[TOKEN_ENV]);
  const flags = `${url === DEFAULT_URL ? '' : ` --url ${shellQuote(url)}`}${project === undefined ? '' : ` --project ${shellQuote(project)}`}`;
  const files: { path: string; merge: (text: string | null) => JsonMerge }[] = [
    { path: join(root, '.mcp.json'), merge: (text) => mergeMcpServers(text, url, { auth: { token: withToken, project } }) },
    {
      path: join(root, '.claude', 'settings.json'),
      merge: (text) =>
        mergeClaudeHooks(text, {
          preToolUse: `${cli.command} ${CLAUDE_HOOK_MARKERS.PreToolUse}${flags}`,
          postToolUse: `${cli.command} ${CLAUDE_HOOK_MARKERS.PostToolUse}${flags}`,
          userPromptSubmit: `${cli.command} ${CLAUDE_PROMPT_HOOK_MARKER}${flags}`,
          timeoutSeconds: 15,
        }),
    },
  ];
  const out: string[] = [];
  for (const file of files) {
    const before = await readText(file.path);
    let merged: JsonMerge;
    try {
      merged = file.merge(before);
    } catch (error) {
      if (error instanceof ClaudeConfigError) throw new UsageError(error.message);
      throw error;
    }
    out.push(...merged.summary);
    if (!merged.changed) continue;
    out.push(`--- ${relative(root, file.path)}${before === null ? ' (new file)' : ''}`, lineDiff(before ?? '', merged.text));
    if (!args.booleans.has('dry-run')) {
      await mkdir(dirname(file.path), { recursive: true });
      await writeFile(file.path, merged.text);
    }
  }
  out.push(
    args.booleans.has('dry-run') ? '(dry run: nothing written)' : `Claude Code in ${root} now talks to ${url}/mcp and checks every file write with the coordinator.`,
    ...(cli.note === undefined ? [] : [cli.note]),
    'Each session acts as AGENT_COORDINATOR_AGENT when set (give register_agent the same name), else as the agent of an agent token in COORDINATOR_TOKEN, else as claude-<session id>.',
    ...(withToken
      ? [`Claude Code sends the token in ${TOKEN_ENV}: set it where you start claude (\`agent-coordinator issue-agent-token NAME kind=claude-code\` prints one); .mcp.json holds only the reference.`]
      : []),
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

async function installGitHooks(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, { values: ['dir'], booleans: ['dry-run'] });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0] ?? ''}"`);
  const top = await worktreeTop(args.values.get('dir') ?? process.cwd());
  if (!top) throw new UsageError('install git-hooks: not inside a git repository (run it in the repository, or pass --dir)');
  const hooks = await hooksDirectory(top);
  const out: string[] = [];
  for (const hook of GIT_HOOKS) {
    const path = join(hooks, hook);
    const before = await readText(path);
    let merged;
    try {
      // From the package the block finds the CLI when it runs; a checkout's sources are pointed at as well.
      merged = mergeHookScript(before, guardBlock(hook, PACKAGE === undefined ? { node: process.execPath, cli: checkoutMain() } : undefined), path);
    } catch (error) {
      if (error instanceof HookScriptError) throw new UsageError(error.message);
      throw error;
    }
    out.push(`${path}: ${merged.change === 'inserted' ? 'the guard was added to the existing hook' : merged.change}`);
    if (merged.change === 'unchanged' || args.booleans.has('dry-run')) continue;
    await mkdir(hooks, { recursive: true });
    await writeFile(path, merged.text);
    await chmod(path, 0o755);
  }
  out.push(
    args.booleans.has('dry-run') ? '(dry run: nothing written)' : `Commits and pushes in every worktree of ${top} are now checked against the coordinator's locks.`,
    'Bypass deliberately (recorded): AGENT_COORDINATOR_BYPASS=1 git commit …; commits made with --no-verify are still reported after the fact.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
