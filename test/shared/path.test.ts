import assert from 'node:assert/strict';
import { normalizeRepoPath, RepoPathSchema } from '@agent-coordinator/shared';

function normalized(raw: string): string {
  const result = normalizeRepoPath(raw);
  assert.ok(result.ok, `expected "${raw}" to normalise, got: ${result.ok ? '' : result.reason}`);
  return result.path;
}

function refusal(raw: string): string {
  const result = normalizeRepoPath(raw);
  assert.ok(!result.ok, `expected "${raw}" to be refused, got ${result.ok ? result.path : ''}`);
  return result.reason;
}

describe('shared/path', () => {
  describe('normalizeRepoPath', () => {
    it('drops "." segments and repeated slashes', () => {
      assert.equal(normalized('./src//a.ts'), 'src/a.ts');
      assert.equal(normalized('src/./a.ts'), 'src/a.ts');
    });

    it('turns backslashes into slashes', () => {
      assert.equal(normalized('src\\a\\b.ts'), 'src/a/b.ts');
    });

    it('reads a trailing slash as the folder and everything under it', () => {
      assert.equal(normalized('src/'), 'src/**');
      assert.equal(normalized('src\\lib\\'), 'src/lib/**');
    });

    it('keeps globs as they are', () => {
      assert.equal(normalized('src/**/*.ts'), 'src/**/*.ts');
    });

    it('refuses absolute paths', () => {
      assert.match(refusal('/etc/passwd'), /absolute/);
      assert.match(refusal('C:/x'), /absolute/);
      assert.match(refusal('c:\\x'), /absolute/);
      assert.match(refusal('~/x'), /absolute/);
    });

    it('refuses ".." with a reason naming it', () => {
      for (const raw of ['../a', 'src/../../a', 'src/..']) assert.match(refusal(raw), /"\.\."/);
    });

    it('refuses empty paths and the repository root', () => {
      assert.match(refusal(''), /empty/);
      assert.match(refusal('   '), /empty/);
      assert.match(refusal('.'), /repository root/);
      assert.match(refusal('./'), /repository root/);
    });
  });

  describe('RepoPathSchema', () => {
    it('outputs the normalised path', () => {
      assert.equal(RepoPathSchema.parse('./src//a.ts'), 'src/a.ts');
      assert.equal(RepoPathSchema.parse('src/'), 'src/**');
    });

    it('reports the refusal reason as the issue message', () => {
      const result = RepoPathSchema.safeParse('../x');
      assert.equal(result.success, false);
      assert.match(result.error?.issues[0]?.message ?? '', /"\.\.".*inside the repository/);
    });

    it('refuses absolute and empty paths', () => {
      assert.equal(RepoPathSchema.safeParse('/abs').success, false);
      assert.equal(RepoPathSchema.safeParse('C:/x').success, false);
      assert.equal(RepoPathSchema.safeParse('').success, false);
    });
  });
});
