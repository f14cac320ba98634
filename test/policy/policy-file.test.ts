/**
 * The policy file: parsing with errors that name file, line, column and field; a server enforcing a
 * file that is rewritten while agents work (hot reload), a broken rewrite rejected with the previous
 * set still enforced, and a broken file refused at start.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPolicyFileError, parsePolicyFile } from '../../server/src/modules/policy/policy-file.ts';
import { startTestCoordinator, useCoordinator, type Client } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { until } from '../support/until.ts';
import { eventsAfter, headEventId } from './policy-support.ts';
import { localActor } from '../../server/src/common/actor.ts';

function errorsOf(text: string): string[] {
  const parsed = parsePolicyFile(text);
  assert.equal(parsed.ok, false, 'expected the file to be rejected');
  return parsed.ok ? [] : parsed.errors.map((e) => formatPolicyFileError('policies.yaml', e));
}

describe('policy file parsing', () => {
  it('accepts a valid file and fills in defaults (outcome per kind, enabled, scope)', () => {
    const parsed = parsePolicyFile(
      ['version: 1', 'policies:', '  - name: protect-migrations', '    kind: lock_paths', '    paths: ["migrations/", ".github/**"]', '  - name: one-each', '    kind: max_active_tasks', '    limit: 1', '    scope: { agent_kinds: [copilot] }'].join('\n'),
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.policies[0], { name: 'protect-migrations', kind: 'lock_paths', paths: ['migrations/**', '.github/**'], outcome: 'escalate', enabled: true, scope: {} });
    assert.equal(parsed.policies[1]?.outcome, 'block');
    assert.deepEqual(parsed.policies[1]?.scope, { agent_kinds: ['copilot'] });
    assert.deepEqual(parsePolicyFile(''), { ok: true, policies: [] });
  });

  it('names line, column and field of a wrong value', () => {
    const text = ['version: 1', 'policies:', '  - name: ok', '    kind: max_active_tasks', '    limit: 2', '  - name: bad-limit', '    kind: max_active_tasks', '    limit: many'].join('\n');
    assert.deepEqual(errorsOf(text), ['policies.yaml:8:12: policies[1].limit: expected a whole number']);
  });

  it('names misspelt and missing fields, unknown kinds and duplicate names', () => {
    assert.deepEqual(errorsOf(['policies:', '  - name: typo', '    kind: lock_paths', '    pathz: [a/**]'].join('\n')), [
      'policies.yaml:2:5: policies[0].paths: missing required field "paths"',
      'policies.yaml:4:5: policies[0].pathz: unknown field "pathz" (misspelt?)',
    ]);
    assert.match(errorsOf(['policies:', '  - name: x', '    kind: lock_files'].join('\n'))[0] ?? '', /^policies\.yaml:3:11: policies\[0\]\.kind: expected kind to be one of lock_paths, /);
    assert.deepEqual(errorsOf(['policies:', '  - name: same', '    kind: done_requires_requirement', '  - name: same', '    kind: done_requires_requirement'].join('\n')), [
      'policies.yaml:4:11: policies[1].name: "same" is already the name of policy 1',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const [first] = errorsOf(['policies: [', '  {name: a, kind: max_active_tasks, limit: 1'].join('\n'));
    assert.match(first ?? '', /^policies\.yaml:\d+:\d+: /);
    assert.deepEqual(errorsOf('policies:\n  - name: a\n    name: b\n    kind: done_requires_requirement\n').length, 1);
  });
});

const V1 = `# v1: migrations need a human
version: 1
policies:
  - name: protect-migrations
    kind: lock_paths
    paths: ["migrations/**"]
`;
const V2 = `${V1}  - name: no-infra
    kind: lock_paths
    paths: ["infra/**"]
    outcome: block
    message: infrastructure is changed by the platform team
  - name: traceable
    kind: done_requires_requirement
    outcome: warn
`;
/** V2 with a broken fourth policy: line 17 has a word where a number belongs. */
const BROKEN = `${V2}  - name: throttle
    kind: max_active_tasks
    limit: lots
`;

