/**
 * The CLI's words for the services' messages (server/src/cli/command-names.ts): the leading operation
 * becomes the CLI command, tools and arguments named in hints become command lines and flags, and
 * everything else — field names, prose, unknown operations — is left as it was.
 */
import assert from 'node:assert/strict';
import { TOOL_NAMES } from '@agent-coordinator/shared';
import { CLI_COMMANDS, cliMessage } from '../../server/src/cli/command-names.ts';

describe('CLI command names in messages', function () {
  it('names the command instead of the operation, and the register command instead of register_agent', () => {
    assert.equal(cliMessage('get_next_task: no agent "x" — call register_agent first'), 'next: no agent "x" — run `agent-coordinator register NAME` first');
    assert.equal(
      cliMessage('complete_task: T-3 is claimed by bob, not by alice — take another task with get_next_task (a human agent may pass force: true to take it over; that is audited)'),
      'complete: T-3 is claimed by bob, not by alice — take another task with `agent-coordinator next` (a human agent may pass --force to take it over; that is audited)',
    );
    assert.equal(cliMessage('release_task: force is for humans — call register_agent with kind human first'), 'release-task: force is for humans — run `agent-coordinator register NAME --kind human` first');
  });

  it('leaves field names, plain words and unknown operations alone', () => {
    assert.equal(cliMessage('lock_files: invalid input — ttl_seconds: too small; agent_id: required'), 'lock: invalid input — ttl_seconds: too small; agent_id: required');
    assert.equal(cliMessage('frobnicate_all: keep the heartbeat going'), 'frobnicate_all: keep the heartbeat going');
  });

  it('has a command for every core tool', () => {
    for (const tool of TOOL_NAMES) assert.ok(Object.hasOwn(CLI_COMMANDS, tool), tool);
  });
});
