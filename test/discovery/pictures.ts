// Pictures made on the fly for the hashing tests: a seeded layout of a gradient and shapes, so no
// photo has to live in the repository.
import sharp from 'sharp';

/** A PNG of `width` x `height`: a striped diagonal gradient under ellipses and boxes placed by `seed`. */
export async function testPicture(seed: number, width = 640, height = 480): Promise<Buffer> {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pixels = Buffer.alloc(width * height * 3);
  const shapes = Array.from({ length: 6 }, () => ({
    x: next() * width,
    y: next() * height,
    rx: (0.05 + next() * 0.2) * width,
    ry: (0.05 + next() * 0.2) * height,
    round: next() < 0.5,
    colour: [next() * 255, next() * 255, next() * 255],
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      // Diagonal stripes give the picture the fine detail of a photo (PDQ quality well above 50).
      const stripe = Math.floor((x + 2 * y) / 9) % 2 === 0 ? 40 : -40;
      let colour = [255 * t + stripe, 128 + stripe, 255 * (1 - t)];
      for (const s of shapes) {
        const [u, v] = [(x - s.x) / s.rx, (y - s.y) / s.ry];
        if (s.round ? u * u + v * v <= 1 : Math.abs(u) <= 1 && Math.abs(v) <= 1) colour = s.colour;
      }
      pixels.set(colour.map((c) => Math.min(255, Math.max(0, Math.round(c)))), (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A PNG of one flat colour: no detail, so PDQ quality 0. */
export async function flatPicture(width = 200, height = 150): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 150 } } }).png().toBuffer();
}