describe('policy file hot reload on pglite', function () {
  const dir = mkdtempSync(join(tmpdir(), 'ac-policies-'));
  const file = join(dir, 'policies.yaml');
  before(async () => writeFile(file, V1));
  after(async () => rm(dir, { recursive: true, force: true }));
  const env = useCoordinator('pglite', { policiesFile: file });
  const c = (): Client => env.client();

  /** Writes the file as editors do: a temporary file renamed over it. */
  async function save(text: string): Promise<void> {
    const temporary = `${file}.${Date.now()}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, file);
  }

  it('enforces the file it started with', async () => {
    const listed = await c().list_policies.query();
    assert.deepEqual(listed.policies.map((p) => [p.source, p.policy.name]), [['file', 'protect-migrations']]);
    assert.equal(listed.file.path, file);
    assert.deepEqual(listed.file.errors, []);
    const me = await c().register_agent.mutate({ name: 'starter' });
    assert.ok((await c().lock_files.mutate({ agent_id: me.agent_id, paths: ['migrations/1.sql'] })).pending_approval);
  });

  it('reloads changes while agents work, rejects a broken rewrite keeping the previous set, and recovers', async function () {
    this.timeout(60_000);
    // Three agents create, claim and complete tasks until told to stop.
    let working = true;
    const failures: unknown[] = [];
    const warnedCompletions: string[] = [];
    let completions = 0;
    const worker = async (name: string): Promise<number> => {
      const client = c();
      const me = await client.register_agent.mutate({ name });
      let done = 0;
      while (working) {
        try {
          const task = await client.create_task.mutate({ title: `${name} ${done}`, assignee: me.agent_id, files: [`work/${name}/${done}.ts`] });
          const next = await client.get_next_task.mutate({ agent_id: me.agent_id });
          assert.equal(next.task?.task_id, task.task_id, next.reason);
          const completed = await client.complete_task.mutate({ task_id: task.key, agent_id: me.agent_id });
          assert.equal(completed.status, 'done');
          if (completed.warnings) warnedCompletions.push(...completed.warnings);
          done++;
          completions++;
        } catch (error) {
          failures.push(error);
          return done;
        }
      }
      return done;
    };
    const workers = Promise.all(['w1', 'w2', 'w3'].map(worker));
    const probe = (await c().register_agent.mutate({ name: 'probe' })).agent_id;
    try {
      await until('the agents at work (three completions)', () => completions >= 3 || failures.length > 0, 10_000);

      let before = await headEventId(c());
      await save(V2);
      const [changed] = await eventsAfter(c(), before, 'policy.changed', { where: (e) => e.source === 'file' });
      assert.deepEqual(changed?.names, ['protect-migrations', 'no-infra', 'traceable']);
      await rejectsWith(c().lock_files.mutate({ agent_id: probe, paths: ['infra/main.tf'] }), 'POLICY_DENIED', { message: /no-infra: infrastructure is changed/ });
      // Completions from now on carry the new policy's warning.
      const [warning] = await until('a completion warned by the new policy', () => (warnedCompletions.length > 0 ? warnedCompletions : null), 5_000);
      assert.match(warning ?? '', /^traceable: T-\d+ is linked to no requirement/);

      before = await headEventId(c());
      await save(BROKEN);
      const [rejected] = await eventsAfter(c(), before, 'policy.file_rejected');
      assert.equal(rejected?.path, file);
      assert.deepEqual(rejected?.errors, [{ line: 17, column: 12, field: 'policies[3].limit', message: 'expected a whole number' }]);
      const listed = await c().list_policies.query();
      assert.equal(listed.file.policy_count, 3, 'the previous set stays in force');
      assert.equal(listed.file.errors[0]?.line, 17);
      await rejectsWith(c().lock_files.mutate({ agent_id: probe, paths: ['infra/main.tf'] }), 'POLICY_DENIED', { message: /no-infra/ });

      before = await headEventId(c());
      await save(V1);
      await eventsAfter(c(), before, 'policy.changed', { where: (e) => e.source === 'file' });
      assert.equal((await c().lock_files.mutate({ agent_id: probe, paths: ['infra/main.tf'] })).granted, true);
      assert.deepEqual((await c().list_policies.query()).file.errors, []);
    } finally {
      working = false;
    }
    const counts = await workers;
    assert.deepEqual(failures, []);
    assert.ok(counts.every((n) => n > 3), `every agent kept working: ${counts.join(', ')}`);
  });

  it('an API policy may not take the name of a file policy', async () => {
    const human = (await c().register_agent.mutate({ name: 'owner', kind: 'human' })).agent_id;
    await rejectsWith(c().declare_policy.mutate({ policy: { name: 'protect-migrations', kind: 'done_requires_requirement' }, agent_id: human }), 'CONFLICT', {
      field: 'policy.name',
    });
  });

  it('validate checks a text without loading it', async () => {
    const result = await c().validate_policies.mutate({ text: BROKEN });
    assert.deepEqual([result.ok, result.errors[0]?.line, result.errors[0]?.field], [false, 17, 'policies[3].limit']);
    assert.deepEqual((await c().validate_policies.mutate({ text: V2 })).policies.map((p) => p.name), ['protect-migrations', 'no-infra', 'traceable']);
  });

  it('reload reads the file on demand', async () => {
    await writeFile(file, V2);
    const listed = await c().reload_policies.mutate();
    assert.equal(listed.file.policy_count, 3);
  });
});

describe('policy file at start on pglite', () => {
  it('a broken file stops the server from starting, naming line and field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ac-policies-'));
    try {
      const file = join(dir, 'policies.yaml');
      await writeFile(file, BROKEN);
      await assert.rejects(startTestCoordinator('pglite', { policiesFile: file }), (error: Error) => {
        assert.match(error.message, /policy file rejected/);
        assert.ok(error.message.includes(`${file}:17:12: policies[3].limit: expected a whole number`), error.message);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a missing file means no file policies (it is picked up once created)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ac-policies-'));
    const coordinator = await startTestCoordinator('pglite', { policiesFile: join(dir, 'policies.yaml') });
    assert.ok(coordinator);
    try {
      const services = coordinator.server.coordinator.services;
      const actor = localActor;
      assert.equal((await services.policies.listPolicies(actor)).policies.length, 0);
      await writeFile(join(dir, 'policies.yaml'), V1);
      const { policies } = await until('the policies of the file just created', async () => {
        const listed = await services.policies.listPolicies(actor);
        return listed.policies.length > 0 ? listed : null;
      }, 5_000);
      assert.deepEqual(policies.map((p) => p.policy.name), ['protect-migrations']);
    } finally {
      await coordinator.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
