/**
 * The OpenAPI 3.1 document of the REST API, generated from the operations (routes.ts + the tool
 * catalogue): request bodies and query parameters from each tool's input schema (`io: 'input'`),
 * results from its output schema, errors as problem details. Built once; nothing here is hand-written
 * per operation.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CoordinatorError, ERROR_CODES, PROJECT_HEADER, type ToolsetName } from '@agent-coordinator/shared';
import { SERVER_INFO } from '../mcp/mcp-server.ts';
import { OPERATIONS, type Operation } from './operations.ts';
import { AGENT_HEADER, API_PREFIX } from './routes.ts';
import { PROBLEM_CONTENT_TYPE, problemOf } from './problem.ts';

type JsonSchema = Record<string, unknown>;

/** A zod schema as a JSON Schema object to embed (the document's dialect is JSON Schema 2020-12 already). */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The input schema without the fields that travel in the path. */
function withoutFields(schema: JsonSchema, fields: readonly string[]): JsonSchema {
  if (fields.length === 0) return schema;
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'] : [];
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(properties).filter(([field]) => !fields.includes(field))),
    required: required.filter((field) => !fields.includes(String(field))),
  };
}

const TOOLSET_DESCRIPTIONS: Readonly<Record<ToolsetName, string>> = {
  core: 'Agents, tasks, claims, file locks and the board: the agent loop.',
  planning: 'Missions, sprints, objectives, key results, requirements and coverage.',
  policy: 'Team policies, approvals waiting for a human, and the audit trail.',
  knowledge: 'Notes agents leave for each other, searchable by meaning.',
  messages: 'Messages between agents and humans, and asking holders to release locks.',
  runs: 'Launching a headless agent on a task through an adapter, listing and cancelling runs.',
};

function operationObject(operation: Operation): JsonSchema {
  const input = schemaOf(operation.tool.input, 'input');
  const properties = isRecord(input['properties']) ? input['properties'] : {};
  const required = Array.isArray(input['required']) ? input['required'].map(String) : [];
  const inPath = operation.params.map((field) => ({ name: field, in: 'path', required: true, schema: properties[field] ?? { type: 'string' } }));
  const bodyless = operation.route.method === 'GET' || operation.route.method === 'DELETE';
  const inQuery = bodyless
    ? Object.entries(properties)
        .filter(([field]) => !operation.params.includes(field))
        .map(([field, schema]) => ({ name: field, in: 'query', required: required.includes(field), schema }))
    : [];
  return {
    operationId: operation.name,
    summary: operation.tool.title,
    description: operation.tool.description,
    tags: [operation.toolset],
    parameters: [...inPath, ...inQuery, { $ref: '#/components/parameters/project' }, { $ref: '#/components/parameters/agent' }],
    ...(bodyless
      ? {}
      : {
          requestBody: {
            required: required.some((field) => !operation.params.includes(field)),
            content: { 'application/json': { schema: withoutFields(input, operation.params) } },
          },
        }),
    responses: {
      '200': { description: `The result of ${operation.name}, as MCP's structured result.`, content: { 'application/json': { schema: schemaOf(operation.tool.output, 'output') } } },
      '4XX': { $ref: '#/components/responses/problem' },
      '5XX': { $ref: '#/components/responses/problem' },
    },
  };
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details, with the coordinator error code and, for invalid input, the fields at fault.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong and what to do next (the same text MCP and tRPC give).' },
    code: {
      type: 'string',
      description: 'The coordinator error code; the same on every transport.',
      oneOf: ERROR_CODES.map((code) => {
        const problem = problemOf(new CoordinatorError(code, ''));
        return { const: code, title: problem.title, description: `HTTP ${problem.status}` };
      }),
    },
    issues: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

function build(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of OPERATIONS) {
    const path = `${API_PREFIX}${operation.route.path}`;
    paths[path] = { ...paths[path], [operation.route.method.toLowerCase()]: operationObject(operation) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AgentCoordinator REST API',
      version: SERVER_INFO.version,
      description:
        'Every operation of the MCP tool catalogue over plain HTTP; each operationId is the MCP tool name. Stateless: the acting agent is `agent_id` in the input, or the X-Coordinator-Agent header. With accounts off (local mode) no token is needed.',
    },
    tags: Object.entries(TOOLSET_DESCRIPTIONS).map(([name, description]) => ({ name, description })),
    // Either a bearer token, or nothing in local mode (no accounts, loopback only).
    security: [{ bearer: [] }, {}],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A session token (agent-coordinator login) or an agent token (agent-coordinator issue-agent-token).' } },
      parameters: {
        project: { name: PROJECT_HEADER, in: 'header', required: false, description: 'The project to act in, when the account belongs to several.', schema: { type: 'string' } },
        agent: { name: AGENT_HEADER, in: 'header', required: false, description: 'The acting agent, for calls whose input has no agent_id.', schema: { type: 'string' } },
      },
      schemas: { Problem: PROBLEM_SCHEMA },
      responses: {
        problem: { description: 'The call failed; `detail` says why and what to do next.', content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
  };
}

export interface ServedDocument {
  readonly json: string;
  /** Changes only when the server's code does: clients revalidate (If-None-Match) instead of refetching ~150 KB. */
  readonly etag: string;
}

let served: ServedDocument | null = null;
export function openApiDocument(): ServedDocument {
  if (!served) {
    const json = JSON.stringify(build());
    served = { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 22)}"` };
  }
  return served;
}
