/**
 * One name per operation (issue #19, docs/operations.md): every tRPC procedure is named by the operation it
 * runs — the name its input parser reports in errors, the MCP tool and REST operationId where the catalogue
 * has one — and no two module routers define the same procedure.
 */
import assert from 'node:assert/strict';
import { TOOLSETS } from '@agent-coordinator/shared';
import { appRouter, MODULE_ROUTERS } from '../../server/src/trpc/app-router.ts';

const OPERATION_NAME = /^[a-z]+(?:_[a-z]+)*$/;

/** The operation a procedure's input parser stands for (parsed, parsedOrEmpty, typed), or null when it takes no input. */
function parserOperation(procedure: { readonly _def: { readonly inputs: readonly unknown[] } }): string | null {
  const [parser, ...more] = procedure._def.inputs;
  if (parser === undefined) return null;
  assert.equal(more.length, 0, 'one input parser');
  const operation = (typeof parser === 'object' || typeof parser === 'function') && parser !== null && 'operation' in parser ? parser.operation : undefined;
  assert.ok(typeof operation === 'string', 'the input parser names its operation (parsed, parsedOrEmpty or typed)');
  return operation;
}

describe('tRPC operation names', () => {
  const procedures = Object.entries(appRouter._def.procedures);

  it('names every procedure by the operation its input parser reports', () => {
    for (const [name, procedure] of procedures) {
      assert.match(name, OPERATION_NAME, `${name} is a snake_case operation name`);
      const operation = parserOperation(procedure);
      if (operation !== null) assert.equal(name, operation, `procedure ${name} parses its input as ${operation}`);
    }
  });

  it('has no two module routers defining the same procedure', () => {
    const seen = new Map<string, number>();
    for (const [index, router] of MODULE_ROUTERS.entries()) {
      for (const name of Object.keys(router._def.procedures)) {
        assert.ok(!seen.has(name), `${name} is defined by module routers #${seen.get(name)} and #${index}`);
        seen.set(name, index);
      }
    }
    assert.equal(procedures.length, seen.size, 'the app router holds exactly the module routers’ procedures');
  });

  it('offers every catalogue tool under the tool’s name', () => {
    const names = new Set(procedures.map(([name]) => name));
    for (const tools of Object.values(TOOLSETS)) {
      for (const tool of Object.keys(tools)) assert.ok(names.has(tool), `the catalogue's ${tool} is a tRPC procedure of that name`);
    }
  });
});
