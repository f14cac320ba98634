/**
 * A run's credential with accounts on (PGlite): the run's agent gets a token of its own in
 * COORDINATOR_TOKEN, good for the agent's own calls while the run lives (a real script heartbeats over
 * REST with it) and revoked when the run ends.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run } from '@agent-coordinator/shared';
import { useCoordinator, type Client } from '../support/coordinator.ts';
import { useCredentialClients } from '../support/credential-clients.ts';
import { rejectsWith } from '../support/errors.ts';
import { until } from '../support/until.ts';
import { git } from './support/run-repository.ts';

const ADMIN = { name: 'root', password: 'correct horse battery staple' };

/** A repository whose `command:heartbeat` adapter heartbeats as the run's agent over REST with the token it was given. */
function repositoryWithHeartbeatScript(): string {
  const repo = mkdtempSync(join(tmpdir(), 'ac-run-token-'));
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, '.agent-coordinator'));
  const script = join(repo, '.agent-coordinator', 'heartbeat.sh');
  const call = `fetch(process.env.AGENT_COORDINATOR_URL + '/api/v1/agents/' + process.env.AGENT_COORDINATOR_AGENT + '/heartbeat', { method: 'POST', headers: { authorization: 'Bearer ' + process.env.COORDINATOR_TOKEN, 'x-coordinator-project': process.env.COORDINATOR_PROJECT } }).then(async (r) => { console.log('heartbeat', r.status, await r.text()); process.exit(r.ok ? 0 : 3); })`;
  writeFileSync(script, `#!/bin/sh\nprintf '%s' "$COORDINATOR_TOKEN" > "$1"\nnode -e "${call.replaceAll('"', '\\"')}"\n`);
  chmodSync(script, 0o755);
  writeFileSync(join(repo, '.agent-coordinator', 'adapters.json'), JSON.stringify({ commands: { heartbeat: { command: [script, join(repo, 'token.txt')] } } }));
  return repo;
}

describe('a run\'s token with accounts on (PGlite)', function () {
  const repo = repositoryWithHeartbeatScript();
  const env = useCoordinator('pglite', { repoRoot: repo, adminName: ADMIN.name, adminPassword: ADMIN.password });
  const { as, login } = useCredentialClients(env);
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('gives the run\'s agent a token for its own calls, revoked when the run ends', async () => {
    const admin: Client = as(await login(ADMIN.name, ADMIN.password), 'local');
    const task = await admin.create_task.mutate({ title: 'Heartbeat with my token', files: ['x.txt'] });
    const run = await admin.run_task.mutate({ task_id: task.key, adapter: 'command:heartbeat' });
    const done: Run = await until('the run to end', async () => {
      const r = await admin.get_run.query({ run_id: run.id });
      return r.status === 'running' || r.status === 'starting' ? null : r;
    }, 60_000);
    assert.equal(done.status, 'succeeded', `${done.reason ?? ''}\n${readFileSync(done.log_file, 'utf8')}`);
    assert.match(readFileSync(done.log_file, 'utf8'), /heartbeat 200/);
    const token = readFileSync(join(repo, 'token.txt'), 'utf8');
    assert.ok(token.length > 20, 'the agent got a token');
    await until('the run token to be revoked', async () => {
      try {
        await as(token, 'local').heartbeat.mutate({ agent_id: run.agent_id });
        return null;
      } catch {
        return true;
      }
    });
    await rejectsWith(as(token, 'local').heartbeat.mutate({ agent_id: run.agent_id }), 'UNAUTHENTICATED');
  });
});
