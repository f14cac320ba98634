/**
 * The tool definitions an agent carries on every turn stay within budget (issue #15: core ≤ 2,500
 * tokens, every toolset ≤ 8,000), measured as the official SDK client receives `tools/list`; and the
 * compact listing still types every tool: each input schema names the same fields and required fields as
 * the full schema the server validates with, enums intact. Output schemas and structuredContent come
 * only with `?output_schemas=1`; results are JSON text either way.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ALL_TOOLS, compactSchema } from '@agent-coordinator/shared';
import { useCoordinator } from '../support/coordinator.ts';
import { firstText, httpClient } from './mcp-client.ts';
import { listingCost, TOOL_BUDGET } from './tool-budget.ts';

type Schema = { readonly [key: string]: unknown };
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const fullInput = (name: keyof typeof ALL_TOOLS): Schema => z.toJSONSchema(ALL_TOOLS[name].input, { io: 'input', unrepresentable: 'any' });
const propertiesOf = (schema: Schema): Schema => (isSchema(schema['properties']) ? schema['properties'] : {});

describe('MCP tool budget', function () {
  const env = useCoordinator('pglite');

  it('lists the core tools in at most 2,500 tokens and every toolset in at most 8,000', async () => {
    const core = await listingCost(env.url);
    const all = await listingCost(env.url, '?toolsets=all');
    assert.equal(core.tools, 13);
    assert.equal(all.tools, Object.keys(ALL_TOOLS).length);
    assert.ok(core.tokens <= TOOL_BUDGET.core, `core tools/list is ${core.tokens} tokens (${core.chars} chars), budget ${TOOL_BUDGET.core}`);
    assert.ok(all.tokens <= TOOL_BUDGET.all, `toolsets=all tools/list is ${all.tokens} tokens (${all.chars} chars), budget ${TOOL_BUDGET.all}`);
  });

  it('types every tool: its fields, required fields and enums as the server validates them', async () => {
    const mcp = await httpClient(env.url, 'budget-types', {}, '?toolsets=all').connect();
    try {
      const { tools } = await mcp.client.listTools();
      for (const tool of tools) {
        assert.ok(Object.hasOwn(ALL_TOOLS, tool.name), `${tool.name} is in the catalogue`);
        const full = fullInput(tool.name as keyof typeof ALL_TOOLS);
        assert.equal(tool.inputSchema.type, 'object', `${tool.name} inputSchema`);
        assert.ok(tool.description && tool.description.length <= 200, `${tool.name}: a description of one line`);
        assert.equal(tool.outputSchema, undefined, `${tool.name} lists no output schema unless asked`);
        assert.deepEqual(Object.keys(tool.inputSchema.properties ?? {}).sort(), Object.keys(propertiesOf(full)).sort(), `${tool.name} fields`);
        assert.deepEqual([...(tool.inputSchema.required ?? [])].sort(), [...((full['required'] as string[] | undefined) ?? [])].sort(), `${tool.name} required`);
        for (const [field, property] of Object.entries(propertiesOf(full))) {
          const listed = (tool.inputSchema.properties ?? {})[field];
          if (isSchema(property) && Array.isArray(property['enum'])) assert.deepEqual(isSchema(listed) && listed['enum'], property['enum'], `${tool.name}.${field} enum`);
        }
        assert.doesNotMatch(JSON.stringify(tool.inputSchema), /"pattern"|\$schema|"additionalProperties":false/, `${tool.name} is compact`);
      }
    } finally {
      await mcp.close();
    }
  });

  it('merges a union told apart by a const field into one object that says what each kind needs', () => {
    const policy = propertiesOf(compactSchema(fullInput('declare_policy')))['policy'];
    assert.ok(isSchema(policy));
    const kind = propertiesOf(policy)['kind'];
    assert.ok(isSchema(kind));
    assert.deepEqual(kind['enum'], ['lock_paths', 'max_active_tasks', 'mission_wip_limit', 'transition_requires_capability', 'done_requires_requirement', 'transition_requires_human']);
    assert.match(String(kind['description']), /lock_paths needs paths; max_active_tasks needs limit/);
    assert.deepEqual(policy['required'], ['name', 'kind']);
    // The kinds default outcome differently (escalate for lock_paths, block otherwise): no default is listed.
    const outcome = propertiesOf(policy)['outcome'];
    assert.ok(isSchema(outcome) && outcome['default'] === undefined);
  });

  it('answers with JSON text only by default, and with output schemas and structuredContent when asked', async () => {
    const plain = await httpClient(env.url, 'budget-plain').connect();
    const typed = await httpClient(env.url, 'budget-typed', {}, '?output_schemas=1').connect();
    try {
      const listed = await typed.client.listTools();
      for (const tool of listed.tools) assert.equal(tool.outputSchema?.type, 'object', `${tool.name} outputSchema`);
      const bare = await plain.raw('register_agent', { name: 'budget-plain' });
      assert.equal(bare.structuredContent, undefined);
      assert.equal(JSON.parse(firstText(bare)).name, 'budget-plain');
      const structured = await typed.raw('register_agent', { name: 'budget-typed' });
      assert.equal((structured.structuredContent as { name?: string } | undefined)?.name, 'budget-typed');
      assert.deepEqual(JSON.parse(firstText(structured)), structured.structuredContent);
    } finally {
      await Promise.allSettled([plain.close(), typed.close()]);
    }
  });

  it('refuses an output_schemas value it does not understand, saying which it takes', async () => {
    const response = await fetch(`${env.url}/mcp?output_schemas=maybe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } }),
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /output_schemas must be 1 or 0/);
  });
});
