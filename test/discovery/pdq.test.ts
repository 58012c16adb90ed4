// PDQ against the reference implementation's published hashes, its dihedral variants against
// really rotated and mirrored pictures, and the pure parts on hand-made inputs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { hashImageBytes, hashImageFile } from '../../src/discovery/image-hash.ts';
import { findKnown } from '../../src/discovery/fingerprints.ts';
import { DIHEDRAL_NAMES, dihedralWords, lumaFromPixels, pdqDihedralFromLuma, pdqFromLuma, type DihedralName } from '../../src/discovery/pdq.ts';
import { bestDihedralDistance, hammingDistance, PDQ_MATCH_THRESHOLD } from '../../src/discovery/pdq-distance.ts';
import { testPicture } from './pictures.ts';

const FIXTURES = new URL('../fixtures/pdq/', import.meta.url).pathname;
/** Decoders differ slightly between implementations; the brief allows this much. */
const REFERENCE_TOLERANCE = 10;

interface Vector {
  path: string;
  hash: string;
  file: string;
}

const vectors: Vector[] = readFileSync(join(FIXTURES, 'expected-hashes.txt'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const [path = '', hash = ''] = line.trim().split(/\s+/);
    return { path, hash, file: join(FIXTURES, path.replaceAll('/', '_')) };
  });
const present = vectors.filter((v) => existsSync(v.file));

