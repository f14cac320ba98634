/**
 * The CLI's words for the services' messages (server/src/cli/command-names.ts): the leading operation
 * becomes the canonical CLI command (its name in kebab-case), operations and arguments named in hints
 * become command lines and flags, and everything else — field names, prose, operations the CLI has no
 * command for — is left as it was.
 */
import assert from 'node:assert/strict';
import { cliMessage } from '../../server/src/cli/command-names.ts';
import { COMMANDS } from '../../server/src/cli/commands.ts';

const inCliWords = (message: string): string => cliMessage(message, (name) => Object.hasOwn(COMMANDS, name));

describe('CLI command names in messages', function () {
  it('names the canonical command instead of the operation, and register-agent instead of register_agent', () => {
    assert.equal(inCliWords('get_next_task: no agent "x" — call register_agent first'), 'get-next-task: no agent "x" — run `agent-coordinator register-agent NAME` first');
    assert.equal(
      inCliWords('complete_task: T-3 is claimed by bob, not by alice — take another task with get_next_task (a human agent may pass force: true to take it over; that is audited)'),
      'complete-task: T-3 is claimed by bob, not by alice — take another task with `agent-coordinator get-next-task` (a human agent may pass --force to take it over; that is audited)',
    );
    assert.equal(
      inCliWords('release_task: force is for humans — call register_agent with kind human first'),
      'release-task: force is for humans — run `agent-coordinator register-agent NAME --kind human` first',
    );
  });

  it('leaves field names, plain words and operations without a command alone', () => {
    assert.equal(inCliWords('lock_files: invalid input — ttl_seconds: too small; agent_id: required'), 'lock-files: invalid input — ttl_seconds: too small; agent_id: required');
    assert.equal(inCliWords('frobnicate_all: keep the heartbeat going'), 'frobnicate_all: keep the heartbeat going');
    assert.equal(inCliWords('request_release: ask with request_release'), 'request_release: ask with request_release');
  });
});
