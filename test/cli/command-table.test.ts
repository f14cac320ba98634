/**
 * One name per operation (issue #19): every command that runs an operation is the operation's catalogue
 * name in kebab-case, the older short commands are aliases resolved to the same command (the other CLI
 * suites still type them: that they pass proves the aliases work end to end), and the usage lists each
 * command once with its aliases beside it.
 */
import assert from 'node:assert/strict';
import { ALL_TOOLS } from '@agent-coordinator/shared';
import { COMMANDS } from '../../server/src/cli/commands.ts';
import { resolveCommand, subcommandsOf, usageLines, type Alias } from '../../server/src/cli/command-table.ts';
import { commandOf } from '../../server/src/cli/command-names.ts';

const aliases = Object.entries(COMMANDS).flatMap(([name, entry]) => (entry.aliases ?? []).map((a): [string, Alias] => [name, typeof a === 'string' ? { name: a } : a]));
const resolved = (...words: string[]) => {
  const command = resolveCommand(COMMANDS, words);
  return command && { name: command.name, args: command.args };
};

/** MCP tools the CLI has no command for yet. */
const WITHOUT_COMMAND = new Set(['request_release']);

describe('CLI command table', function () {
  it('has a canonical command, the kebab-case of its name, for every catalogue operation', () => {
    for (const tool of Object.keys(ALL_TOOLS).filter((t) => !WITHOUT_COMMAND.has(t))) assert.ok(Object.hasOwn(COMMANDS, commandOf(tool)), tool);
    assert.deepEqual(resolved('get-next-task'), { name: 'get-next-task', args: [] });
    assert.deepEqual(resolved('add-key-result', 'O-1', 'T', 'target=3'), { name: 'add-key-result', args: ['O-1', 'T', 'target=3'] });
  });

  it('resolves every canonical command to itself', () => {
    for (const name of Object.keys(COMMANDS)) assert.equal(resolved(...name.split(' '), 'ARG')?.name, name, name);
  });

  it('resolves every alias to its command; an alias is never a canonical name, and only the argument-choosing ones are shared', () => {
    for (const [name, alias] of aliases) {
      assert.ok(!Object.hasOwn(COMMANDS, alias.name), `${alias.name} is a command of its own`);
      if (alias.when === undefined) assert.equal(resolved(...alias.name.split(' '))?.name, name, alias.name);
    }
    const plain = aliases.filter(([, a]) => a.when === undefined).map(([, a]) => a.name);
    assert.equal(new Set(plain).size, plain.length, 'an alias without `when` belongs to one command');
    // An alias that chooses by its arguments has a fallback, so an incomplete line reaches a command that says what is missing.
    for (const [, alias] of aliases.filter(([, a]) => a.when !== undefined)) assert.ok(plain.includes(alias.name), alias.name);
  });

  it('dispatches the short commands that ran two operations by their arguments, as before', () => {
    assert.deepEqual(resolved('next'), { name: 'get-next-task', args: [] });
    assert.deepEqual(resolved('next', '--agent', 'bob', '--json'), { name: 'get-next-task', args: ['--agent', 'bob', '--json'] });
    assert.deepEqual(resolved('next', 'T-4', '--agent', 'bob'), { name: 'claim-task', args: ['T-4', '--agent', 'bob'] });
    assert.deepEqual(resolved('runs', '--url', 'http://h:1'), { name: 'list-runs', args: ['--url', 'http://h:1'] });
    assert.deepEqual(resolved('runs', 'RUN'), { name: 'get-run', args: ['RUN'] });
    assert.deepEqual(resolved('message', '--thread', 'TH'), { name: 'get-thread', args: ['TH'] });
    assert.deepEqual(resolved('message', '--json', '--thread=TH'), { name: 'get-thread', args: ['--json', 'TH'] });
    assert.deepEqual(resolved('message', '--thread', 'TH', 'thanks'), { name: 'send-message', args: ['--thread', 'TH', 'thanks'] });
    assert.deepEqual(resolved('message', 'bob', 'hi'), { name: 'send-message', args: ['bob', 'hi'] });
    assert.deepEqual(resolved('mission', 'add-task', '--url', 'u', 'Docs', 'T-1', 'T-2'), { name: 'plan-task', args: ['--url', 'u', 'mission=Docs', 'T-1', 'T-2'] });
    assert.deepEqual(resolved('sprint', 'add-task', '-', 'T-1'), { name: 'plan-task', args: ['sprint=-', 'T-1'] });
  });

  it('puts options given before the name in front of the arguments, after an alias is resolved', () => {
    assert.deepEqual(resolveCommand(COMMANDS, ['mission', 'create', 'Docs'], ['--url', 'u'])?.args, ['--url', 'u', 'Docs']);
    assert.equal(resolveCommand(COMMANDS, ['frobnicate']), undefined);
    assert.equal(resolveCommand(COMMANDS, ['mission', 'frobnicate']), undefined);
    assert.deepEqual(subcommandsOf(COMMANDS, 'okr'), ['objective', 'kr', 'progress', 'requirement', 'link', 'unlink']);
    // A one-word command never starts a two-word name, so `lock start.ts` locks start.ts.
    const names = [...Object.keys(COMMANDS), ...aliases.map(([, a]) => a.name)];
    for (const single of names.filter((n) => !n.includes(' '))) assert.deepEqual(subcommandsOf(COMMANDS, single), [], single);
  });

  it('lists each command once in the usage, with its aliases beside it once', () => {
    const lines = usageLines(COMMANDS);
    for (const name of Object.keys(COMMANDS)) assert.equal(lines.filter((l) => l.startsWith(`${name} `)).length, 1, name);
    assert.equal(lines.length, Object.keys(COMMANDS).length);
    assert.ok(lines.includes('lock-files (alias: lock) PATH... [--shared] [--ttl SECONDS] [--wait SECONDS] [--reason TEXT] [--task KEY] [--agent NAME|ID] [--url URL] [--json]   lock files or globs'));
    const listed = lines.flatMap((line) => /^\S+ \(alias(?:es)?: ([^)]+)\)/.exec(line)?.[1]?.split(', ') ?? []);
    assert.deepEqual([...listed].sort(), aliases.map(([, a]) => a.shown ?? a.name).sort());
    assert.equal(new Set(listed).size, listed.length);
    const usage = lines.join('\n');
    assert.match(usage, /^plan-task \(aliases: mission add-task NAME\|- KEY\.\.\., sprint add-task NAME\|- KEY\.\.\.\) KEY\.\.\./m);
    assert.match(usage, /^get-run \(alias: runs RUN_ID\) RUN_ID/m);
  });
});
