// PDQ perceptual hash (pure): luminance → Jarosz tent-filter downsample to 64x64 → 16x16 DCT →
// median threshold, plus the quality metric and the eight dihedral hashes, as in the public
// reference (facebook/ThreatExchange pdq/, "pdqhash-2017-10-09"); see pdq-distance.ts for matching.

/** The eight rotations and flips, named as the reference names them. */
export const DIHEDRAL_NAMES = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  /** Upside down (mirrored about the horizontal axis). */
  'flipX',
  /** Mirrored left to right. */
  'flipY',
  /** Transposed (mirrored about the main diagonal). */
  'flipPlus1',
  /** Mirrored about the anti-diagonal. */
  'flipMinus1',
] as const;

export type DihedralName = (typeof DIHEDRAL_NAMES)[number];

/**
 * The names above are the reference's (its test pictures bridge-5-flipx and bridge-6-flipy are
 * upside down and mirrored left to right); for people they say little, and "flipX" reads as the
 * wrong mirror. These are the words: how a picture looks next to the case's picture when its
 * `name` hash is the one that matched the fingerprint (pdq.test.ts checks each against sharp).
 */
export const DIHEDRAL_WORDS: Readonly<Record<DihedralName, string>> = {
  original: 'as it is',
  rotate90: 'turned 90° clockwise',
  rotate180: 'turned 180°',
  rotate270: 'turned 90° anticlockwise',
  flipX: 'mirrored top to bottom',
  flipY: 'mirrored left to right',
  flipPlus1: 'mirrored across the diagonal from top left to bottom right',
  flipMinus1: 'mirrored across the diagonal from top right to bottom left',
};

/** The words for a variant name read back from stored data; an unknown name is shown as it is. */
export function dihedralWords(name: string): string {
  return (DIHEDRAL_WORDS as Readonly<Record<string, string>>)[name] ?? name;
}

export interface PdqResult {
  /** 256 bits as 64 lowercase hex digits, in the reference's word order. */
  hash: string;
  /** 0..100: how much detail the hash rests on; below 50 a match is unreliable. */
  quality: number;
}

export interface PdqDihedralResult {
  hashes: Record<DihedralName, string>;
  quality: number;
}

/** Images smaller than this on a side get the all-zero hash and quality 0, as in the reference. */
export const MIN_HASHABLE_DIM = 5;

// ITU-R BT.601 luma, as the reference computes it.
const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/** Two X,Y passes of 1-D box filters make a tent filter (Jarosz, "Fast Image Convolutions", 2001). */
const JAROSZ_PASSES = 2;
const DOWNSAMPLE = 64;
const DCT_SIZE = 16;

