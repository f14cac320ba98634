/**
 * The one flag parser (util.parseArgs underneath) shared by the client commands, `serve` and `mcp`:
 * the shapes it takes and the errors it gives, each naming the flag and what to do.
 */
import assert from 'node:assert/strict';
import { readFlags } from '../../server/src/common/command-line.ts';
import { parseArgs, UsageError } from '../../server/src/cli/args.ts';
import { loadConfig } from '../../server/src/config.ts';
import { parseMcpArgs } from '../../server/src/cli/mcp.command.ts';

const spec = { values: ['url', 'reason'], booleans: ['json'] };
const read = (argv: readonly string[]) => {
  const parsed = readFlags(argv, spec);
  return { positionals: parsed.positionals, values: Object.fromEntries(parsed.values), booleans: [...parsed.booleans] };
};

describe('command-line flags', () => {
  it('takes --flag value, --flag=value, booleans, positionals around them and -- to end the flags', () => {
    assert.deepEqual(read(['T-1', '--url', 'http://h:1', '--json', 'more']), { positionals: ['T-1', 'more'], values: { url: 'http://h:1' }, booleans: ['json'] });
    assert.deepEqual(read(['--reason=a=b', '--', '--json', 'x']), { positionals: ['--json', 'x'], values: { reason: 'a=b' }, booleans: [] });
  });

  it('keeps single-dash words as positionals and takes a value that starts with a dash', () => {
    assert.deepEqual(read(['-abc', '-', '--reason', '-x']), { positionals: ['-abc', '-'], values: { reason: '-x' }, booleans: [] });
  });

  it('names the flag and what is wrong', () => {
    assert.throws(() => readFlags(['--url'], spec), /^Error: --url needs a value$/);
    assert.throws(() => readFlags(['--json=yes'], spec), /--json takes no value/);
    assert.throws(() => readFlags(['--jsno'], spec), /unknown option --jsno; options: --url --reason --json/);
    assert.throws(() => parseArgs(['--jsno'], spec), (error: unknown) => error instanceof UsageError && /--jsno/.test(error.message));
  });

  it('serve settings: flags win over the environment; an unknown flag or a stray word is refused with the options', () => {
    assert.equal(loadConfig(['--port', '9001'], { PORT: '9000' }).port, 9001);
    assert.equal(loadConfig(['--port=9002'], {}).port, 9002);
    assert.throws(() => loadConfig(['--prot', '1'], {}), /unknown option --prot; options: --port --host/);
    assert.throws(() => loadConfig(['9000'], {}), /unexpected argument "9000"; options: --port/);
    assert.throws(() => loadConfig(['--port'], {}), /--port needs a value/);
  });

  it('mcp: flags as before, an empty value refused with an example', () => {
    assert.deepEqual(parseMcpArgs(['--url=http://h:1/', '--output-schemas', '--toolsets', 'all'], {}), { url: 'http://h:1', toolsets: 'all', outputSchemas: true });
    assert.throws(() => parseMcpArgs(['--url='], {}), /--url needs a value, such as http/);
    assert.throws(() => parseMcpArgs(['stray'], {}), /unexpected argument "stray"; usage: agent-coordinator mcp/);
  });
});
