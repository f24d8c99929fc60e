import {
  cleanDeep,
  cleanText,
  findInputProblem,
  isSafeText,
  MAX_INPUT_DEPTH,
  nestingDepth,
  textProblem,
} from './input-text';

const deep = (depth: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('input text', () => {
  it('tells NUL and lone surrogates from well-formed text, emoji and RTL included', () => {
    expect(textProblem('a\u0000b')).toBe('nul');
    expect(textProblem('a\ud800b')).toBe('lone_surrogate');
    expect(textProblem('\udc00')).toBe('lone_surrogate');
    expect(textProblem('x\ud83d')).toBe('lone_surrogate');
    for (const ok of ['', '😀', '山田 太郎', '\u202eabc', 'مرحبا', '👩‍👩‍👧‍👦']) expect(isSafeText(ok)).toBe(true);
  });

  it('cleans: NUL dropped, each lone surrogate becomes U+FFFD, pairs kept', () => {
    expect(cleanText('a\u0000b\ud800c😀\udfff')).toBe('ab\ufffdc😀\ufffd');
    expect(cleanText('fine')).toBe('fine');
  });

  it('names the field of the first problem, keys included', () => {
    expect(findInputProblem({ facts: { budget: 'a\u0000' } })).toEqual({
      kind: 'nul',
      field: 'facts.budget',
      message: 'facts.budget must not contain NUL characters',
    });
    expect(findInputProblem({ items: ['ok', '\ud800'] })?.field).toBe('items.1');
    expect(findInputProblem({ ['k\u0000']: 1 })?.field).toBe('k');
    expect(findInputProblem('\ud800', { root: 'payload' })?.field).toBe('payload');
    expect(findInputProblem({ a: 1, b: [true, null, '漢'] })).toBeNull();
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH}, without recursion, even 100,000 deep`, () => {
    expect(findInputProblem(deep(MAX_INPUT_DEPTH))).toBeNull();
    expect(findInputProblem(deep(MAX_INPUT_DEPTH + 1))?.kind).toBe('too_deep');
    const problem = findInputProblem(deep(100_000));
    expect(problem).toEqual({
      kind: 'too_deep',
      field: 'a.a.a',
      message: `a.a.a is nested deeper than ${MAX_INPUT_DEPTH} levels`,
    });
    expect(nestingDepth(deep(100_000))).toBe(MAX_INPUT_DEPTH + 1);
    expect(nestingDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(nestingDepth('x')).toBe(0);
  });

  it('cleans nested values deeply and keeps untouched values identical', () => {
    const fine = { a: ['x', { b: 1 }] };
    expect(cleanDeep(fine)).toBe(fine);
    expect(cleanDeep({ ['k\u0000']: ['\ud800', { n: 'a\u0000' }], d: 1 })).toEqual({ k: ['\ufffd', { n: 'a' }], d: 1 });
    const date = new Date(0);
    expect(cleanDeep({ date }).date).toBe(date);
  });
});
