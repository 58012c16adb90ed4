import { describe, expect, it } from 'vitest';
import { bestDihedralDistance, hammingDistance, isPdqHash, PDQ_MATCH_THRESHOLD, pdqMatches } from '../../src/discovery/pdq-distance.ts';
import { DIHEDRAL_NAMES, type DihedralName } from '../../src/discovery/pdq.ts';

const ZERO = '0'.repeat(64);
const ONES = 'f'.repeat(64);

describe('hammingDistance', () => {
  it.each([
    [ZERO, ZERO, 0],
    [ZERO, ONES, 256],
    [ZERO, `1${'0'.repeat(63)}`, 1],
    [ZERO, `${'0'.repeat(63)}7`, 3],
    ['ab'.repeat(32), 'AB'.repeat(32), 0],
    ['d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22', 'd8f8f0cce0f4a84f0e370a22038f67f0b36e2ed596621e1d33e6b39c4e9c9b22', 2],
  ])('%s vs %s: %i bits', (a, b, bits) => {
    expect(hammingDistance(a, b)).toBe(bits);
    expect(hammingDistance(b, a)).toBe(bits);
  });

  it.each([['abc'], ['g'.repeat(64)], [`${ZERO}0`]])('refuses %s, which is not 64 hex digits', (bad) => {
    expect(() => hammingDistance(bad, ZERO)).toThrow(/not a PDQ hash/);
    expect(isPdqHash(bad)).toBe(false);
  });
});

describe('the match threshold', () => {
  it("is PDQ's usual 31 bits of 256", () => {
    expect(PDQ_MATCH_THRESHOLD).toBe(31);
  });

  it('matches at 31 bits apart and not at 32', () => {
    const at = (bits: number): string => (BigInt(2 ** bits) - 1n).toString(16).padStart(64, '0');
    expect(pdqMatches(ZERO, at(31))).toBe(true);
    expect(pdqMatches(ZERO, at(32))).toBe(false);
  });
});

describe('bestDihedralDistance', () => {
  it('picks the closest variant', () => {
    const hashes = Object.fromEntries(DIHEDRAL_NAMES.map((name) => [name, ONES])) as Record<DihedralName, string>;
    hashes.flipY = `${'0'.repeat(60)}ffff`;
    expect(bestDihedralDistance(hashes, ZERO)).toEqual({ distance: 16, variant: 'flipY' });
  });
});
