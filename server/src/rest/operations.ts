/**
 * The REST operations: each tool of the catalogue (its schemas, its toolset) joined with its route and
 * the very handler MCP runs, and finding the operation a request's method and path name.
 */
import { TOOLSETS, TOOLSET_NAMES, type AnyToolName, type ToolDefinition, type ToolsetName } from '@agent-coordinator/shared';
import type { Handler } from '../mcp/mcp-tools.ts';
import { TOOLSET_HANDLERS } from '../mcp/toolset-handlers.ts';
import { ROUTES, pathParams, type HttpMethod, type Route } from './routes.ts';

export interface Operation {
  readonly name: AnyToolName;
  readonly toolset: ToolsetName;
  readonly tool: ToolDefinition;
  readonly route: Route;
  readonly params: readonly string[];
  readonly handler: Handler;
}

const isToolName = (name: string): name is AnyToolName => Object.hasOwn(ROUTES, name);

function build(): Operation[] {
  const operations: Operation[] = [];
  for (const toolset of TOOLSET_NAMES) {
    const tools: Readonly<Record<string, ToolDefinition>> = TOOLSETS[toolset];
    for (const [name, tool] of Object.entries(tools)) {
      const handler = TOOLSET_HANDLERS[toolset][name];
      // Both tables are typed by tool name, so this only trips if a toolset is added without its handlers.
      if (!isToolName(name) || !handler) throw new Error(`REST: tool ${name} has no route or handler`);
      const route = ROUTES[name];
      operations.push({ name, toolset, tool, route, params: pathParams(route.path), handler });
    }
  }
  return operations;
}

export const OPERATIONS: readonly Operation[] = build();

export type Match =
  | { readonly kind: 'found'; readonly operation: Operation; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'none' };

/** The params of `path` (relative to /api/v1) for a template, or null when it does not fit. */
function fit(template: string, path: string): Record<string, string> | null {
  const want = template.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = have[i] ?? '';
    const param = /^\{([a-z_]+)\}$/.exec(segment)?.[1];
    if (param === undefined) {
      if (segment !== actual) return null;
    } else {
      if (actual === '') return null;
      try {
        params[param] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    }
  }
  return params;
}

/** Literal segments win over `{params}` (POST /tasks/next is get_next_task, whatever /tasks/{task_id} does). */
export function match(method: string, path: string): Match {
  const fits = OPERATIONS.map((operation) => ({ operation, params: fit(operation.route.path, path) }))
    .filter((c): c is { operation: Operation; params: Record<string, string> } => c.params !== null)
    .sort((a, b) => a.operation.params.length - b.operation.params.length);
  if (fits.length === 0) return { kind: 'none' };
  const found = fits.find((c) => c.operation.route.method === method);
  if (found) return { kind: 'found', operation: found.operation, params: found.params };
  return { kind: 'wrong-method', allowed: [...new Set(fits.map((c) => c.operation.route.method))] };
}