/** The 16x64 DCT-II matrix of frequencies 1..16 (frequency 0, the mean, carries no structure). */
const DCT_MATRIX: Float64Array = (() => {
  const matrix = new Float64Array(DCT_SIZE * DOWNSAMPLE);
  const scale = Math.sqrt(2 / DOWNSAMPLE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DOWNSAMPLE; j++) {
      matrix[i * DOWNSAMPLE + j] = scale * Math.cos((Math.PI / 2 / DOWNSAMPLE) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
})();

/**
 * Luminance of interleaved 8-bit pixels: 1 channel is taken as grey, 3 or more as R, G, B (a
 * fourth, alpha, is ignored as the reference ignores it).
 */
export function lumaFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): Float32Array {
  const count = width * height;
  if (pixels.length < count * channels) {
    throw new RangeError(`expected ${count * channels} bytes for ${width}x${height}x${channels}, got ${pixels.length}`);
  }
  const luma = new Float32Array(count);
  if (channels < 3) {
    for (let p = 0; p < count; p++) luma[p] = pixels[p * channels] ?? 0;
    return luma;
  }
  for (let p = 0, o = 0; p < count; p++, o += channels) {
    luma[p] = LUMA_R * (pixels[o] ?? 0) + LUMA_G * (pixels[o + 1] ?? 0) + LUMA_B * (pixels[o + 2] ?? 0);
  }
  return luma;
}

/** The hash and quality of a luminance image (rows x cols, row-major). `luma` is overwritten. */
export function pdqFromLuma(luma: Float32Array, rows: number, cols: number): PdqResult {
  const spectrum = pdqSpectrum(luma, rows, cols);
  if (spectrum === undefined) return { hash: '0'.repeat(64), quality: 0 };
  return { hash: bitsFromDct(spectrum.dct), quality: spectrum.quality };
}

/** All eight dihedral hashes, derived from one DCT by sign flips and transposition. `luma` is overwritten. */
export function pdqDihedralFromLuma(luma: Float32Array, rows: number, cols: number): PdqDihedralResult {
  const spectrum = pdqSpectrum(luma, rows, cols);
  const hashes = {} as Record<DihedralName, string>;
  for (const name of DIHEDRAL_NAMES) {
    hashes[name] = spectrum === undefined ? '0'.repeat(64) : bitsFromDct(dihedralDct(spectrum.dct, name));
  }
  return { hashes, quality: spectrum?.quality ?? 0 };
}

interface Spectrum {
  /** 16x16 DCT coefficients, row-major: row = vertical frequency, column = horizontal. */
  dct: Float32Array;
  quality: number;
}

function pdqSpectrum(luma: Float32Array, rows: number, cols: number): Spectrum | undefined {
  if (luma.length !== rows * cols) throw new RangeError(`luma has ${luma.length} values, expected ${rows}x${cols}`);
  if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) return undefined;
  let small: Float32Array;
  if (rows === DOWNSAMPLE && cols === DOWNSAMPLE) {
    small = luma;
  } else {
    jaroszFilter(luma, rows, cols, windowSize(cols), windowSize(rows));
    small = decimate(luma, rows, cols);
  }
  return { dct: dct64To16(small), quality: qualityMetric(small) };
}

/**
 * Half a 64th of the side, rounded up: two passes of this window make each of the 64x64 output
 * pixels a tent-weighted average of its whole block.
 */
function windowSize(dimension: number): number {
  return Math.floor((dimension + 2 * DOWNSAMPLE - 1) / (2 * DOWNSAMPLE));
}

function jaroszFilter(buffer: Float32Array, rows: number, cols: number, alongRows: number, alongCols: number): void {
  const temp = new Float32Array(buffer.length);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    for (let i = 0; i < rows; i++) box1d(buffer, temp, i * cols, cols, 1, alongRows);
    for (let j = 0; j < cols; j++) box1d(temp, buffer, j, rows, cols, alongCols);
  }
}

/**
 * A centred moving average of `window` samples along one line (start, length, stride), with the
 * window shrinking at both ends rather than padding: the reference's four phases.
 */
function box1d(input: Float32Array, output: Float32Array, start: number, length: number, stride: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  let sum = 0;
  let size = 0;
  let ri = start;
  let li = start;
  let oi = start;
  const at = (index: number): number => input[index] ?? 0;
  for (let n = 0; n < half - 1; n++, ri += stride, size++) sum += at(ri);
  for (let n = 0; n < window - half + 1; n++, ri += stride, oi += stride) {
    sum += at(ri);
    size++;
    output[oi] = sum / size;
  }
  for (let n = 0; n < length - window; n++, ri += stride, li += stride, oi += stride) {
    sum += at(ri) - at(li);
    output[oi] = sum / size;
  }
  for (let n = 0; n < half - 1; n++, li += stride, oi += stride) {
    sum -= at(li);
    size--;
    output[oi] = sum / size;
  }
}

/** Samples the filtered image at the centres of a 64x64 grid. */
function decimate(input: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(DOWNSAMPLE * DOWNSAMPLE);
  for (let i = 0; i < DOWNSAMPLE; i++) {
    const row = Math.floor(((i + 0.5) * rows) / DOWNSAMPLE);
    for (let j = 0; j < DOWNSAMPLE; j++) {
      const col = Math.floor(((j + 0.5) * cols) / DOWNSAMPLE);
      out[i * DOWNSAMPLE + j] = input[row * cols + col] ?? 0;
    }
  }
  return out;
}

