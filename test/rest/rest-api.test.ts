/**
 * The REST API over the wire: its OpenAPI 3.1 document validates (a maintained validator) and names
 * every tool as an operation; the whole agent loop driven from Python's standard library, finding each
 * operation by operationId; bad input answered as problem+json naming the field, with the same text tRPC
 * gives; and with accounts on, no token is a 401 problem and another project's data never comes back.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ALL_TOOLS, PROJECT_HEADER } from '@agent-coordinator/shared';
import { connect, useCoordinator, type Client } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';

const AGENT_LOOP = fileURLToPath(new URL('./agent_loop.py', import.meta.url));

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly issues?: readonly { readonly field: string; readonly message: string }[];
}

async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body: text === '' ? {} : JSON.parse(text) };
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

function asProblem(answer: Answer, status: number): Problem {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.match(answer.type, /^application\/problem\+json/);
  const problem = answer.body as unknown as Problem;
  for (const field of ['type', 'title', 'detail', 'code'] as const) assert.equal(typeof problem[field], 'string', `problem.${field}`);
  assert.equal(problem.status, status);
  return problem;
}

describe('REST API: document, agent loop from Python, bad input (pglite)', function () {
  const env = useCoordinator('pglite');

  it('serves an OpenAPI 3.1 document that validates, with one operation per tool named by its tool name', async () => {
    const answer = await request(`${env.url}/api/openapi.json`);
    assert.equal(answer.status, 200);
    const validator = new Validator();
    const result = await validator.validate(answer.body);
    assert.equal(validator.version, '3.1');
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
    const paths = answer.body['paths'] as Record<string, Record<string, { operationId: string }>>;
    const ids = Object.values(paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    assert.deepEqual([...ids].sort(), Object.keys(ALL_TOOLS).sort());
    assert.equal(paths['/api/v1/tasks/next']?.['post']?.operationId, 'get_next_task');
    const etag = answer.headers.get('etag') ?? '';
    assert.notEqual(etag, '');
    assert.equal((await fetch(`${env.url}/api/openapi.json`, { headers: { 'if-none-match': etag } })).status, 304);
  });

  it('drives register, create, claim with locks, a lock conflict, complete and the board from Python', async function () {
    this.timeout(60_000);
    const { stdout } = await promisify(execFile)('python3', [AGENT_LOOP, env.url], { timeout: 50_000 });
    const seen = JSON.parse(stdout) as { operations: number; claimed: string; conflict_held_by: string; foreign_complete: { status: number; code: string }; done: number };
    assert.equal(seen.operations, Object.keys(ALL_TOOLS).length);
    assert.equal(seen.conflict_held_by, 'py-alpha');
    assert.ok(seen.foreign_complete.status >= 400, JSON.stringify(seen.foreign_complete));
    assert.ok(seen.done >= 1);
  });

  it('answers bad input with problem+json naming the field, in the same words as tRPC', async () => {
    const problem = asProblem(await request(`${env.url}/api/v1/tasks`, json({ title: 5 })), 400);
    assert.equal(problem.code, 'VALIDATION');
    assert.ok(problem.issues?.some((i) => i.field === 'title'), JSON.stringify(problem.issues));
    const trpc = await rejectsWith(env.client().create_task.mutate({ title: 5 as unknown as string }), 'VALIDATION', { field: 'title' });
    assert.equal(problem.detail, trpc.message);

    const query = asProblem(await request(`${env.url}/api/v1/tasks?limit=lots`), 400);
    assert.ok(query.issues?.some((i) => i.field === 'limit'), JSON.stringify(query.issues));
    assert.equal((await request(`${env.url}/api/v1/tasks?limit=1`)).status, 200);

    const clash = asProblem(await request(`${env.url}/api/v1/tasks/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/complete`, json({ task_id: 'another' })), 400);
    assert.ok(clash.issues?.some((i) => i.field === 'task_id'));
    const missing = asProblem(await request(`${env.url}/api/v1/tasks/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/complete`, json({})), 404);
    assert.equal(missing.code, 'NOT_FOUND');
  });

  it('refuses what is not an operation or not JSON, each as a problem saying what to do', async () => {
    assert.match(asProblem(await request(`${env.url}/api/v1/nothing`), 404).detail, /openapi\.json/);
    const wrongMethod = await request(`${env.url}/api/v1/board`, json({}));
    assert.match(asProblem(wrongMethod, 405).detail, /use GET/);
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
    const notJson = asProblem(await request(`${env.url}/api/v1/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' }), 400);
    assert.match(notJson.detail, /not valid JSON/);
    // A form post (what another origin's page could send without asking) is refused before it runs.
    asProblem(await request(`${env.url}/api/v1/tasks`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"title":"from a web page"}' }), 415);
    asProblem(await request(`${env.url}/api/v1/tasks`, json({ title: 'x', description: 'y'.repeat(2_000_000) })), 413);
    const tasks = await request(`${env.url}/api/v1/tasks`);
    assert.ok(!(tasks.body['tasks'] as { title: string }[]).some((t) => t.title === 'from a web page'));
  });

  it('runs planning and policy operations with nested path parameters, PATCH and DELETE', async () => {
    const call = async (path: string, init: RequestInit = {}): Promise<Record<string, unknown>> => {
      const answer = await request(`${env.url}/api/v1${path}`, init);
      assert.equal(answer.status, 200, `${path}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const objective = await call('/objectives', json({ title: 'Ship the REST API' }));
    const kr = await call(`/objectives/${String(objective['objective_id'])}/key-results`, json({ title: 'Operations documented', target: 36 }));
    const patched = await call(`/key-results/${String(kr['key_result_id'])}`, { ...json({ current: 36 }), method: 'PATCH' });
    assert.equal(patched['current'], 36);
    const requirement = await call(`/key-results/${String(kr['key_result_id'])}/requirements`, json({ title: 'OpenAPI validates' }));
    const task = await call('/tasks', json({ title: 'write the validator test' }));
    const linked = await call(`/requirements/${String(requirement['key'])}/tasks`, json({ task_id: task['key'] }));
    assert.equal(linked['changed'], true);
    const coverage = await call('/coverage');
    assert.equal((coverage['totals'] as { key_result_count: number }).key_result_count, 1);
    const unlinked = await call(`/requirements/${String(requirement['key'])}/tasks/${String(task['key'])}`, { method: 'DELETE' });
    assert.equal(unlinked['changed'], true);
    assert.ok(Array.isArray((await call('/policies'))['policies']));
  });

  it('serves the API reference page from the server itself, no CDN', async () => {
    const res = await fetch(`${env.url}/api/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const page = await res.text();
    assert.match(page, /\/api\/openapi\.json/);
    assert.doesNotMatch(page, /(src|href)="https?:/);
  });
});

describe('REST API with accounts on (postgresql)', function () {
  const ADMIN = { name: 'root', password: 'correct horse battery staple' };
  const env = useCoordinator('postgresql', { adminName: ADMIN.name, adminPassword: ADMIN.password });
  const closers: (() => void)[] = [];
  after(() => closers.forEach((close) => close()));
  const as = (token?: string, project?: string): Client => {
    const connection = connect(env.url, { ...(token ? { token } : {}), ...(project ? { project } : {}) });
    closers.push(connection.close);
    return connection.client;
  };
  let alphaToken = '';
  let betaToken = '';
  let alphaTaskId = '';

  before(async () => {
    const admin = (await as().login.mutate(ADMIN)).token;
    const root = as(admin, 'local');
    await root.create_project.mutate({ name: 'alpha' });
    await root.create_project.mutate({ name: 'beta' });
    await root.create_account.mutate({ name: 'mia', password: 'member password 1234', projects: ['alpha'] });
    await root.create_account.mutate({ name: 'bob', password: 'member password 1234', projects: ['beta'] });
    alphaToken = (await as().login.mutate({ name: 'mia', password: 'member password 1234' })).token;
    betaToken = (await as().login.mutate({ name: 'bob', password: 'member password 1234' })).token;
  });

  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  it('answers a call without a token with a 401 problem and stores nothing', async () => {
    const problem = asProblem(await request(`${env.url}/api/v1/tasks`, json({ title: 'sneaky' })), 401);
    assert.equal(problem.code, 'UNAUTHENTICATED');
    const res = await fetch(`${env.url}/api/v1/board`);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    asProblem(await request(`${env.url}/api/v1/tasks`, { headers: bearer('not-a-token') }), 401);
    // The document and the page are public: they describe, they hold no data.
    assert.equal((await fetch(`${env.url}/api/openapi.json`)).status, 200);
  });

  it("never returns another project's data", async () => {
    const created = await request(`${env.url}/api/v1/tasks`, json({ title: 'alpha secret', files: ['src/a.ts'] }, bearer(alphaToken)));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    alphaTaskId = String(created.body['task_id']);
    const mine = await request(`${env.url}/api/v1/tasks`, { headers: bearer(alphaToken) });
    assert.ok((mine.body['tasks'] as { task_id: string }[]).some((t) => t.task_id === alphaTaskId));

    const theirs = await request(`${env.url}/api/v1/tasks`, { headers: bearer(betaToken) });
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body['tasks'], []);
    const board = await request(`${env.url}/api/v1/board`, { headers: bearer(betaToken) });
    assert.equal((board.body['queue'] as unknown[]).length, 0);
    const agent = await request(`${env.url}/api/v1/agents`, json({ name: 'bob-bot' }, bearer(betaToken)));
    const steal = await request(`${env.url}/api/v1/tasks/${alphaTaskId}/complete`, json({ agent_id: agent.body['agent_id'] }, bearer(betaToken)));
    assert.equal(asProblem(steal, 404).code, 'NOT_FOUND');
    // Asking for a project one is not a member of is refused, not answered with its data.
    const alphaAsked = await request(`${env.url}/api/v1/tasks`, { headers: { ...bearer(betaToken), [PROJECT_HEADER]: 'alpha' } });
    assert.ok(alphaAsked.status === 403 || alphaAsked.status === 404, `got ${alphaAsked.status}`);
    assert.match(alphaAsked.type, /^application\/problem\+json/);
  });
});
