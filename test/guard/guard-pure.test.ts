/**
 * The small pure parts of the guard CLI: git hook scripts placed into existing hooks, the guard's
 * configuration from `.agent-coordinator.json` and the environment, and the hook input → written files.
 */
import assert from 'node:assert/strict';
import { BLOCK_BEGIN, BLOCK_END, guardBlock, HookScriptError, mergeHookScript } from '../../server/src/cli/guard/git-hook-script.ts';
import { resolveGuardConfig } from '../../server/src/cli/guard/guard-config.ts';
import { ClaudeHookInputSchema, sessionAgentName, writeIntent } from '../../server/src/cli/guard/claude-hook-input.ts';
import { lineDiff } from '../../server/src/cli/guard/text-diff.ts';
import { commitRefusal, when } from '../../server/src/cli/guard/messages.ts';

const RUNNER = { node: '/opt/node/bin/node', cli: "/home/o'brien/ac/server/src/cli/main.ts" };

describe('git hook scripts', () => {
  const block = guardBlock('pre-commit', RUNNER);

  it('a new hook is a shell script running the guard, with the paths quoted', () => {
    const merged = mergeHookScript(null, block, '.git/hooks/pre-commit');
    assert.equal(merged.change, 'created');
    assert.match(merged.text, /^#!\/bin\/sh\n# >>> agent-coordinator guard >>>/);
    assert.match(merged.text, /'\/home\/o'\\''brien\/ac\/server\/src\/cli\/main\.ts'/);
    assert.match(merged.text, /ac_guard hook git-pre-commit \|\| exit \$\?/);
  });

  it('goes right after the shebang of an existing shell hook, keeping its commands, and is replaced in place', () => {
    const existing = '#!/usr/bin/env bash\nset -e\nnpm run lint\nexit 0\n';
    const inserted = mergeHookScript(existing, block, 'pre-commit');
    assert.equal(inserted.change, 'inserted');
    assert.ok(inserted.text.startsWith(`#!/usr/bin/env bash\n${BLOCK_BEGIN}`));
    assert.ok(inserted.text.endsWith(`${BLOCK_END}\nset -e\nnpm run lint\nexit 0\n`));
    assert.equal(mergeHookScript(inserted.text, block, 'pre-commit').change, 'unchanged');
    const moved = mergeHookScript(inserted.text, guardBlock('pre-commit', { ...RUNNER, node: '/usr/bin/node' }), 'pre-commit');
    assert.equal(moved.change, 'updated');
    assert.equal(moved.text.split(BLOCK_BEGIN).length, 2);
    assert.match(moved.text, /\/usr\/bin\/node/);
  });

  it('installed from the CLI package, names no path of this machine: PATH, then the repository\'s node_modules/.bin', () => {
    const portable = guardBlock('pre-commit');
    assert.doesNotMatch(portable, /\/opt\/node|main\.ts|'\//);
    assert.match(portable, /if command -v agent-coordinator >\/dev\/null 2>&1; then agent-coordinator "\$@"\n {2}elif \[ -x node_modules\/\.bin\/agent-coordinator \]; then node_modules\/\.bin\/agent-coordinator "\$@"\n {2}else echo "agent-coordinator: CLI not found; pre-commit not checked/);
  });

  it('refuses to edit a hook in another language', () => {
    assert.throws(() => mergeHookScript('#!/usr/bin/env python3\nprint(1)\n', block, '.git/hooks/pre-commit'), HookScriptError);
  });

  it('pre-push hands git\'s ref lines on to the rest of the hook', () => {
    assert.match(guardBlock('pre-push', RUNNER), /ac_refs=\$\(cat\)[\s\S]*exec 0<<ac_guard_refs_end\n\$ac_refs\nac_guard_refs_end/);
  });
});

describe('guard configuration', () => {
  it('defaults: auto-lock on, 120 s lease, allow when unreachable', () => {
    assert.deepEqual(resolveGuardConfig(null, {}), { config: { url: undefined, autoLock: true, leaseSeconds: 120, onUnreachable: 'allow' }, warnings: [] });
  });

  it('the repository file sets them; the environment wins; bad values become warnings', () => {
    const file = JSON.stringify({ url: 'http://10.0.0.2:7421', autoLock: false, leaseSeconds: 30, onUnreachable: 'deny' });
    assert.deepEqual(resolveGuardConfig(file, {}).config, { url: 'http://10.0.0.2:7421', autoLock: false, leaseSeconds: 30, onUnreachable: 'deny' });
    const env = { AGENT_COORDINATOR_AUTO_LOCK: '1', AGENT_COORDINATOR_LEASE_SECONDS: '300', AGENT_COORDINATOR_ON_UNREACHABLE: 'allow' };
    assert.deepEqual(resolveGuardConfig(file, env).config, { url: 'http://10.0.0.2:7421', autoLock: true, leaseSeconds: 300, onUnreachable: 'allow' });
    const bad = resolveGuardConfig('{"leaseSeconds": "long"}', { AGENT_COORDINATOR_ON_UNREACHABLE: 'maybe' });
    assert.equal(bad.config.onUnreachable, 'allow');
    assert.equal(bad.warnings.length, 2);
  });
});

describe('Claude Code hook input', () => {
  const input = (tool_name: string, tool_input: Record<string, unknown>) => ClaudeHookInputSchema.parse({ session_id: 'abc-123-def-456', cwd: '/repo/sub', tool_name, tool_input });

  it('maps each writing tool to its file, relative paths against cwd', () => {
    assert.deepEqual(writeIntent(input('Edit', { file_path: '/repo/a.ts', old_string: 'x', new_string: 'y' }), '/')?.writes, [{ path: '/repo/a.ts', via: 'Edit' }]);
    assert.deepEqual(writeIntent(input('Write', { file_path: 'b.ts', content: '' }), '/')?.writes, [{ path: '/repo/sub/b.ts', via: 'Write' }]);
    assert.deepEqual(writeIntent(input('MultiEdit', { file_path: '/repo/c.ts', edits: [] }), '/')?.writes, [{ path: '/repo/c.ts', via: 'MultiEdit' }]);
    assert.deepEqual(writeIntent(input('NotebookEdit', { notebook_path: '/repo/n.ipynb', new_source: '' }), '/')?.writes, [{ path: '/repo/n.ipynb', via: 'NotebookEdit' }]);
    assert.deepEqual(writeIntent(input('Bash', { command: 'echo x > out.txt' }), '/')?.writes, [{ path: '/repo/sub/out.txt', via: '>' }]);
    assert.equal(writeIntent(input('Read', { file_path: '/repo/a.ts' }), '/'), null);
  });

  it('names the session agent after the session id', () => {
    assert.equal(sessionAgentName(input('Edit', {})), 'claude-abc123de');
    assert.equal(sessionAgentName(ClaudeHookInputSchema.parse({ tool_name: 'Edit' })), 'claude-code');
  });
});

describe('guard messages', () => {
  it('a line diff marks what an install adds', () => {
    assert.equal(lineDiff('{\n  "a": 1\n}\n', '{\n  "a": 1,\n  "b": 2\n}\n'), '  {\n-   "a": 1\n+   "a": 1,\n+   "b": 2\n  }');
  });

  it('a refused commit lists every file with its holder, task and expiry, and the way out', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const text = commitRefusal(
      [{ path: 'src/a.ts', held_path: 'src/**', mode: 'exclusive', held_by: 'alice', held_by_id: '00000000-0000-4000-8000-000000000001', task_id: null, task_key: 'T-7', expires_at: '2026-01-01T00:05:00Z' }],
      { hook: 'pre-commit', now },
    );
    assert.match(text, /commit refused/);
    assert.match(text, /src\/a\.ts {2}held by alice for T-7 until 2026-01-01T00:05:00Z \(in 5 min\), as part of src\/\*\*/);
    assert.match(text, /AGENT_COORDINATOR_BYPASS=1 git commit/);
    assert.equal(when('2025-12-31T23:59:30Z', now), '2025-12-31T23:59:30Z (30 s ago)');
  });
});
