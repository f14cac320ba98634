/** The example policies file in the repository stays valid: every rule kind, parsed by the shared schema. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { POLICY_KINDS, PolicyFileSchema } from '@agent-coordinator/shared';

describe('examples/policies.yaml', () => {
  it('is a valid policy file that shows every rule kind', async () => {
    const text = await readFile(new URL('../../examples/policies.yaml', import.meta.url), 'utf8');
    const file = PolicyFileSchema.parse(parse(text));
    assert.deepEqual(new Set(file.policies.map((p) => p.kind)), new Set(Object.keys(POLICY_KINDS)));
  });
});
