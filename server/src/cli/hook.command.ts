/**
 * `agent-coordinator hook KIND`: what Claude Code and git run at the moments damage happens.
 *
 * - `claude-pre-tool` (PreToolUse): reads Claude Code's JSON on stdin; for a call that writes files in
 *   this repository (guard/claude-hook-input.ts) asks the coordinator (`verify_write`). Another
 *   agent's exclusive lock, or a change by another agent since this one last saw the file → exit 2 with
 *   the reason on stderr, which Claude Code hands to the agent. Otherwise exit 0, the free files locked
 *   for this agent for a short lease (unless autoLock is off). The coordinator not answering → exit 0
 *   with a warning, or exit 2 when `onUnreachable` is `deny` (guard/guard-config.ts).
 * - `claude-post-tool` (PostToolUse): reports what the write left (`report_write`), so another
 *   agent about to overwrite it unseen is told. Never fails the tool call.
 *   Then, like `claude-prompt` (UserPromptSubmit), prints the agent's unread notifications as Claude
 *   Code's `additionalContext` and marks them read (docs/notifications.md).
 * - `git-pre-commit`, `git-pre-push`: refuse (exit 1) when the commit or push touches files another
 *   agent holds exclusively, listing each; `AGENT_COORDINATOR_BYPASS=1` lets it through and records it.
 * - `git-post-commit`: reports the commit (`report_commit`); one that touched others' files is
 *   recorded — the trace `--no-verify` cannot avoid.
 *
 * The agent is `--agent NAME` or AGENT_COORDINATOR_AGENT, else the agent of an agent token in
 * COORDINATOR_TOKEN (or `--token`); for Claude Code without any of these, one per session
 * (`claude-<session id>`), registered on first use (owned by the logged-in human when the token is a
 * login). Git hooks without any commit as nobody: every agent's lock counts. Every call presents the
 * token and project the other commands do (credentials.ts): COORDINATOR_TOKEN / the saved login, and
 * `--project` (which `install claude --project` writes into the hook command) / COORDINATOR_PROJECT.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMMIT_PATHS_MAX, CoordinatorError, type CheckCommitResult, type LockConflict } from '@agent-coordinator/shared';
import { z } from 'zod';
import { noExtra, UsageError } from './args.ts';
import { inboxContext } from './inbox-context.ts';
import { parseCommand, type Session } from './client.ts';
import { ClaudeHookInputSchema, sessionAgentName, writeIntent, type ClaudeHookInput } from './guard/claude-hook-input.ts';
import { GUARD_CONFIG_FILE, resolveGuardConfig, type GuardConfig } from './guard/guard-config.ts';
import { commitPaths, gitUserName, pushedPaths, rootCommit, runGit, stagedPaths, worktreeTop } from './guard/git.ts';
import { bypassNotice, commitRefusal, commitTouchedNotice, writeRefusal } from './guard/messages.ts';
import { hashFiles, resolveTargets } from './guard/repo-files.ts';

/** A hook must never hold the user's agent up for long. */
const CALL_TIMEOUT_MS = 5_000;
const MAX_INPUT_BYTES = 8 * 1024 * 1024;

type Hook = (argv: readonly string[]) => Promise<number>;

const HOOKS: Readonly<Record<string, Hook>> = {
  'claude-pre-tool': claudePreTool,
  'claude-post-tool': claudePostTool,
  'claude-prompt': claudePrompt,
  'git-pre-commit': (argv) => gitCommitGate(argv, 'pre-commit'),
  'git-pre-push': (argv) => gitCommitGate(argv, 'pre-push'),
  'git-post-commit': gitPostCommit,
};

export const HOOK_KINDS = Object.keys(HOOKS);

export async function hookCommand(argv: readonly string[]): Promise<number> {
  const [kind, ...rest] = argv;
  const hook = HOOKS[kind ?? ''];
  if (!hook) throw new UsageError(`hook: expected one of ${HOOK_KINDS.join(', ')}`);
  return hook(rest);
}

interface GuardContext {
  readonly config: GuardConfig;
  readonly session: Session;
  readonly agent: string | undefined;
}

/**
 * Configuration (repository file, then environment), the server session and the agent, for the repository
 * at `top`. `gitArguments` is how many positionals git itself passes the hook (pre-push: the remote's name
 * and URL); any more is a usage error.
 */
async function guardContext(argv: readonly string[], top: string, defaultAgent?: string, gitArguments = 0): Promise<GuardContext> {
  const text = await readFile(join(top, GUARD_CONFIG_FILE), 'utf8').catch(() => null);
  const { config, warnings } = resolveGuardConfig(text, process.env);
  for (const warning of warnings) process.stderr.write(`agent-coordinator: ${warning}\n`);
  const env = { ...process.env };
  if (!env['AGENT_COORDINATOR_URL'] && config.url) env['AGENT_COORDINATOR_URL'] = config.url;
  const { args, session } = parseCommand(argv, { asAgent: true }, env);
  noExtra(args.positionals, gitArguments);
  const named = args.values.get('agent') ?? env['AGENT_COORDINATOR_AGENT'];
  if (named !== undefined && named !== '') return { config, session, agent: named };
  // An agent token acts only as its own agent; whether it is one is the server's to say. Not answering
  // here is handled where the hook's real call fails the same way.
  const fromToken = await session.tokenAgent(timeout()).catch(() => null);
  return { config, session, agent: fromToken ?? defaultAgent };
}

