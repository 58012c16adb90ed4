// Fingerprints of a local image: SHA-256 of its bytes and its PDQ hashes. The bytes are read
// into memory, decoded to pixels by sharp, hashed, and dropped; nothing is written anywhere.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { UserError } from '../core/errors.ts';
import { lumaFromPixels, pdqDihedralFromLuma, type DihedralName } from './pdq.ts';

/** Larger files are refused before reading: no picture a victim holds is this big. */
export const MAX_IMAGE_BYTES = 256 * 1024 * 1024;

/** Larger images are refused before decoding (a small file can declare a huge picture). */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** Raster formats sharp decodes here; vector and document formats (SVG, PDF) are not pictures to hash. */
export const HASHABLE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif'] as const;

/**
 * Larger images are first shrunk to fit this square, keeping their shape. The reference's C++
 * reader also shrinks to 512 first, for speed (the box filter costs passes over every pixel),
 * though to a 512x512 square; keeping the shape reproduced its published hashes more closely
 * (within 2 bits but for one near-blank picture). The triangle kernel shrinks without aliasing.
 * bench/RESULTS.md ("PDQ perceptual hash") compares the choices on recall.
 */
export const PRESCALE = { maxSide: 512, fit: 'inside', kernel: 'linear' } as const;

export interface Prescale {
  maxSide: number;
  fit: 'inside' | 'fill';
  kernel: 'linear' | 'lanczos3' | 'nearest';
}

export interface ImageFingerprint {
  sha256: string;
  /** PDQ hash of the image as it is, 64 hex digits. */
  pdq: string;
  /** 0..100; below PDQ_MIN_QUALITY the hash is unreliable. */
  quality: number;
  /** The hashes of its rotations and mirrors, to recognise flipped copies. */
  dihedral: Record<DihedralName, string>;
  width: number;
  height: number;
  format: string;
}

// libvips keeps recent decoded images in an in-memory cache; the pixels of an intimate image must
// not outlive the hash, so the cache is off for this process (it only speeds up repeated work).
sharp.cache(false);

/** Reads and fingerprints one file; `name` is how messages refer to it (as the user wrote it). */
export async function hashImageFile(path: string, name: string = path): Promise<ImageFingerprint> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UserError('IMAGE_UNREADABLE', `${name}: is a folder, not an image file`);
    size = info.size;
  } catch (error) {
    throw readError(error, name);
  }
  if (size > MAX_IMAGE_BYTES) {
    throw new UserError('IMAGE_TOO_LARGE', `${name}: ${megabytes(size)} MB; files over ${megabytes(MAX_IMAGE_BYTES)} MB are not hashed`);
  }
  if (size === 0) throw new UserError('NOT_AN_IMAGE', `${name}: the file is empty`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw readError(error, name);
  }
  return hashImageBytes(bytes, name);
}

/** Fingerprints image bytes already in memory. */
export async function hashImageBytes(bytes: Uint8Array, name: string, prescale: Prescale = PRESCALE): Promise<ImageFingerprint> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const decoded = await decodeLuma(bytes, name, prescale);
  const { hashes, quality } = pdqDihedralFromLuma(decoded.luma, decoded.rows, decoded.cols);
  return { sha256, pdq: hashes.original, quality, dihedral: hashes, width: decoded.width, height: decoded.height, format: decoded.format };
}

export interface DecodedLuma {
  luma: Float32Array;
  rows: number;
  cols: number;
  /** The picture's own size, before any shrinking. */
  width: number;
  height: number;
  format: string;
}

/** Decodes to luminance, shrunk per `prescale`; EXIF orientation is ignored, as the reference ignores it. */
export async function decodeLuma(bytes: Uint8Array, name: string, prescale: Prescale = PRESCALE): Promise<DecodedLuma> {
  const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', autoOrient: false } as const;
  let meta: Metadata;
  try {
    // The header alone, unlimited, so that an oversized picture is reported with its size below.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw decodeError(error, name);
  }
  const format = meta.format ?? 'unknown';
  if (!(HASHABLE_FORMATS as readonly string[]).includes(format)) {
    throw new UserError('UNSUPPORTED_IMAGE', `${name}: ${format.toUpperCase()} is not supported; hash a JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIF picture`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new UserError(
      'IMAGE_TOO_LARGE',
      `${name}: ${width}x${height} pixels (${Math.round((width * height) / 1e6)} megapixels); images over ${MAX_IMAGE_PIXELS / 1e6} megapixels are not hashed`,
    );
  }
  let image = sharp(bytes, options);
  if (width > prescale.maxSide || height > prescale.maxSide) {
    image = image.resize(prescale.maxSide, prescale.maxSide, { fit: prescale.fit, kernel: prescale.kernel });
  }
  // Grey pictures stay one channel (their luminance is the grey value); everything else, CMYK
  // included, becomes sRGB. Alpha is dropped, not flattened, as in the reference.
  const grey = meta.space === 'b-w' || meta.space === 'grey16';
  image = image.removeAlpha().toColourspace(grey ? 'b-w' : 'srgb');
  try {
    const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const luma = lumaFromPixels(data, info.width, info.height, info.channels);
    return { luma, rows: info.height, cols: info.width, width, height, format };
  } catch (error) {
    throw decodeError(error, name);
  }
}

function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

function readError(error: unknown, name: string): unknown {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserError('IMAGE_NOT_FOUND', `${name}: no such file`);
  if (code === 'EACCES' || code === 'EPERM') return new UserError('IMAGE_UNREADABLE', `${name}: permission denied`);
  if (code === 'EISDIR') return new UserError('IMAGE_UNREADABLE', `${name}: is a folder, not an image file`);
  return error;
}

/** sharp reports problems only as text; its wording is kept out of branching except to tell "not an image" apart. */
function decodeError(error: unknown, name: string): UserError {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(message)) {
    return new UserError('NOT_AN_IMAGE', `${name}: not an image (no JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIF data found)`);
  }
  if (/pixel limit/i.test(message)) {
    return new UserError('IMAGE_TOO_LARGE', `${name}: the picture is over ${MAX_IMAGE_PIXELS / 1e6} megapixels and is not hashed`);
  }
  const reason = message.split('\n')[0]?.replace(/^Input (file|buffer) /, '') ?? 'unknown error';
  return new UserError('IMAGE_CORRUPT', `${name}: cannot decode the picture (${reason})`);
}
