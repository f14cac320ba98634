/**
 * What Claude Code sends a PreToolUse / PostToolUse hook on stdin, and which files the tool call writes:
 * `Edit`, `Write` and `MultiEdit` name `tool_input.file_path`, `NotebookEdit` names
 * `tool_input.notebook_path`, and `Bash` writes what its `tool_input.command` writes (bash-writes.ts).
 * Every other tool writes nothing the hook checks.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { bashWrites, type BashWrite } from './bash-writes.ts';

export const ClaudeHookInputSchema = z.looseObject({
  session_id: z.string().optional(),
  cwd: z.string().optional(),
  hook_event_name: z.string().optional(),
  tool_name: z.string(),
  tool_input: z.record(z.string(), z.unknown()).default({}),
});
export type ClaudeHookInput = z.infer<typeof ClaudeHookInputSchema>;

export const FILE_TOOLS = ['Edit', 'Write', 'MultiEdit', 'NotebookEdit'] as const;

export interface WriteIntent {
  /** `Edit`, `Bash`, … */
  readonly tool: string;
  readonly writes: readonly BashWrite[];
  /** Writes of a Bash command that could not be resolved before it runs. */
  readonly skipped: readonly string[];
}

/** The files this tool call writes; null when the tool is not one that writes files. */
export function writeIntent(input: ClaudeHookInput, fallbackCwd: string): WriteIntent | null {
  const cwd = input.cwd && isAbsolute(input.cwd) ? input.cwd : fallbackCwd;
  const tool = input.tool_name;
  const field = (name: string): string | undefined => {
    const value = input.tool_input[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  if ((FILE_TOOLS as readonly string[]).includes(tool)) {
    const path = tool === 'NotebookEdit' ? (field('notebook_path') ?? field('file_path')) : field('file_path');
    return { tool, writes: path ? [{ path: resolve(cwd, path), via: tool }] : [], skipped: [] };
  }
  if (tool === 'Bash') {
    const command = field('command');
    if (!command) return { tool, writes: [], skipped: [] };
    const { writes, skipped } = bashWrites(command, cwd);
    return { tool, writes, skipped };
  }
  return null;
}

/** The agent a Claude Code session acts as when none is named: stable for the session, distinct between sessions. */
export function sessionAgentName(input: ClaudeHookInput): string {
  const id = (input.session_id ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  return id ? `claude-${id}` : 'claude-code';
}
