// Synthetic pictures for the PDQ benchmark: seeded gradients, shapes, stripes and noise, and the
// transformed copies a re-uploader's site would make (resize, recompress, crop, colour, mirror).
import sharp from 'sharp';
import type { Sharp } from 'sharp';

export interface RawImage {
  width: number;
  height: number;
  /** Interleaved RGB, 8 bits a channel. */
  pixels: Buffer;
}

/** A small, fast, seeded PRNG (mulberry32): the same seed draws the same picture on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Colour = [number, number, number];

/** One picture: a gradient background, 4 to 12 shapes (some translucent), maybe stripes, and noise. */
export function syntheticImage(seed: number): RawImage {
  const rnd = random(seed);
  const between = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const colour = (): Colour => [between(0, 255), between(0, 255), between(0, 255)];
  const width = between(48, 128) * 10;
  const height = between(36, 102) * 10;
  const pixels = Buffer.alloc(width * height * 3);

  const [from, to] = [colour(), colour()];
  const angle = rnd() * Math.PI * 2;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  const span = Math.abs(dx) * width + Math.abs(dy) * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(1, Math.max(0, ((x - width / 2) * dx + (y - height / 2) * dy) / span + 0.5));
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) pixels[o + c] = Math.round((from[c] ?? 0) * (1 - t) + (to[c] ?? 0) * t);
    }
  }

  const paint = (x: number, y: number, fill: Colour, alpha: number): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const o = (y * width + x) * 3;
    for (let c = 0; c < 3; c++) pixels[o + c] = Math.round((pixels[o + c] ?? 0) * (1 - alpha) + (fill[c] ?? 0) * alpha);
  };
  const shapes = between(4, 12);
  for (let s = 0; s < shapes; s++) {
    const fill = colour();
    const alpha = rnd() < 0.3 ? 0.4 + rnd() * 0.4 : 1;
    const cx = rnd() * width;
    const cy = rnd() * height;
    const rx = (0.05 + rnd() * 0.25) * width;
    const ry = (0.05 + rnd() * 0.25) * height;
    const kind = between(0, 3);
    const tilt = rnd() * Math.PI;
    const [ct, st] = [Math.cos(tilt), Math.sin(tilt)];
    for (let y = Math.floor(cy - rx - ry); y <= cy + rx + ry; y++) {
      for (let x = Math.floor(cx - rx - ry); x <= cx + rx + ry; x++) {
        // Coordinates in the shape's own tilted frame, scaled so that its outline is at 1.
        const u = ((x - cx) * ct + (y - cy) * st) / rx;
        const v = (-(x - cx) * st + (y - cy) * ct) / ry;
        const inside =
          kind === 0 ? u * u + v * v <= 1 : kind === 1 ? Math.abs(u) <= 1 && Math.abs(v) <= 1 : kind === 2 ? v >= -1 && Math.abs(u) <= (1 - v) / 2 : Math.abs(u) + Math.abs(v) <= 1;
        if (inside) paint(x, y, fill, alpha);
      }
    }
  }

  if (rnd() < 0.5) {
    const fill = colour();
    const period = between(12, 60);
    const y0 = between(0, height - 1);
    const band = between(height / 10, height / 3);
    for (let y = y0; y < Math.min(height, y0 + band); y++) {
      for (let x = 0; x < width; x++) if (Math.floor((x + y) / period) % 2 === 0) paint(x, y, fill, 0.6);
    }
  }

  const noise = between(0, 24);
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = Math.min(255, Math.max(0, (pixels[i] ?? 0) + Math.round((rnd() - 0.5) * 2 * noise)));
  }
  return { width, height, pixels };
}

export async function encodePng(image: RawImage): Promise<Buffer> {
  return sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
}

export interface Transform {
  name: string;
  description: string;
  /** Whether the copy is rotated or mirrored, so that only a dihedral variant can match it. */
  dihedral: boolean;
  apply(png: Buffer, width: number, height: number): Promise<Buffer>;
}

// Copies are saved as PNG except where recompression is the point, so that each row measures one change.
const png = (image: Sharp): Promise<Buffer> => image.png({ compressionLevel: 1 }).toBuffer();

export const TRANSFORMS: readonly Transform[] = [
  {
    name: 'resize-50',
    description: 'shrunk to half size (Lanczos)',
    dihedral: false,
    apply: (b, w, h) => png(sharp(b).resize(Math.round(w / 2), Math.round(h / 2))),
  },
  {
    name: 'resize-200',
    description: 'enlarged to twice the size (Lanczos)',
    dihedral: false,
    apply: (b, w, h) => png(sharp(b).resize(w * 2, h * 2)),
  },
  { name: 'jpeg-70', description: 'JPEG at quality 70', dihedral: false, apply: (b) => sharp(b).jpeg({ quality: 70 }).toBuffer() },
  { name: 'jpeg-30', description: 'JPEG at quality 30', dihedral: false, apply: (b) => sharp(b).jpeg({ quality: 30 }).toBuffer() },
  {
    name: 'crop-2',
    description: '2% cut off each side',
    dihedral: false,
    apply: (b, w, h) => {
      const [dx, dy] = [Math.round(w * 0.02), Math.round(h * 0.02)];
      return png(sharp(b).extract({ left: dx, top: dy, width: w - 2 * dx, height: h - 2 * dy }));
    },
  },
  {
    name: 'crop-5',
    description: '5% cut off each side',
    dihedral: false,
    apply: (b, w, h) => {
      const [dx, dy] = [Math.round(w * 0.05), Math.round(h * 0.05)];
      return png(sharp(b).extract({ left: dx, top: dy, width: w - 2 * dx, height: h - 2 * dy }));
    },
  },
  {
    name: 'brightness',
    description: 'brightness +20%',
    dihedral: false,
    apply: (b) => png(sharp(b).modulate({ brightness: 1.2 })),
  },
  {
    name: 'colour',
    description: 'hue turned 40°, saturation +30%, slightly darker',
    dihedral: false,
    apply: (b) => png(sharp(b).modulate({ hue: 40, saturation: 1.3, brightness: 0.92 })),
  },
  { name: 'greyscale', description: 'converted to greyscale', dihedral: false, apply: (b) => png(sharp(b).greyscale()) },
  { name: 'mirror', description: 'mirrored left to right', dihedral: true, apply: (b) => png(sharp(b).flop()) },
  { name: 'flip', description: 'turned upside down (mirrored top to bottom)', dihedral: true, apply: (b) => png(sharp(b).flip()) },
  { name: 'rotate-90', description: 'rotated a quarter turn', dihedral: true, apply: (b) => png(sharp(b).rotate(90)) },
  {
    name: 'mirror-jpeg-70',
    description: 'mirrored, shrunk to 75% and saved as JPEG 70 (a typical re-upload)',
    dihedral: true,
    apply: (b, w, h) => sharp(b).flop().resize(Math.round(w * 0.75), Math.round(h * 0.75)).jpeg({ quality: 70 }).toBuffer(),
  },
];
