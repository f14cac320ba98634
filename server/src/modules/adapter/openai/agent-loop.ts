/**
 * The `openai` adapter's agent loop: ask the model, run the tools it calls (the coordinator's core tools
 * over MCP, and the workspace file tools), give it the answers, repeat — until it answers without calling
 * a tool (succeeded; the task's fate is what the agent did with complete_task / update_task), or a bound
 * is hit: turns, total tokens, or the run's time limit (failed, saying which), or the run is cancelled.
 * Each answer's `usage` becomes a usage event, each tool call a tool_use event, each write files_touched.
 */
import { boundRunText, type RunEvent, type RunOutcome } from '@agent-coordinator/shared';
import type { RunSpec } from '../agent-adapter.ts';
import type { ChatCompletionsClient, ChatMessage, ToolCall, ToolDefinition } from './chat-completions.client.ts';
import type { CoordinatorTools } from './coordinator-tools.ts';
import type { OpenAiConfig } from './openai.config.ts';
import type { WorkspaceFiles } from './workspace-files.ts';

export const FILE_TOOLS: readonly ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a text file of the workspace (path relative to it).',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'list_files',
      description: 'List the files under a folder of the workspace ("" for all of it), recursively.',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'write_file',
      description: 'Write a whole text file of the workspace (path relative to it), creating folders. Lock it with lock_files first.',
      parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'], additionalProperties: false },
    },
  },
];

export const systemPrompt = (spec: RunSpec): string =>
  [
    `You are ${spec.coordinator.agentName}, a coding agent run by AgentCoordinator on task ${spec.task.key}, which is already claimed for you.`,
    `Your workspace is a repository checkout; file paths are relative to it. Lock files with lock_files (task_id "${spec.task.key}") before you write them.`,
    `When the work is done call complete_task with task_id "${spec.task.key}" and a short summary; if you cannot do it, call update_task with status "failed" and a progress_note saying why. Then answer without calling tools.`,
  ].join('\n');

export interface LoopParts {
  readonly spec: RunSpec;
  readonly config: OpenAiConfig;
  readonly chat: ChatCompletionsClient;
  readonly coordinator: CoordinatorTools;
  readonly files: WorkspaceFiles;
  readonly signal: AbortSignal;
  readonly emit: (event: RunEvent) => void;
}

const parseArguments = (call: ToolCall): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(call.function.arguments === '' ? '{}' : call.function.arguments);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the arguments must be a JSON object');
  return { ...parsed };
};

const text = (value: unknown, field: string, tool: string): string => {
  if (typeof value !== 'string') throw new Error(`${tool}: "${field}" must be a string`);
  return value;
};

/** Runs one tool call; the answer (or the refusal) goes back to the model as the tool message's text. */
const runTool = async (parts: LoopParts, call: ToolCall): Promise<string> => {
  const name = call.function.name;
  parts.emit({ kind: 'tool_use', name });
  try {
    const args = parseArguments(call);
    switch (name) {
      case 'read_file':
        return await parts.files.read(text(args['path'], 'path', name));
      case 'list_files':
        return (await parts.files.list(typeof args['path'] === 'string' ? args['path'] : '')).join('\n') || '(no files)';
      case 'write_file': {
        const written = await parts.files.write(text(args['path'], 'path', name), text(args['content'], 'content', name));
        parts.emit({ kind: 'files_touched', paths: [written] });
        return `wrote ${written}`;
      }
      default: {
        if (!parts.coordinator.has(name)) return `ERROR: there is no tool named ${name}; use one of the tools you were given`;
        const answer = await parts.coordinator.call(name, args);
        return answer.ok ? answer.text : `ERROR: ${answer.text}`;
      }
    }
  } catch (error) {
    if (parts.signal.aborted) throw error;
    return `ERROR: ${error instanceof Error ? error.message : String(error)}`;
  }
};

/** The loop itself; resolves with the outcome (cancellation is decided by the caller from the signal). */
export const runAgentLoop = async (parts: LoopParts): Promise<RunOutcome> => {
  const { spec, config } = parts;
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(spec) },
    { role: 'user', content: spec.prompt },
  ];
  const tools = [...parts.coordinator.definitions, ...FILE_TOOLS];
  const maxTurns = Math.min(config.max_turns, spec.limits.maxTurns ?? config.max_turns);
  let tokens = 0;
  let last = '';
  for (let turn = 1; turn <= maxTurns; turn++) {
    const answer = await parts.chat.chat({ model: config.model, messages, tools, tool_choice: 'auto', max_tokens: config.max_output_tokens }, parts.signal);
    if (answer.usage) {
      tokens += answer.usage.prompt_tokens + answer.usage.completion_tokens;
      parts.emit({ kind: 'usage', input_tokens: answer.usage.prompt_tokens, output_tokens: answer.usage.completion_tokens });
    }
    const message = answer.choices[0]?.message;
    const content = message?.content ?? null;
    const calls = message?.tool_calls ?? [];
    if (content !== null && content.trim() !== '') {
      last = content.trim();
      parts.emit({ kind: 'progress', text: boundRunText(last) });
    }
    messages.push({ role: 'assistant', content, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
    if (calls.length === 0) return { status: 'succeeded' };
    for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.id, content: await runTool(parts, call) });
    if (tokens > config.max_total_tokens) {
      return { status: 'failed', reason: `token limit reached: ${tokens} tokens used, the limit is ${config.max_total_tokens} (AC_OPENAI_MAX_TOTAL_TOKENS)`, log_tail: last };
    }
  }
  return { status: 'failed', reason: `turn limit reached: the model still called tools after ${maxTurns} turns (AC_OPENAI_MAX_TURNS or the run's max turns)`, log_tail: last };
};