const timeout = (): { signal: AbortSignal } => ({ signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });

/** No answer at all (refused, timed out, not a coordinator), as opposed to an answer that says no. */
const unreachable = (error: unknown): boolean => !(error instanceof CoordinatorError) || error.code === 'UNAVAILABLE';

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Exit 0 with a warning the user sees (Claude Code shows `systemMessage`) and stderr for everyone else. */
function allowWithWarning(message: string): number {
  process.stdout.write(`${JSON.stringify({ systemMessage: message })}\n`);
  process.stderr.write(`${message}\n`);
  return 0;
}

async function readHookInput(): Promise<ClaudeHookInput | null> {
  const parsed = ClaudeHookInputSchema.safeParse(await readRawHookInput());
  return parsed.success ? parsed.data : null;
}

async function readRawHookInput(): Promise<unknown> {
  if (process.stdin.isTTY) throw new UsageError('hook claude-*: reads the JSON Claude Code sends on stdin; it is run by Claude Code, not by hand');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) break;
    chunks.push(buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    json = undefined;
  }
  return json;
}

async function claudePreTool(argv: readonly string[]): Promise<number> {
  const input = await readHookInput();
  if (!input) return allowWithWarning('agent-coordinator: the hook did not receive the tool call as JSON; the write was not checked');
  const cwd = input.cwd ?? process.cwd();
  const intent = writeIntent(input, cwd);
  if (!intent || intent.writes.length === 0) return 0;
  const scope = await resolveTargets(intent.writes, cwd);
  if (!scope) return 0;
  const { config, session, agent } = await guardContext(argv, scope.top, sessionAgentName(input));
  const hashes = await hashFiles(scope.targets);
  try {
    const result = await session.call((c) =>
      c.verify_write.mutate(
        {
          agent_id: agent,
          register_kind: 'claude-code',
          paths: scope.targets.map((t) => t.path),
          content_hashes: hashes,
          auto_lock: config.autoLock,
          lease_seconds: config.leaseSeconds,
          tool: intent.tool,
          ...(scope.rootCommit ? { repository: { root_commit: scope.rootCommit } } : {}),
        },
        timeout(),
      ),
    );
    if (result.allowed) return 0;
    process.stderr.write(`${writeRefusal(result, intent.tool)}\n`);
    return 2;
  } catch (error) {
    if (!unreachable(error)) return allowWithWarning(`agent-coordinator: the write was not checked — ${reason(error)}`);
    if (config.onUnreachable === 'deny') {
      process.stderr.write(
        `agent-coordinator: ${intent.tool} stopped — the coordinator at ${session.url} does not answer (${reason(error)}), and this repository is set to deny writes then (onUnreachable: deny). ` +
          'Ask the user to start it (`agent-coordinator serve`); do not write these files another way meanwhile.\n',
      );
      return 2;
    }
    return allowWithWarning(`agent-coordinator: the coordinator at ${session.url} does not answer (${reason(error)}); the write was allowed without checking locks`);
  }
}

async function claudePostTool(argv: readonly string[]): Promise<number> {
  const raw = await readRawHookInput();
  const parsed = ClaudeHookInputSchema.safeParse(raw);
  if (parsed.success) await reportWrite(argv, parsed.data);
  await deliverInbox(argv, raw, 'PostToolUse');
  return 0;
}

/** UserPromptSubmit: before the agent reads the user's prompt, its unread notifications join the context. */
async function claudePrompt(argv: readonly string[]): Promise<number> {
  await deliverInbox(argv, await readRawHookInput(), 'UserPromptSubmit');
  return 0;
}

const HookSessionSchema = z.looseObject({ session_id: z.string().optional(), cwd: z.string().optional() });

/**
 * Unread notifications as Claude Code's `additionalContext` for the agent (marked read: the agent has
 * been told). Silent when there are none, when the agent is not registered yet, or the server is away:
 * the hook never holds the agent up.
 */
async function deliverInbox(argv: readonly string[], raw: unknown, hookEventName: 'PostToolUse' | 'UserPromptSubmit'): Promise<void> {
  const input = HookSessionSchema.safeParse(raw);
  const hook = input.success ? input.data : {};
  const cwd = hook.cwd ?? process.cwd();
  const top = (await worktreeTop(cwd).catch(() => null)) ?? cwd;
  const defaultAgent = hook.session_id ? sessionAgentName({ session_id: hook.session_id, tool_name: '', tool_input: {} }) : undefined;
  try {
    const { session, agent } = await guardContext(argv, top, defaultAgent);
    if (agent === undefined) return;
    const result = await session.call((c) => c.get_notifications.mutate({ agent_id: agent, limit: 10 }, timeout()));
    if (result.notifications.length === 0) return;
    const additionalContext = inboxContext(result.notifications, result.unread_left);
    process.stdout.write(`${JSON.stringify({ hookSpecificOutput: { hookEventName, additionalContext } })}\n`);
  } catch {
    // Not registered, not reachable: nothing to say.
  }
}

