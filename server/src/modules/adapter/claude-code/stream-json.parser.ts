/**
 * Claude Code's `--output-format stream-json --verbose` protocol, read one NDJSON line at a time: the
 * `system` init line (session, model, MCP servers and whether the coordinator's connected), `assistant`
 * messages (text → progress, `tool_use` blocks → tool_use, and files the built-in write tools name →
 * files_touched), and the final `result` (usage with cost → usage; is_error/subtype → the outcome). Lines
 * that are not JSON or not of these types are left to the raw `log` event the process run records anyway.
 */
import { isAbsolute, relative } from 'node:path';
import { boundRunText, type RunEvent } from '@agent-coordinator/shared';

/** What the final `result` line said, kept for the outcome. */
export interface ClaudeResult {
  readonly isError: boolean;
  readonly subtype: string;
  readonly text: string;
  readonly costUsd?: number;
  readonly numTurns?: number;
}

/** The built-in tools that write a file named by `file_path` (or `notebook_path`). */
const WRITING_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0);

/** Parses one run's stream; `result` is set once the `result` line has been read. */
export class StreamJsonParser {
  readonly #workspace: string;
  #result: ClaudeResult | undefined;
  #sessionId: string | undefined;

  constructor(workspace: string) {
    this.#workspace = workspace;
  }

  get result(): ClaudeResult | undefined {
    return this.#result;
  }

  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /** Events for one stdout line (none for blank, non-JSON or unknown lines). */
  parse(line: string): readonly RunEvent[] {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) return [];
    let message: unknown;
    try {
      message = JSON.parse(trimmed);
    } catch {
      return [];
    }
    if (!isObject(message)) return [];
    switch (message['type']) {
      case 'system':
        return this.#system(message);
      case 'assistant':
        return this.#assistant(message);
      case 'result':
        return this.#resultLine(message);
      default:
        return [];
    }
  }

  #system(message: Json): readonly RunEvent[] {
    if (message['subtype'] !== 'init') return [];
    if (typeof message['session_id'] === 'string') this.#sessionId = message['session_id'];
    const servers = Array.isArray(message['mcp_servers']) ? message['mcp_servers'].filter(isObject) : [];
    const described = servers.map((server) => `${String(server['name'])} (${String(server['status'])})`).join(', ') || 'none';
    const model = typeof message['model'] === 'string' ? `, model ${message['model']}` : '';
    return [{ kind: 'progress', text: `claude-code session ${this.#sessionId ?? '?'} started${model}; MCP servers: ${described}` }];
  }

  #assistant(message: Json): readonly RunEvent[] {
    const body = message['message'];
    const content = isObject(body) && Array.isArray(body['content']) ? body['content'].filter(isObject) : [];
    const events: RunEvent[] = [];
    for (const block of content) {
      if (block['type'] === 'text' && typeof block['text'] === 'string' && block['text'].trim() !== '') {
        events.push({ kind: 'progress', text: boundRunText(block['text'].trim()) });
      } else if (block['type'] === 'tool_use' && typeof block['name'] === 'string') {
        events.push({ kind: 'tool_use', name: block['name'] });
        const path = this.#writtenPath(block['name'], block['input']);
        if (path !== undefined) events.push({ kind: 'files_touched', paths: [path] });
      }
    }
    return events;
  }

  #writtenPath(tool: string, input: unknown): string | undefined {
    if (!WRITING_TOOLS.has(tool) || !isObject(input)) return undefined;
    const raw = input['file_path'] ?? input['notebook_path'];
    if (typeof raw !== 'string' || raw === '') return undefined;
    const rel = isAbsolute(raw) ? relative(this.#workspace, raw) : raw;
    // A path outside the workspace is reported as Claude wrote it (absolute), not as a `../` path.
    return rel.startsWith('..') ? raw : rel;
  }

  #resultLine(message: Json): readonly RunEvent[] {
    const usage = isObject(message['usage']) ? message['usage'] : {};
    const costUsd = typeof message['total_cost_usd'] === 'number' && message['total_cost_usd'] >= 0 ? message['total_cost_usd'] : undefined;
    const text = typeof message['result'] === 'string' ? message['result'] : '';
    const subtype = typeof message['subtype'] === 'string' ? message['subtype'] : 'unknown';
    const isError = message['is_error'] === true || subtype.startsWith('error');
    const numTurns = typeof message['num_turns'] === 'number' ? message['num_turns'] : undefined;
    this.#result = { isError, subtype, text, ...(costUsd !== undefined ? { costUsd } : {}), ...(numTurns !== undefined ? { numTurns } : {}) };
    const events: RunEvent[] = [
      {
        kind: 'usage',
        // Prompt tokens as billed: fresh input plus cache writes and cache reads.
        input_tokens: count(usage['input_tokens']) + count(usage['cache_creation_input_tokens']) + count(usage['cache_read_input_tokens']),
        output_tokens: count(usage['output_tokens']),
        ...(costUsd !== undefined ? { cost_usd: costUsd } : {}),
      },
    ];
    if (text.trim() !== '') events.push({ kind: 'progress', text: boundRunText(text.trim()) });
    return events;
  }
}
