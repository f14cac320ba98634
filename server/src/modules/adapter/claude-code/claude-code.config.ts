/**
 * How the `claude-code` adapter runs the CLI: which executable, the permission mode, the tools allowed
 * without asking, the model and a spending cap. Read from the server's environment (`AC_CLAUDE_*`), so
 * the adapter needs no file; the defaults let an agent edit files in its workspace and use every
 * coordinator tool, and nothing else that would prompt (headless runs have nobody to answer).
 */
import { z } from 'zod';
import { CLAUDE_MCP_SERVER_NAME } from '@agent-coordinator/shared';
import { parseEnvConfig } from '../env-config.ts';

export const CLAUDE_PERMISSION_MODES = ['acceptEdits', 'auto', 'bypassPermissions', 'manual', 'dontAsk', 'plan'] as const;

/** Claude Code names MCP tools `mcp__<server>__<tool>`; the bare prefix allows all of that server's tools. */
export const COORDINATOR_TOOLS_RULE = `mcp__${CLAUDE_MCP_SERVER_NAME}`;

export const ClaudeCodeConfigSchema = z.strictObject({
  /** A name looked up on PATH, or a path. */
  executable: z.string().min(1).default('claude'),
  permission_mode: z.enum(CLAUDE_PERMISSION_MODES, { error: `expected one of ${CLAUDE_PERMISSION_MODES.join(', ')}` }).default('acceptEdits'),
  /** `--allowedTools` rules; the coordinator's tools are always added. */
  allowed_tools: z.array(z.string().min(1)).default([]),
  model: z.string().min(1).optional(),
  /** `--max-budget-usd`: the CLI stops spending past it. */
  max_budget_usd: z.number().positive().optional(),
  /** Appended as is, e.g. `--bare`. */
  extra_args: z.array(z.string()).default([]),
});
export type ClaudeCodeConfig = z.output<typeof ClaudeCodeConfigSchema>;
export type ClaudeCodeConfigInput = z.input<typeof ClaudeCodeConfigSchema>;

const list = (value: string | undefined): string[] | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.split(/[\s,]+/).filter((item) => item !== '');

/**
 * The configuration from `AC_CLAUDE_EXECUTABLE`, `AC_CLAUDE_PERMISSION_MODE`, `AC_CLAUDE_ALLOWED_TOOLS`
 * (comma or space separated), `AC_CLAUDE_MODEL`, `AC_CLAUDE_MAX_BUDGET_USD`, `AC_CLAUDE_EXTRA_ARGS`
 * (space separated). Throws a VALIDATION error naming the variable when one is malformed.
 */
export const claudeCodeConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): ClaudeCodeConfig => {
  const budget = env['AC_CLAUDE_MAX_BUDGET_USD'];
  return parseEnvConfig(ClaudeCodeConfigSchema, {
    executable: { variable: 'AC_CLAUDE_EXECUTABLE', value: env['AC_CLAUDE_EXECUTABLE'] || undefined },
    permission_mode: { variable: 'AC_CLAUDE_PERMISSION_MODE', value: env['AC_CLAUDE_PERMISSION_MODE'] || undefined },
    allowed_tools: { variable: 'AC_CLAUDE_ALLOWED_TOOLS', value: list(env['AC_CLAUDE_ALLOWED_TOOLS']) },
    model: { variable: 'AC_CLAUDE_MODEL', value: env['AC_CLAUDE_MODEL'] || undefined },
    max_budget_usd: { variable: 'AC_CLAUDE_MAX_BUDGET_USD', value: budget ? Number(budget) : undefined },
    extra_args: { variable: 'AC_CLAUDE_EXTRA_ARGS', value: list(env['AC_CLAUDE_EXTRA_ARGS']) },
  });
};