async function reportWrite(argv: readonly string[], input: ClaudeHookInput): Promise<void> {
  const cwd = input.cwd ?? process.cwd();
  const intent = writeIntent(input, cwd);
  if (!intent || intent.writes.length === 0) return;
  const scope = await resolveTargets(intent.writes, cwd);
  if (!scope) return;
  const hashes = await hashFiles(scope.targets);
  if (Object.keys(hashes).length === 0) return;
  const { session, agent } = await guardContext(argv, scope.top, sessionAgentName(input));
  try {
    await session.call((c) =>
      c.report_write.mutate(
        { agent_id: agent, content_hashes: hashes, ...(scope.rootCommit ? { repository: { root_commit: scope.rootCommit } } : {}) },
        timeout(),
      ),
    );
  } catch (error) {
    process.stderr.write(`agent-coordinator: the write was not reported (${reason(error)})\n`);
  }
}

async function readAllStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

async function gitTop(): Promise<string> {
  const top = await worktreeTop(process.cwd());
  if (!top) throw new UsageError('hook git-*: run by git inside a repository');
  return top;
}

const bypassing = (): boolean => /^(1|true|yes)$/i.test(process.env['AGENT_COORDINATOR_BYPASS'] ?? '');

async function gitCommitGate(argv: readonly string[], hook: 'pre-commit' | 'pre-push'): Promise<number> {
  const top = await gitTop();
  const paths = hook === 'pre-commit' ? await stagedPaths(top) : await pushedPaths(top, await readAllStdin());
  if (paths.length === 0) return 0;
  const { config, session, agent } = await guardContext(argv, top, undefined, hook === 'pre-push' ? 2 : 0);
  const [root, user] = await Promise.all([rootCommit(top), gitUserName(top)]);
  const bypass = bypassing();
  let result: CheckCommitResult = { blocked: [], bypassed: false };
  try {
    for (let i = 0; i < paths.length; i += COMMIT_PATHS_MAX) {
      const part = await session.call((c) =>
        c.check_commit.mutate(
          { hook, paths: paths.slice(i, i + COMMIT_PATHS_MAX), bypass, ...(agent ? { agent_id: agent } : {}), ...(user ? { git_user: user } : {}), ...(root ? { repository: { root_commit: root } } : {}) },
          timeout(),
        ),
      );
      result = { blocked: [...result.blocked, ...part.blocked], bypassed: result.bypassed || part.bypassed };
    }
  } catch (error) {
    if (unreachable(error) && config.onUnreachable === 'deny' && !bypass) {
      process.stderr.write(`agent-coordinator: ${hook} refused — the coordinator at ${session.url} does not answer (${reason(error)}) and onUnreachable is deny; start it, or bypass deliberately: AGENT_COORDINATOR_BYPASS=1\n`);
      return 1;
    }
    process.stderr.write(`agent-coordinator: ${hook} not checked — ${reason(error)}\n`);
    return 0;
  }
  if (result.blocked.length === 0) return 0;
  if (result.bypassed) {
    process.stderr.write(`${bypassNotice(result.blocked, hook)}\n`);
    return 0;
  }
  process.stderr.write(`${commitRefusal(result.blocked, { hook })}\n`);
  return 1;
}

async function gitPostCommit(argv: readonly string[]): Promise<number> {
  const top = await gitTop();
  const head = (await runGit(['rev-parse', 'HEAD'], top)).stdout.trim();
  if (!/^[0-9a-f]{40,64}$/.test(head)) return 0;
  const paths = await commitPaths(top, head);
  if (paths.length === 0) return 0;
  const { session, agent } = await guardContext(argv, top);
  const [root, user] = await Promise.all([rootCommit(top), gitUserName(top)]);
  try {
    const touched: LockConflict[] = [];
    for (let i = 0; i < paths.length; i += COMMIT_PATHS_MAX) {
      const part = await session.call((c) =>
        c.report_commit.mutate(
          { commit: head, paths: paths.slice(i, i + COMMIT_PATHS_MAX), ...(agent ? { agent_id: agent } : {}), ...(user ? { git_user: user } : {}), ...(root ? { repository: { root_commit: root } } : {}) },
          timeout(),
        ),
      );
      touched.push(...part.touched);
    }
    if (touched.length > 0) process.stderr.write(`${commitTouchedNotice(touched, head)}\n`);
  } catch (error) {
    process.stderr.write(`agent-coordinator: commit ${head.slice(0, 12)} not reported — ${reason(error)}\n`);
  }
  return 0;
}
