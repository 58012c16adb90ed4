// Keyword matching: accents and case folded, whole words only.
import { describe, expect, it } from 'vitest';
import { compileKeywords, findKeyword, findKeywords, fold, snippet } from '../../src/discovery/keywords.ts';

describe('fold', () => {
  it.each([
    ['Zoë', 'zoe'],
    ['ÉLODIE', 'elodie'],
    ['Straße', 'strasse'],
    ['Søren Łukasz', 'soren lukasz'],
    ['İstanbul', 'istanbul'],
    ['ﬁona', 'fiona'],
    ['ＡＢＣ', 'abc'],
    ['Ærøskøbing', 'aeroskobing'],
  ])('%s → %s', (input, expected) => {
    expect(fold(input).text).toBe(expected);
  });

  it('maps every folded character back to the original', () => {
    const f = fold('aßb');
    expect(f.text).toBe('assb');
    expect(f.origin).toEqual([0, 1, 1, 2]);
  });
});

describe('findKeyword', () => {
  it.each([
    // [keyword, text, found]
    ['Zoë', 'zoe at the beach', true],
    ['zoe', 'ZOË at the beach', true],
    ['Zoë Doe', 'New pics of ZOË  DOE!', true],
    ['Zoë Doe', 'featuring zoe_doe', true],
    ['Zoë Doe', 'zoe-doe.jpg', true],
    ['Zoë Doe', 'Zoe. Doe', true],
    ['Zoë Doe', 'zoedoe', false],
    ['Zoë Doe', 'Zoe and Doe', false],
    ['jo', 'john', false],
    ['jo', 'jo2', false],
    ['jo', 'banjo', false],
    ['jo', 'Posted by Jo.', true],
    ['jo', 'jo-anne', true],
    ['@zoe_d', 'follow zoe d', true],
    ['Élodie', 'ELODIE', true],
    ['Søren', 'soren', true],
    ['さくら', '写真さくら動画', true],
    ['', 'anything', false],
    ['!!!', '!!!', false],
  ])('%s in "%s": %s', (keyword, text, found) => {
    expect(findKeyword(text, compileKeywords([keyword])) !== undefined).toBe(found);
  });

  it('gives the keyword as written and the original words around the match', () => {
    const hit = findKeyword('Weekly thread: new pics of ZOË Doe at the lake, more inside', compileKeywords(['Zoë Doe']));
    expect(hit).toEqual({ keyword: 'Zoë Doe', snippet: 'Weekly thread: new pics of ZOË Doe at the lake, more inside' });
  });

  it('finds every keyword once, and drops repeats of the same words', () => {
    const matchers = compileKeywords(['Zoë', 'zoe', 'Doe']);
    expect(matchers.map((m) => m.keyword)).toEqual(['Zoë', 'Doe']);
    expect(findKeywords('Zoe Doe', matchers).map((h) => h.keyword)).toEqual(['Zoë', 'Doe']);
  });
});

describe('snippet', () => {
  it('cuts long text at word boundaries around the match', () => {
    const text = `${'lorem ipsum '.repeat(20)}MATCH${' dolor sit'.repeat(20)}`;
    const start = text.indexOf('MATCH');
    const s = snippet(text, start, start + 5);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('MATCH');
    expect(s.length).toBeLessThanOrEqual(130);
  });
});
