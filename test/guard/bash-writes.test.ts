/**
 * What the Claude Code hook recognises as a Bash write (server/src/cli/guard/bash-writes.ts): each
 * recognised form, the reads that must not count, and the computed paths that are skipped, not guessed.
 */
import assert from 'node:assert/strict';
import { bashWrites } from '../../server/src/cli/guard/bash-writes.ts';

const written = (command: string, cwd = '/repo'): string[] => bashWrites(command, cwd).writes.map((w) => w.path);

describe('bash writes', () => {
  const cases: readonly (readonly [string, readonly string[]])[] = [
    ['echo hi > out.txt', ['/repo/out.txt']],
    ['echo hi >> log/app.log', ['/repo/log/app.log']],
    ['make 2> err.txt &> all.txt', ['/repo/err.txt', '/repo/all.txt']],
    ['printf x >| forced.txt', ['/repo/forced.txt']],
    ["cat > src/a.ts <<'EOF'\nrm -rf src\necho x > not-a-write.txt\nEOF", ['/repo/src/a.ts']],
    ['cat <<-EOF > notes.md\n\tbody > x\n\tEOF\necho y >> after.txt', ['/repo/notes.md', '/repo/after.txt']],
    ['echo x | tee -a one.ts two.ts', ['/repo/one.ts', '/repo/two.ts']],
    ["sed -i 's/a/b/' src/a.ts src/b.ts", ['/repo/src/a.ts', '/repo/src/b.ts']],
    ["sed -i.bak -e 's/a/b/' -e 's/c/d/' x.ts", ['/repo/x.ts']],
    ["sed --in-place 's/a/b/' y.ts", ['/repo/y.ts']],
    ["perl -pi -e 's/x/y/' p.pl", ['/repo/p.pl']],
    ['touch new.ts && truncate -s 0 old.ts', ['/repo/new.ts', '/repo/old.ts']],
    ['rm -rf build "with space.ts"', ['/repo/build', '/repo/with space.ts']],
    ['mv a.ts b.ts', ['/repo/a.ts', '/repo/b.ts']],
    ['cp src/a.ts src/b.ts', ['/repo/src/b.ts']],
    ['cp -t target f1 f2', ['/repo/target/f1', '/repo/target/f2']],
    ['dd if=/dev/zero of=disk.img bs=1k count=1', ['/repo/disk.img']],
    ['git checkout -- src/a.ts docs/', ['/repo/src/a.ts', '/repo/docs']],
    ['git checkout HEAD~1 -- src/a.ts', ['/repo/src/a.ts']],
    ['git restore src/a.ts', ['/repo/src/a.ts']],
    ['git rm old.ts', ['/repo/old.ts']],
    ['git mv a.ts b.ts', ['/repo/a.ts', '/repo/b.ts']],
    ['cd src && sed -i s/a/b/ a.ts', ['/repo/src/a.ts']],
    ['git -C sub checkout -- x.ts', ['/repo/sub/x.ts']],
    ['(cd sub && make) > build.log', ['/repo/build.log']],
    ['FOO=1 sudo -E env BAR=2 tee /repo/etc.conf', ['/repo/etc.conf']],
    ['if true; then rm gone.ts; fi', ['/repo/gone.ts']],
    ['timeout 10 cp a b', ['/repo/b']],
    ['rm src/*.ts', ['/repo/src/*.ts']],
  ];
  for (const [command, expected] of cases) {
    it(`${JSON.stringify(command)} writes ${expected.join(', ')}`, () => assert.deepEqual(written(command), expected));
  }

  const reads = [
    'cat src/a.ts',
    'grep -rn foo src | head -20',
    "sed -n '1,20p' src/a.ts",
    'ls -la > /dev/null 2>&1',
    'git status && git diff',
    'git log --oneline | wc -l',
    'npm test 2>&1',
    'echo "a > b" # > c',
    'git restore --staged src/a.ts',
    'git rm --cached src/a.ts',
    'node -e "require(\'fs\')" <input.txt',
  ];
  for (const command of reads) it(`${JSON.stringify(command)} writes nothing`, () => assert.deepEqual(written(command), []));

  it('skips paths computed at run time instead of guessing them', () => {
    const result = bashWrites('rm -rf "$BUILD_DIR"/out; echo x > ~/notes; echo y > $(mktemp)', '/repo');
    assert.deepEqual(result.writes, []);
    assert.equal(result.skipped.length, 3);
  });

  it('after cd to a computed folder, relative paths are skipped, absolute ones kept', () => {
    const result = bashWrites('cd "$TMP" && echo x > a.txt && echo y > /repo/b.txt', '/repo');
    assert.deepEqual(result.writes.map((w) => w.path), ['/repo/b.txt']);
    assert.match(result.skipped[0] ?? '', /folder it runs in is not known/);
  });

  it('git checkout without -- keeps operands only if they exist (one may be a branch)', () => {
    assert.deepEqual(bashWrites('git checkout main src/a.ts', '/repo').writes, [
      { path: '/repo/main', via: 'git checkout', ifExists: true },
      { path: '/repo/src/a.ts', via: 'git checkout', ifExists: true },
    ]);
    assert.deepEqual(written('git checkout -b feature'), []);
  });

  it('mv and cp into a folder name what lands inside it', () => {
    assert.deepEqual(bashWrites('mv a.ts b.ts lib', '/repo').writes.at(-1), { path: '/repo/lib', via: 'mv', into: ['a.ts', 'b.ts'] });
  });

  it('names whole-tree git commands as not recognised', () => {
    assert.match(bashWrites('git stash && git pull', '/repo').skipped.join('\n'), /git stash/);
  });
});
