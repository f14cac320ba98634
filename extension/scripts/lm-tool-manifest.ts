/**
 * The manifest's `contributes.languageModelTools`, generated from the shared tool catalogue so names,
 * descriptions and input schemas are declared once. The extension fills `agent_id` itself (the tools act
 * as the window's Copilot agent), so it is not part of the schemas the model sees. The schemas are compacted
 * as the MCP listing's are (shared compact-schema.ts): Copilot pays for them on every turn too.
 */
import { z } from 'zod';
import { TOOLS, compactSchema } from '@agent-coordinator/shared';
import { LM_TOOL_NAMES, type LmToolName } from '../src/common/lm-tools.ts';

const ICONS: Readonly<Record<LmToolName, string>> = {
  get_next_task: '$(tasklist)',
  lock_files: '$(lock)',
  check_files: '$(search)',
  release_files: '$(unlock)',
  complete_task: '$(check)',
};

const USER_DESCRIPTIONS: Readonly<Record<LmToolName, string>> = {
  get_next_task: 'Claim the next task from the Agent Coordinator and lock its files',
  lock_files: 'Lock files on the Agent Coordinator before editing them',
  check_files: 'See who holds files on the Agent Coordinator',
  release_files: 'Release file locks on the Agent Coordinator',
  complete_task: 'Mark a task done on the Agent Coordinator',
};

export interface LanguageModelToolContribution {
  readonly name: string;
  readonly displayName: string;
  readonly toolReferenceName: string;
  readonly canBeReferencedInPrompt: boolean;
  readonly icon: string;
  readonly userDescription: string;
  readonly modelDescription: string;
  readonly tags: readonly string[];
  readonly inputSchema: Record<string, unknown>;
}

const HIDDEN: readonly string[] = ['agent_id', 'force'];

function inputSchema(name: LmToolName): Record<string, unknown> {
  const rest = compactSchema(z.toJSONSchema(TOOLS[name].input, { io: 'input', unrepresentable: 'any' }));
  const properties = { ...(rest['properties'] as Record<string, unknown> | undefined) };
  // Copilot acts only as itself: it neither names an agent nor forces (a human's take-over, audited).
  for (const hidden of HIDDEN) delete properties[hidden];
  const required = Array.isArray(rest['required']) ? (rest['required'] as string[]).filter((r) => !HIDDEN.includes(r)) : [];
  return { ...rest, type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

export function languageModelTools(): LanguageModelToolContribution[] {
  return LM_TOOL_NAMES.map((name) => ({
    name,
    displayName: TOOLS[name].title,
    toolReferenceName: name,
    canBeReferencedInPrompt: true,
    icon: ICONS[name],
    userDescription: USER_DESCRIPTIONS[name],
    modelDescription: `${TOOLS[name].description} Acts as your Copilot agent on the AgentCoordinator server.`,
    tags: ['agent-coordinator'],
    inputSchema: inputSchema(name),
  }));
}
