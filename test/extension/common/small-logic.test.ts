/** The small pure pieces: paths, names, times, edit-guard memory, release requests, status text, LM tool texts. */
import assert from 'node:assert/strict';
import { ago, clockTime, plural, until } from '../../../extension/src/common/format.ts';
import { chooseUserName, sanitizeAgentName } from '../../../extension/src/common/identity.ts';
import { ancestorFolders, fromRepoPath, toRepoPath } from '../../../extension/src/common/workspace-paths.ts';
import { blockingLock, WarnedLocks } from '../../../extension/src/common/edit-guard.ts';
import { releaseRequestedText } from '../../../extension/src/common/release-requests.ts';
import { knowledgePickRow, parseTags, renderKnowledgeMarkdown } from '../../../extension/src/common/knowledge-text.ts';
import { formatPercent, percentBar } from '../../../extension/src/common/percent.ts';
import { confirmation, LM_TOOL_NAMES, toolErrorText } from '../../../extension/src/common/lm-tools.ts';
import { describeStatus } from '../../../extension/src/features/status-bar/status-text.ts';
import { normalizeServerUrl, mcpUrl } from '../../../extension/src/common/coordinator-api.ts';
import { policyNotes, policyText } from '../../../extension/src/common/policy-outcome.ts';
import { iso, knowledgeEntry, lock, T0, task, uuid } from '../../support/wire-fixtures.ts';

const ME = uuid(1);
const BOB = uuid(2);

