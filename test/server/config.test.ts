/**
 * Server settings: flags win over environment variables, defaults apply without either, a bad value is
 * refused naming the setting; and the README's configuration table is SETTINGS, row for row, so the
 * documentation cannot drift from the options the server accepts.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadConfig, SETTINGS } from '@agent-coordinator/server';

const README = new URL('../../README.md', import.meta.url);

describe('configuration', function () {
  it('approval TTL: one day by default, from the environment, a flag winning over it; not zero', () => {
    assert.equal(loadConfig([], {}).approvalTtlSeconds, 86_400);
    assert.equal(loadConfig([], { COORDINATOR_APPROVAL_TTL_SECONDS: '3600' }).approvalTtlSeconds, 3600);
    assert.equal(loadConfig(['--approval-ttl', '60'], { COORDINATOR_APPROVAL_TTL_SECONDS: '3600' }).approvalTtlSeconds, 60);
    assert.equal(loadConfig(['--approval-ttl=5'], {}).approvalTtlSeconds, 5);
    assert.throws(() => loadConfig(['--approval-ttl', '0'], {}), /approvalTtlSeconds/);
  });

  it('allowed origins: none by default, normalised from a comma-separated list; an entry with a path refused naming the setting', () => {
    assert.deepEqual(loadConfig([], {}).allowedOrigins, []);
    assert.deepEqual(loadConfig([], { COORDINATOR_ALLOWED_ORIGINS: 'https://Board.example.com, http://localhost:5173' }).allowedOrigins, ['https://board.example.com', 'http://localhost:5173']);
    assert.throws(() => loadConfig(['--allowed-origins', 'https://board.example.com/app'], {}), /allowedOrigins.*scheme:\/\/host\[:port\]/s);
  });

  it('MCP session idle time: one hour by default, configurable, not zero', () => {
    assert.equal(loadConfig([], {}).mcpSessionIdleSeconds, 3600);
    assert.equal(loadConfig(['--mcp-session-idle', '60'], {}).mcpSessionIdleSeconds, 60);
    assert.throws(() => loadConfig([], { COORDINATOR_MCP_SESSION_IDLE_SECONDS: '0' }), /mcpSessionIdleSeconds/);
  });

  it("the README's configuration table lists every setting with its flag, environment variable and help, in order", async () => {
    const readme = await readFile(README, 'utf8');
    const rows = readme
      .split('\n')
      .filter((line) => /^\| .+ \| `--[a-z-]+` \| `[A-Z_]+` \|$/.test(line));
    assert.deepEqual(
      rows,
      Object.values(SETTINGS).map((s) => `| ${s.help} | \`${s.flag}\` | \`${s.env}\` |`),
    );
  });
});
