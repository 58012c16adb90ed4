// Comparing PDQ hashes (pure): Hamming distance over the 256 bits, and the match threshold.
import type { DihedralName } from './pdq.ts';

/**
 * Two PDQ hashes at most this many bits apart (of 256) are taken as the same picture: the
 * reference's recommended threshold, which keeps false matches rare while surviving resizing,
 * recompression and small edits (bench/RESULTS.md, "PDQ perceptual hash", has our figures).
 */
export const PDQ_MATCH_THRESHOLD = 31;

/** Below this quality (0..100) the reference advises not to trust a match: too little detail. */
export const PDQ_MIN_QUALITY = 50;

/** 64 hex digits, either case. */
export const PDQ_HEX = /^[0-9a-fA-F]{64}$/;

const POPCOUNT_NIBBLE = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

export function isPdqHash(value: unknown): value is string {
  return typeof value === 'string' && PDQ_HEX.test(value);
}

/** Bits that differ between two hashes (0..256). */
export function hammingDistance(a: string, b: string): number {
  if (!isPdqHash(a)) throw new RangeError(`not a PDQ hash (64 hex digits): "${a}"`);
  if (!isPdqHash(b)) throw new RangeError(`not a PDQ hash (64 hex digits): "${b}"`);
  let distance = 0;
  for (let i = 0; i < 64; i++) {
    distance += POPCOUNT_NIBBLE[Number.parseInt(a[i] ?? '0', 16) ^ Number.parseInt(b[i] ?? '0', 16)] ?? 0;
  }
  return distance;
}

export function pdqMatches(a: string, b: string, threshold = PDQ_MATCH_THRESHOLD): boolean {
  return hammingDistance(a, b) <= threshold;
}

/**
 * The closest of a picture's dihedral hashes to another hash: a rotated or mirrored copy is
 * compared with the matching rotation or mirror of the original.
 */
export function bestDihedralDistance(
  hashes: Readonly<Record<DihedralName, string>>,
  other: string,
): { distance: number; variant: DihedralName } {
  let best: { distance: number; variant: DihedralName } = { distance: Number.POSITIVE_INFINITY, variant: 'original' };
  for (const [variant, hash] of Object.entries(hashes) as [DihedralName, string][]) {
    const distance = hammingDistance(hash, other);
    if (distance < best.distance) best = { distance, variant };
  }
  return best;
}
