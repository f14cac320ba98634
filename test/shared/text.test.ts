/**
 * The two text rules every input schema is built from (shared/src/text.ts): names refuse every control
 * character and lone surrogates; free text refuses NUL and lone surrogates and keeps the rest.
 */
import assert from 'node:assert/strict';
import { AgentNameSchema, freeText, nameText } from '@agent-coordinator/shared';

const CONTROL = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i)].map((c) => String.fromCharCode(c));

describe('shared text rules', () => {
  it('names refuse every C0, DEL and C1 control character, anywhere in the name', () => {
    for (const c of CONTROL) {
      for (const value of [`${c}x`, `a${c}b`, `x${c}`]) {
        const result = nameText().safeParse(value);
        assert.equal(result.success, false, `accepted U+${c.charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(value)}`);
        assert.match(result.error?.issues[0]?.message ?? '', /control characters/);
      }
    }
    assert.equal(AgentNameSchema.safeParse('evil\u001b[2J').success, false);
  });

  it('names and free text keep printable Unicode, surrogate pairs included', () => {
    for (const value of ['alice', 'Zoë — 東京', 'emoji 🚀 ok', '\u00a0non-breaking', 'x\u2028y']) {
      assert.equal(nameText().safeParse(value).success, true, value);
      assert.equal(freeText().safeParse(value).success, true, value);
    }
  });

  it('free text keeps newlines, tabs and escapes but refuses NUL', () => {
    assert.equal(freeText().safeParse('line one\n\tline two\r\n\u001b[1mbold').success, true);
    const nul = freeText().safeParse('before\u0000after');
    assert.equal(nul.success, false);
    assert.match(nul.error?.issues[0]?.message ?? '', /NUL/);
  });

  it('both refuse a lone high or low surrogate', () => {
    for (const value of ['\ud800', 'a\udc00b', 'end\ud83d', '\ude80start']) {
      for (const schema of [nameText(), freeText()]) {
        const result = schema.safeParse(value);
        assert.equal(result.success, false, JSON.stringify(value));
        assert.match(result.error?.issues[0]?.message ?? '', /valid Unicode/);
      }
    }
  });
});