/**
 * Sum of quantised neighbour differences (in percent of full scale), scaled so that a photo
 * with ordinary detail reaches 100; flat or nearly flat images score low. The constants are the
 * reference's hand-tuned ones.
 */
function qualityMetric(small: Float32Array): number {
  let gradientSum = 0;
  const at = (i: number, j: number): number => small[i * DOWNSAMPLE + j] ?? 0;
  for (let i = 0; i < DOWNSAMPLE - 1; i++) {
    for (let j = 0; j < DOWNSAMPLE; j++) gradientSum += Math.abs(Math.trunc(((at(i, j) - at(i + 1, j)) * 100) / 255));
  }
  for (let i = 0; i < DOWNSAMPLE; i++) {
    for (let j = 0; j < DOWNSAMPLE - 1; j++) gradientSum += Math.abs(Math.trunc(((at(i, j) - at(i, j + 1)) * 100) / 255));
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

/** B = D A Dᵀ for the 16 lowest non-constant frequencies only (cheaper than a full fast DCT). */
function dct64To16(a: Float32Array): Float32Array {
  const t = new Float64Array(DCT_SIZE * DOWNSAMPLE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DOWNSAMPLE; j++) {
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLE; k++) sum += (DCT_MATRIX[i * DOWNSAMPLE + k] ?? 0) * (a[k * DOWNSAMPLE + j] ?? 0);
      t[i * DOWNSAMPLE + j] = sum;
    }
  }
  const b = new Float32Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLE; k++) sum += (t[i * DOWNSAMPLE + k] ?? 0) * (DCT_MATRIX[j * DOWNSAMPLE + k] ?? 0);
      b[i * DCT_SIZE + j] = sum;
    }
  }
  return b;
}

/**
 * The DCT of a rotated or flipped image, from the original's: mirroring along an axis negates
 * the odd basis functions along it (index i holds frequency i + 1, so the even indexes), and a
 * quarter turn transposes. This is exact for the 64x64 image; the hash of a really mirrored
 * picture differs by a few bits more, because an even box window and the sampling grid sit
 * half a pixel off centre, so the mirrored picture is filtered and sampled slightly differently.
 */
function dihedralDct(a: Float32Array, name: DihedralName): Float32Array {
  const rule = DIHEDRAL_RULES[name];
  const b = new Float32Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      const value = (a[i * DCT_SIZE + j] ?? 0) * rule.sign(i, j);
      if (rule.transpose) b[j * DCT_SIZE + i] = value;
      else b[i * DCT_SIZE + j] = value;
    }
  }
  return b;
}

const even = (n: number): boolean => (n & 1) === 0;

const DIHEDRAL_RULES: Record<DihedralName, { transpose: boolean; sign: (i: number, j: number) => number }> = {
  original: { transpose: false, sign: () => 1 },
  rotate90: { transpose: true, sign: (_i, j) => (even(j) ? -1 : 1) },
  rotate180: { transpose: false, sign: (i, j) => (even(i + j) ? 1 : -1) },
  rotate270: { transpose: true, sign: (i) => (even(i) ? -1 : 1) },
  flipX: { transpose: false, sign: (i) => (even(i) ? -1 : 1) },
  flipY: { transpose: false, sign: (_i, j) => (even(j) ? -1 : 1) },
  flipPlus1: { transpose: true, sign: () => 1 },
  flipMinus1: { transpose: true, sign: (i, j) => (even(i + j) ? 1 : -1) },
};

/**
 * One bit per coefficient: above the median or not. The median is the lower middle value
 * (the 128th of 256), which is what the reference's Torben selection returns.
 */
function bitsFromDct(dct: Float32Array): string {
  const median = Float32Array.from(dct).sort()[(DCT_SIZE * DCT_SIZE) / 2 - 1] ?? 0;
  // Row i of the DCT is 16-bit word i, bit j its column; the hex lists word 15 first.
  let hex = '';
  for (let i = DCT_SIZE - 1; i >= 0; i--) {
    let word = 0;
    for (let j = 0; j < DCT_SIZE; j++) if ((dct[i * DCT_SIZE + j] ?? 0) > median) word |= 1 << j;
    hex += word.toString(16).padStart(4, '0');
  }
  return hex;
}
