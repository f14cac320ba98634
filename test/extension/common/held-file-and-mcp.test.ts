/** The read-only guard's memory and texts (held-file.ts), and when the MCP provider steps back for .mcp.json (mcp-dedupe.ts). */
import assert from 'node:assert/strict';
import { EditAnywayChoices, heldExplanation, heldHeadline, heldText } from '../../../extension/src/common/held-file.ts';
import { equivalentMcpEntry, vscodeListingText } from '../../../extension/src/common/mcp-dedupe.ts';
import { mergeMcpServers } from '@agent-coordinator/shared';
import { lock, T0, uuid } from '../../support/wire-fixtures.ts';

const BOB = uuid(2);
const held = lock({ lock_id: uuid(10), path: 'src/a.ts', held_by_id: BOB, held_by: 'bob', task_key: 'T-3', reason: 'refactoring' });

describe('held files', () => {
  it('say who holds the file, for which task, until when, and what read-only means', () => {
    assert.match(heldText(held, T0), /^bob holds this file for T-3 until \d\d:\d\d$/);
    assert.match(heldHeadline(held, false, T0), /^Read-only: bob holds/);
    assert.match(heldHeadline(held, true, T0), /^Editing anyway: bob holds/);
    assert.match(heldExplanation(held, false, T0), /\(refactoring\)\. It is open read-only .* writable the moment the lock goes/);
    assert.match(heldText({ ...held, task_key: null }, T0), /^bob holds this file until/);
  });

  it('keeps Edit Anyway for one lock only', () => {
    const choices = new EditAnywayChoices();
    choices.choose('src/a.ts', held);
    assert.equal(choices.has('src/a.ts', held), true);
    const again = { ...held, lock_id: uuid(11) };
    assert.equal(choices.has('src/a.ts', again), false, 'a new lock on the same file is read-only again');
    choices.retain(new Set([uuid(11)]));
    assert.equal(choices.has('src/a.ts', held), false, 'forgotten once its lock is gone');
  });
});

describe('one MCP definition for the coordinator', () => {
  const URL_ = 'http://127.0.0.1:7421/mcp';

  it('steps back for the entry Connect Claude Code writes without a token, and not for one that needs Claude Code’s token variable', () => {
    const plain = mergeMcpServers(null, 'http://127.0.0.1:7421').text;
    assert.deepEqual(equivalentMcpEntry(plain, URL_), { name: 'agent-coordinator', url: URL_ });
    assert.deepEqual(equivalentMcpEntry(plain, `${URL_}/`), { name: 'agent-coordinator', url: URL_ });
    const withToken = mergeMcpServers(null, 'http://127.0.0.1:7421', { auth: { token: true } }).text;
    assert.equal(equivalentMcpEntry(withToken, URL_), null);
  });

  it('does not step back for another server, another project, a broken file or no file', () => {
    assert.equal(equivalentMcpEntry(mergeMcpServers(null, 'http://127.0.0.1:9999').text, URL_), null);
    const project = mergeMcpServers(null, 'http://127.0.0.1:7421', { auth: { project: 'alpha' } }).text;
    assert.equal(equivalentMcpEntry(project, URL_, 'beta'), null);
    assert.equal(equivalentMcpEntry(project, URL_, 'alpha')?.name, 'agent-coordinator');
    assert.equal(equivalentMcpEntry(project, URL_), null, 'it would send a project this window does not use');
    assert.equal(equivalentMcpEntry('{ not json', URL_), null);
    assert.equal(equivalentMcpEntry(null, URL_), null);
    assert.equal(equivalentMcpEntry(JSON.stringify({ mcpServers: { mine: { url: URL_ } } }), URL_)?.name, 'mine', 'any name, same URL');
  });

  it('says how VS Code lists the coordinator after Connect Claude Code', () => {
    assert.match(vscodeListingText({ name: 'agent-coordinator', url: URL_ }, true), /lists the coordinator once, as "agent-coordinator" from \.mcp\.json/);
    assert.match(vscodeListingText(null, true), /keeps the extension's own MCP entry/);
    assert.match(vscodeListingText(null, false), /registerMcpServer is off/);
  });
});
