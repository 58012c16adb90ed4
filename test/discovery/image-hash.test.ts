// Reading and decoding pictures for hashing: formats, colour models, and every way a file can be
// unfit, each a UserError that names the file.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { hashImageBytes, hashImageFile, MAX_IMAGE_PIXELS } from '../../src/discovery/image-hash.ts';
import { hammingDistance } from '../../src/discovery/pdq-distance.ts';
import { tempDir } from '../cli/helpers.ts';
import { flatPicture, testPicture } from './pictures.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('takedown-image-hash-');
});
afterEach(() => dir.remove());

function write(name: string, bytes: Uint8Array | string): string {
  const path = join(dir.path, name);
  writeFileSync(path, bytes);
  return path;
}

/** A PNG whose header declares a size, with almost no pixel data: enough for a reader that checks the size first. */
function pngHeader(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
}

describe('hashImageFile', () => {
  it('gives the SHA-256 of the bytes, the PDQ hash, its quality and the eight variants', async () => {
    const png = await testPicture(3);
    const result = await hashImageFile(write('p.png', png));
    expect(result.sha256).toBe(createHash('sha256').update(png).digest('hex'));
    expect(result.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(result.quality).toBeGreaterThanOrEqual(50);
    expect(result.dihedral.original).toBe(result.pdq);
    expect(result).toMatchObject({ width: 640, height: 480, format: 'png' });
  });

  it.each([
    ['JPEG', (s: Sharp) => s.jpeg({ quality: 90 })],
    ['WebP', (s: Sharp) => s.webp({ quality: 90 })],
    ['TIFF', (s: Sharp) => s.tiff()],
    ['GIF', (s: Sharp) => s.gif()],
    ['16-bit PNG', (s: Sharp) => s.toColourspace('rgb16').png()],
    ['PNG with alpha', (s: Sharp) => s.ensureAlpha(1).png()],
  ])('reads %s to the same hash, near enough', async (_format, encode) => {
    const png = await testPicture(5);
    const reference = await hashImageBytes(png, 'p.png');
    const other = await hashImageBytes(await encode(sharp(png)).toBuffer(), 'copy');
    expect(hammingDistance(reference.pdq, other.pdq)).toBeLessThanOrEqual(12);
  });

  it('converts a CMYK picture to sRGB as libvips does', async () => {
    const cmyk = await sharp(await testPicture(5)).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const asRgb = await sharp(cmyk).toColourspace('srgb').png().toBuffer();
    expect(hammingDistance((await hashImageBytes(cmyk, 'c.jpg')).pdq, (await hashImageBytes(asRgb, 'c.png')).pdq)).toBeLessThanOrEqual(2);
  });

  it('takes a greyscale picture as its own luminance', async () => {
    const png = await testPicture(5);
    const grey = await sharp(png).toColourspace('b-w').png().toBuffer();
    const raw = await sharp(grey).toColourspace('b-w').raw().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const fromFile = await hashImageBytes(grey, 'grey.png');
    const fromRgb = await hashImageBytes(await sharp(raw, { raw: { width: 640, height: 480, channels: 1 } }).toColourspace('srgb').png().toBuffer(), 'rgb');
    expect(hammingDistance(fromFile.pdq, fromRgb.pdq)).toBeLessThanOrEqual(2);
  });

  it('ignores EXIF orientation, as the reference does (the dihedral variants catch turned copies)', async () => {
    const jpeg = await sharp(await testPicture(9)).jpeg().toBuffer();
    const tagged = await sharp(jpeg).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const [a, b] = [await hashImageBytes(jpeg, 'a'), await hashImageBytes(tagged, 'b')];
    expect(hammingDistance(a.pdq, b.pdq)).toBeLessThanOrEqual(8);
  });

  it('flags a flat picture with quality 0', async () => {
    expect((await hashImageFile(write('flat.png', await flatPicture()))).quality).toBe(0);
  });

  it.each<[string, () => Promise<string> | string, string, RegExp]>([
    ['a missing file', () => join(dir.path, 'gone.jpg'), 'IMAGE_NOT_FOUND', /gone\.jpg: no such file/],
    [
      'a folder',
      () => {
        mkdirSync(join(dir.path, 'album.jpg'));
        return join(dir.path, 'album.jpg');
      },
      'IMAGE_UNREADABLE',
      /album\.jpg: is a folder/,
    ],
    ['an empty file', () => write('empty.jpg', ''), 'NOT_AN_IMAGE', /empty\.jpg: the file is empty/],
    ['a text file', () => write('notes.jpg', 'these are not pixels\n'.repeat(20)), 'NOT_AN_IMAGE', /notes\.jpg: not an image/],
    ['an SVG drawing', () => write('d.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'), 'UNSUPPORTED_IMAGE', /d\.svg: SVG is not supported/],
    ['a picture too large to decode', () => write('huge.png', pngHeader(20_000, 20_000)), 'IMAGE_TOO_LARGE', /huge\.png: 20000x20000 pixels \(400 megapixels\)/],
    [
      'a truncated JPEG',
      async () => {
        const jpeg = await sharp(await testPicture(2)).jpeg().toBuffer();
        return write('cut.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)));
      },
      'IMAGE_CORRUPT',
      /cut\.jpg: cannot decode the picture/,
    ],
  ])('refuses %s with a UserError naming the file', async (_what, make, code, message) => {
    const path = await make();
    const error = await hashImageFile(path, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });

  it('caps pixels at 100 megapixels', () => {
    expect(MAX_IMAGE_PIXELS).toBe(100_000_000);
  });
});