describe('reference vectors (facebook/ThreatExchange pdq)', () => {
  it('has every listed image but b.jpg, whose hash is that of the bridge photo (checked below)', () => {
    expect(vectors).toHaveLength(19);
    const missing = vectors.filter((v) => !existsSync(v.file));
    expect(missing.map((v) => v.path)).toEqual(['misc-images/b.jpg']);
    const bridge = vectors.find((v) => v.path === 'reg-test-input/dih/bridge-1-original.jpg');
    expect(missing[0]?.hash).toBe(bridge?.hash);
  });

  it.each(present.map((v) => [v.path, v]))(`%s is within ${REFERENCE_TOLERANCE} bits of the reference`, async (_path, v) => {
    const { pdq } = await hashImageFile(v.file);
    expect(hammingDistance(pdq, v.hash)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
  });

  it('gives quality 100 to a detailed photo and little to a near-blank one', async () => {
    expect((await hashImageFile(join(FIXTURES, 'reg-test-input_dih_bridge-1-original.jpg'))).quality).toBe(100);
    expect((await hashImageFile(join(FIXTURES, 'misc-images_small.jpg'))).quality).toBeLessThan(50);
  });
});

describe('dihedral variants', () => {
  const BRIDGE: [DihedralName, string][] = [
    ['original', '1-original'],
    ['rotate90', '2-rotate-90'],
    ['rotate180', '3-rotate-180'],
    ['rotate270', '4-rotate-270'],
    ['flipX', '5-flipx'],
    ['flipY', '6-flipy'],
    ['flipPlus1', '7-flip-plus-1'],
    ['flipMinus1', '8-flip-minus-1'],
  ];

  it.each(BRIDGE)('the %s variant of the bridge photo matches the really transformed file (bridge-%s)', async (variant, suffix) => {
    const original = await hashImageFile(join(FIXTURES, 'reg-test-input_dih_bridge-1-original.jpg'));
    const turned = await hashImageFile(join(FIXTURES, `reg-test-input_dih_bridge-${suffix}.jpg`));
    const best = bestDihedralDistance(original.dihedral, turned.pdq);
    expect(best.variant).toBe(variant);
    // The box filter and the sampling grid are not exactly symmetric, so a mirror costs some bits.
    expect(best.distance).toBeLessThanOrEqual(20);
    const expected = vectors.find((v) => v.path.endsWith(`bridge-${suffix}.jpg`))?.hash ?? '';
    expect(hammingDistance(original.dihedral[variant], expected)).toBeLessThanOrEqual(20);
  });

  it.each([
    ['mirrored left to right', 'flipY', (s: Sharp) => s.flop()],
    ['turned upside down', 'flipX', (s: Sharp) => s.flip()],
    ['rotated 180°', 'rotate180', (s: Sharp) => s.rotate(180)],
    ['rotated 90° clockwise', 'rotate270', (s: Sharp) => s.rotate(90)],
    // sharp mirrors before it rotates, whatever the call order.
    ['mirrored, then rotated 90° clockwise', 'flipMinus1', (s: Sharp) => s.flop().rotate(90)],
  ] as const)('a picture %s matches its %s variant within a few bits, and not its plain hash', async (_what, variant, transform) => {
    const png = await testPicture(7, 600, 450);
    const original = await hashImageBytes(png, 'original');
    const copy = await hashImageBytes(await transform(sharp(png)).png().toBuffer(), 'copy');
    const best = bestDihedralDistance(original.dihedral, copy.pdq);
    expect(best.variant).toBe(variant);
    // Well inside the threshold, not zero: the reference's even box windows and its sampling grid
    // are off centre by a pixel, so a mirrored picture is sampled a little differently.
    expect(best.distance).toBeLessThanOrEqual(20);
    expect(hammingDistance(original.pdq, copy.pdq)).toBeGreaterThan(PDQ_MATCH_THRESHOLD);
  });

  // The words a person reads for a match: how the copy found looks next to the case's picture.
  it.each([
    ['mirrored left to right', (s: Sharp) => s.flop()],
    ['mirrored top to bottom', (s: Sharp) => s.flip()],
    ['turned 180°', (s: Sharp) => s.rotate(180)],
    ['turned 90° clockwise', (s: Sharp) => s.rotate(90)],
    ['turned 90° anticlockwise', (s: Sharp) => s.rotate(270)],
    // sharp mirrors before it rotates: flip then a clockwise quarter turn is the transpose.
    ['mirrored across the diagonal from top left to bottom right', (s: Sharp) => s.flip().rotate(90)],
    ['mirrored across the diagonal from top right to bottom left', (s: Sharp) => s.flop().rotate(90)],
  ] as const)('a copy %s is described in those words', async (words, transform) => {
    const png = await testPicture(7, 600, 450);
    const fingerprint = await hashImageBytes(png, 'original');
    const copy = await hashImageBytes(await transform(sharp(png)).png().toBuffer(), 'copy');
    const match = findKnown(copy, [{ sha256: fingerprint.sha256, pdq: fingerprint.pdq, quality: fingerprint.quality }]);
    expect(dihedralWords(match?.variant ?? 'none')).toBe(words);
  });

  it('derives the same original hash with or without the variants', () => {
    const luma = Float32Array.from({ length: 80 * 70 }, (_, i) => (i * 37) % 251);
    expect(pdqDihedralFromLuma(Float32Array.from(luma), 70, 80).hashes.original).toBe(pdqFromLuma(Float32Array.from(luma), 70, 80).hash);
    expect(Object.keys(pdqDihedralFromLuma(luma, 70, 80).hashes)).toEqual([...DIHEDRAL_NAMES]);
  });
});

describe('pure parts', () => {
  it.each([
    ['grey', Uint8Array.of(10, 200), 1, [10, 200]],
    ['grey and alpha', Uint8Array.of(10, 0, 200, 255), 2, [10, 200]],
    ['RGB', Uint8Array.of(255, 0, 0, 0, 0, 255), 3, [0.299 * 255, 0.114 * 255]],
    ['RGBA ignores alpha', Uint8Array.of(0, 255, 0, 0, 0, 255, 0, 255), 4, [0.587 * 255, 0.587 * 255]],
  ] as const)('luminance of %s pixels', (_what, pixels, channels, expected) => {
    const luma = lumaFromPixels(pixels, 2, 1, channels);
    expected.forEach((value, i) => expect(luma[i]).toBeCloseTo(value, 3));
  });

  it('refuses a pixel buffer shorter than its size says', () => {
    expect(() => lumaFromPixels(new Uint8Array(5), 2, 1, 3)).toThrow(RangeError);
  });

  it('gives images under 5 pixels a side the all-zero hash and quality 0, as the reference does', () => {
    expect(pdqFromLuma(new Float32Array(4 * 100).fill(9), 4, 100)).toEqual({ hash: '0'.repeat(64), quality: 0 });
  });

  it('gives a flat image quality 0', () => {
    expect(pdqFromLuma(new Float32Array(300 * 200).fill(128), 200, 300).quality).toBe(0);
  });

  it('hashes a 64x64 image directly, without the box filter', () => {
    const luma = Float32Array.from({ length: 64 * 64 }, (_, i) => ((i % 64) < 32 ? 0 : 255) + ((i >> 6) % 7));
    const { hash, quality } = pdqFromLuma(luma, 64, 64);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(quality).toBeGreaterThan(0);
  });

  it('sets about half the bits: each bit says whether its coefficient is above the median', () => {
    const luma = Float32Array.from({ length: 300 * 200 }, (_, i) => Math.sin(i / 7) * 100 + (i % 300));
    const { hash } = pdqFromLuma(luma, 200, 300);
    const ones = [...hash].reduce((n, digit) => n + [...Number.parseInt(digit, 16).toString(2)].filter((b) => b === '1').length, 0);
    expect(ones).toBe(128);
  });
});