describe('extension small logic', () => {
  it('maps file-system paths to repository paths and back', () => {
    assert.equal(toRepoPath('/w/repo/src/a.ts', ['/w/repo']), 'src/a.ts');
    assert.equal(toRepoPath('/w/repo2/a.ts', ['/w/repo']), null);
    assert.equal(toRepoPath('/w/repo', ['/w/repo']), null);
    assert.equal(toRepoPath('/w/repo/pkg/a.ts', ['/w/repo', '/w/repo/pkg']), 'a.ts', 'the innermost root wins');
    assert.equal(toRepoPath('C:\\W\\Repo\\src\\a.ts', ['c:\\w\\repo']), 'src/a.ts');
    assert.equal(fromRepoPath('src/a.ts', '/w/repo/'), '/w/repo/src/a.ts');
    assert.deepEqual(ancestorFolders('a/b/c.ts'), ['a', 'a/b']);
  });

  it('chooses a valid agent name for the human', () => {
    assert.equal(sanitizeAgentName('  Ada  Lovelace / ACME '), 'Ada Lovelace - ACME');
    assert.equal(chooseUserName([null, '  ', 'ada']), 'ada');
    assert.equal(chooseUserName([]), 'vscode-user');
    assert.equal(sanitizeAgentName('x'.repeat(150)).length, 100);
  });

  it('formats times', () => {
    assert.equal(clockTime(new Date(2026, 10, 21, 14, 5).toISOString(), new Date(2026, 10, 21, 9, 0).getTime()), '14:05');
    assert.equal(clockTime(new Date(2026, 10, 22, 14, 5).toISOString(), new Date(2026, 10, 21, 9, 0).getTime()), 'Nov 22 14:05');
    assert.equal(ago(iso(-90_000), T0), '2 min ago');
    assert.equal(ago(iso(-1_000), T0), 'just now');
    assert.equal(until(iso(-1), T0), 'lease renewed by heartbeat');
  });

  it('writes counts as English plurals, never "file(s)"', () => {
    assert.equal(plural(1, 'file'), '1 file');
    assert.equal(plural(3, 'file'), '3 files');
    assert.equal(plural(0, 'task'), '0 tasks');
    assert.equal(plural(2, 'entry', 'entries'), '2 entries');
  });

  it('warns once per file and lock, and again for a new lock', () => {
    const l = lock({ lock_id: uuid(30), path: 'src/a.ts', held_by_id: BOB, held_by: 'bob' });
    assert.equal(blockingLock('src/a.ts', [l], new Set([ME]))?.lock_id, l.lock_id);
    assert.equal(blockingLock('src/a.ts', [l], new Set([BOB])), undefined, 'your own lock never blocks you');
    assert.equal(blockingLock('src/a.ts', [{ ...l, mode: 'shared' }], new Set([ME])), undefined, 'shared locks do not block editing');
    const warned = new WarnedLocks();
    assert.equal(warned.shouldWarn('src/a.ts', l), true);
    assert.equal(warned.shouldWarn('src/a.ts', l), false);
    warned.retain(new Set());
    assert.equal(warned.shouldWarn('src/a.ts', l), true);
  });

  it('tells the requester who was asked to release', () => {
    assert.match(releaseRequestedText('src/a.ts', [{ holder: 'alice', paths: ['src/a.ts'] }]), /^asked alice to release src\/a\.ts/);
    assert.match(releaseRequestedText('src/a.ts', []), /nobody else holds src\/a\.ts/);
  });

  it('prints percentages with at most one decimal', () => {
    assert.equal(formatPercent(50), '50%');
    assert.equal(formatPercent(33.333), '33.3%');
    assert.equal(formatPercent(100.4), '100%');
    assert.equal(formatPercent(Number.NaN), '–');
    assert.equal(percentBar(25), '■■■□□□□□□□');
  });

  it('shows knowledge entries as quick-pick rows and Markdown, and parses typed tags', () => {
    const entry = knowledgeEntry({ key: 'K-3', kind: 'gotcha', title: 'PGlite needs one connection', body: '\nOpen it once.\nSecond line.', tags: ['db', 'pglite'], files: ['server/src/db.ts'] });
    assert.deepEqual(knowledgePickRow(entry, 0.8123), { label: '$(warning) K-3 PGlite needs one connection', description: 'gotcha · #db #pglite · 0.81', detail: 'Open it once.' });
    const markdown = renderKnowledgeMarkdown(entry, T0);
    assert.match(markdown, /^# K-3 PGlite needs one connection\n/);
    assert.match(markdown, /Tags: `db` `pglite`/);
    assert.match(markdown, /## Files\n\n- `server\/src\/db\.ts`/);
    assert.deepEqual(parseTags(' Database, ci:flaky  #perf database'), ['database', 'ci:flaky', 'perf']);
  });

  it('says connected / reconnecting / offline and the current task in the status bar', () => {
    const t = task({ task_id: uuid(10), key: 'T-42', title: 'Fix the flaky lock test', status: 'in_progress', claimed_by: ME });
    assert.equal(describeStatus({ kind: 'connected', since: 0 }, t, 'http://x', 'alice', 0).text, '$(check) T-42 Fix the flaky lock test');
    const retry = describeStatus({ kind: 'reconnecting', attempt: 2, retryAt: 4_500, error: 'connection closed' }, null, 'http://x', null, 1_000);
    assert.equal(retry.text, '$(sync~spin) Coordinator reconnecting');
    assert.match(retry.tooltip, /Retrying in 4 s/);
    assert.equal(retry.refreshInMs, 1000);
    const offline = describeStatus({ kind: 'offline', attempt: 5, retryAt: 0, error: 'ECONNREFUSED' }, null, 'http://x', null, 1_000);
    assert.equal(offline.warning, true);
    assert.match(offline.text, /offline/);
  });

  it('asks before every language-model tool that changes state, and explains unreachable servers', () => {
    for (const name of LM_TOOL_NAMES) assert.equal(confirmation(name, { paths: ['a'] }) === undefined, name === 'check_files', name);
    assert.match(toolErrorText(new TypeError('fetch failed'), 'http://127.0.0.1:7421'), /^UNAVAILABLE: .*Start Local Server/);
  });

  it('normalises server URLs', () => {
    assert.equal(normalizeServerUrl('http://127.0.0.1:7421/'), 'http://127.0.0.1:7421');
    assert.equal(normalizeServerUrl(' http://h:1/mcp '), 'http://h:1');
    assert.equal(mcpUrl('http://h:1/trpc'), 'http://h:1/mcp');
  });

  it('reads policy warnings and pending approvals from results, and nothing from servers without policies', () => {
    assert.deepEqual(policyNotes({ task_id: 'x' }), { warnings: [], pending: null });
    assert.equal(policyText(null), '');
    const held = { granted: false, pending_approval: { approval_id: uuid(70), policy: 'core-files', message: 'a human approves edits to src/core' } };
    assert.equal(policyNotes(held).pending, 'policy core-files: a human approves edits to src/core');
    assert.match(policyText({ warnings: ['big-task: more than 20 files'] }), /^Policy warnings: big-task: more than 20 files\.$/);
  });
});
