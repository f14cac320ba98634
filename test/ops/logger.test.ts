/**
 * The one structured logger: JSON lines with `level` (a name), `time` (ISO), `msg` and the fields, the
 * threshold respected, child fields carried, and credentials never written — by field name (password,
 * token, authorization, however deep) or by shape in any text (Bearer credentials, coordinator tokens,
 * a password inside a URL).
 */
import assert from 'node:assert/strict';
import { errorFields, jsonLogger } from '../../server/src/ops/logger.ts';
import { redactSecrets } from '../../server/src/ops/redact.ts';

const TOKEN = `act_${'0123456789abcdef'.repeat(2)}${'Zx9_-'.repeat(8)}abc`;

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = jsonLogger({ level, write: (line) => void (raw.push(line), lines.push(JSON.parse(line) as Record<string, unknown>)) });
  return { log, lines, raw };
}

describe('structured logger', () => {
  it('writes one JSON object per line: level name, ISO time, msg and the fields; below the threshold nothing', () => {
    const { log, lines, raw } = capture('info');
    log.debug('not shown');
    log.info('listening', { url: 'http://127.0.0.1:3000', replica: 'r1' });
    log.child({ component: 'policies' }).warn('reloaded', { rules: 3 });
    assert.equal(lines.length, 2);
    assert.ok(raw.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n')));
    const [first, second] = lines;
    assert.equal(first?.['level'], 'info');
    assert.equal(first?.['msg'], 'listening');
    assert.match(String(first?.['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(first?.['url'], 'http://127.0.0.1:3000');
    assert.equal(first?.['pid'], undefined, 'no pid/hostname noise');
    assert.deepEqual([second?.['level'], second?.['component'], second?.['rules']], ['warn', 'policies', 3]);
  });

  it('keeps errors readable: message, code, stack and the cause', () => {
    const { log, lines } = capture();
    const error = Object.assign(new Error('connection refused', { cause: new Error('ECONNREFUSED') }), { code: '57P01' });
    log.error('internal error', errorFields(error));
    assert.equal(lines[0]?.['error'], 'connection refused');
    assert.equal(lines[0]?.['code'], '57P01');
    assert.match(String(lines[0]?.['stack']), /connection refused/);
    assert.deepEqual((lines[0]?.['cause'] as Record<string, unknown>)['error'], 'ECONNREFUSED');
  });

  it('never writes a token, a Bearer credential or a password, in fields or in text', () => {
    const { log, raw, lines } = capture('debug');
    log.info(`request with Authorization: Bearer ${TOKEN} refused`, {
      password: 'hunter2-correct-horse',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-request-id': 'req-1' },
      body: { account: { newPassword: 'battery-staple-9' }, agent_token: TOKEN },
      databaseUrl: 'postgres://coordinator:s3cr3t-pw@db.internal:5432/ac',
      note: `the agent used ${TOKEN} from its config`,
      tokens_used: 120,
    });
    log.child({ token: TOKEN }).warn('child line');
    const text = raw.join('');
    for (const secret of [TOKEN, 'hunter2-correct-horse', 'battery-staple-9', 's3cr3t-pw']) assert.ok(!text.includes(secret), `leaked ${secret}: ${text}`);
    const line = lines[0] ?? {};
    assert.equal(line['password'], '[redacted]');
    assert.equal((line['headers'] as Record<string, unknown>)['x-request-id'], 'req-1', 'other fields pass unchanged');
    assert.equal(line['databaseUrl'], 'postgres://coordinator:[redacted]@db.internal:5432/ac');
    assert.equal(line['tokens_used'], 120, 'a count named after tokens is no secret');
    assert.match(String(line['msg']), /^request with Authorization: Bearer \[redacted\] refused$/);
    assert.equal(lines[1]?.['token'], '[redacted]');
  });

  it('copes with cycles and shared objects', () => {
    const shared = { path: 'a.ts' };
    const cyclic: Record<string, unknown> = { name: 'loop', left: shared, right: shared };
    cyclic['self'] = cyclic;
    assert.deepEqual(redactSecrets(cyclic), { name: 'loop', left: shared, right: shared, self: '[cut]' });
  });
});
