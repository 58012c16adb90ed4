// `node bench/pdq-recall.ts`: how well PDQ recognises altered copies of a picture, and how often
// it mistakes different pictures for one another, on seeded synthetic pictures generated into a
// temporary folder (deleted afterwards). `--originals N`, `--seed S`, `--no-compare`, `--no-write`. Prints a Markdown section and writes it into
// bench/RESULTS.md under "PDQ perceptual hash", replacing that section only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { hashImageBytes, hashImageFile, PRESCALE, type ImageFingerprint, type Prescale } from '../src/discovery/image-hash.ts';
import { bestDihedralDistance, hammingDistance, PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY } from '../src/discovery/pdq-distance.ts';
import { encodePng, syntheticImage, TRANSFORMS } from './pdq-images.ts';

const BENCH = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(BENCH, 'RESULTS.md');
const HEADING = '## PDQ perceptual hash';

const { values: args } = parseArgs({
  options: {
    originals: { type: 'string', default: '100' },
    seed: { type: 'string', default: '4242' },
    compare: { type: 'boolean', default: true },
    write: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const ORIGINALS = Number(args.originals);
const SEED = Number(args.seed);

/** Alternative pre-shrinks, measured on the same pictures to show why PRESCALE was chosen. */
const ALTERNATIVES: readonly { label: string; prescale: Prescale }[] = [
  { label: 'full resolution (no pre-shrink)', prescale: { maxSide: 100_000, fit: 'inside', kernel: 'linear' } },
  { label: 'squashed to 383x383 (odd box windows: mirror-exact)', prescale: { maxSide: 383, fit: 'fill', kernel: 'linear' } },
];

interface Picture {
  fingerprint: ImageFingerprint;
  file: string;
}

interface Row {
  name: string;
  description: string;
  dihedral: boolean;
  plain: number[];
  best: number[];
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function share(values: readonly number[], ok: (v: number) => boolean): string {
  const hits = values.filter(ok).length;
  return `${((100 * hits) / values.length).toFixed(1)}% (${hits}/${values.length})`;
}

async function generate(dir: string): Promise<{ originals: Picture[]; copies: Map<string, Picture[]>; hashMs: number[] }> {
  const originals: Picture[] = [];
  const copies = new Map<string, Picture[]>(TRANSFORMS.map((t) => [t.name, []]));
  const hashMs: number[] = [];
  for (let i = 0; i < ORIGINALS; i++) {
    const image = syntheticImage(SEED + i);
    const png = await encodePng(image);
    const file = join(dir, `original-${i}.png`);
    writeFileSync(file, png);
    const started = performance.now();
    originals.push({ fingerprint: await hashImageFile(file), file });
    hashMs.push(performance.now() - started);
    for (const transform of TRANSFORMS) {
      const bytes = await transform.apply(png, image.width, image.height);
      const copyFile = join(dir, `copy-${i}-${transform.name}`);
      writeFileSync(copyFile, bytes);
      copies.get(transform.name)?.push({ fingerprint: await hashImageFile(copyFile), file: copyFile });
    }
  }
  return { originals, copies, hashMs };
}

function measure(originals: readonly ImageFingerprint[], copies: ReadonlyMap<string, readonly ImageFingerprint[]>) {
  const rows: Row[] = TRANSFORMS.map((t) => {
    const list = copies.get(t.name) ?? [];
    const plain = list.map((copy, i) => hammingDistance(originals[i]?.pdq ?? '', copy.pdq));
    const best = list.map((copy, i) => bestDihedralDistance(originals[i]?.dihedral ?? ({} as never), copy.pdq).distance);
    return { name: t.name, description: t.description, dihedral: t.dihedral, plain, best };
  });
  const pairsPlain: number[] = [];
  const pairsBest: number[] = [];
  for (let i = 0; i < originals.length; i++) {
    for (let j = i + 1; j < originals.length; j++) {
      const [a, b] = [originals[i], originals[j]];
      if (a === undefined || b === undefined) continue;
      pairsPlain.push(hammingDistance(a.pdq, b.pdq));
      pairsBest.push(bestDihedralDistance(a.dihedral, b.pdq).distance);
    }
  }
  // Each copy against every other original, best of the eight variants: what a sweep would compare.
  const cross: number[] = [];
  for (const list of copies.values()) {
    list.forEach((copy, i) => {
      originals.forEach((original, j) => {
        if (i !== j) cross.push(bestDihedralDistance(original.dihedral, copy.pdq).distance);
      });
    });
  }
  return { rows, pairsPlain, pairsBest, cross };
}

function recallTable(rows: readonly Row[]): string[] {
  const lines = [
    `| copy | plain hash: recall at ≤ ${PDQ_MATCH_THRESHOLD} | best of 8 variants: recall | median distance | 95th percentile | max |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const used = [...(row.dihedral ? row.best : row.plain)].sort((a, b) => a - b);
    lines.push(
      `| ${row.name}: ${row.description} | ${share(row.plain, (d) => d <= PDQ_MATCH_THRESHOLD)} | ${share(row.best, (d) => d <= PDQ_MATCH_THRESHOLD)} | ${quantile(used, 0.5)} | ${quantile(used, 0.95)} | ${used.at(-1)} |`,
    );
  }
  return lines;
}

function falseMatchLines(m: ReturnType<typeof measure>): string[] {
  const min = (values: readonly number[]): number => values.reduce((a, b) => Math.min(a, b), 256);
  return [
    `- pairs of different originals within ${PDQ_MATCH_THRESHOLD}, plain hashes: ${share(m.pairsPlain, (d) => d <= PDQ_MATCH_THRESHOLD)}; closest pair ${min(m.pairsPlain)} bits, 1st percentile ${quantile([...m.pairsPlain].sort((a, b) => a - b), 0.01)}`,
    `- the same, best of the 8 variants of one against the other: ${share(m.pairsBest, (d) => d <= PDQ_MATCH_THRESHOLD)}; closest ${min(m.pairsBest)} bits`,
    `- every copy against every other original (best of 8, as a sweep compares): ${share(m.cross, (d) => d <= PDQ_MATCH_THRESHOLD)}; closest ${min(m.cross)} bits`,
  ];
}

/** What the figures mean for a user; the numbers come from this run, the explanations do not change. */
function reading(m: ReturnType<typeof measure>): string[] {
  const recall = (name: string): string => {
    const row = m.rows.find((r) => r.name === name);
    const used = row === undefined ? [] : row.dihedral ? row.best : row.plain;
    return `${((100 * used.filter((d) => d <= PDQ_MATCH_THRESHOLD).length) / Math.max(1, used.length)).toFixed(0)}%`;
  };
  const closest = [...m.pairsBest, ...m.cross].reduce((a, b) => Math.min(a, b), 256);
  const falsePairs = m.pairsBest.filter((d) => d <= PDQ_MATCH_THRESHOLD).length + m.cross.filter((d) => d <= PDQ_MATCH_THRESHOLD).length;
  return [
    `- Resizing and JPEG recompression, what a re-upload usually does, stay well inside the threshold (${recall('resize-50')} / ${recall('resize-200')} / ${recall('jpeg-30')}).`,
    `- Mirrored and rotated copies are found only through the eight dihedral variants (plain recall 0%; ${recall('mirror')} mirrored, ${recall('rotate-90')} rotated).`,
    '  They cost 10-15 bits even without other changes: the reference\'s even box windows and its sampling grid sit half a',
    '  pixel off centre, so a mirrored picture is filtered and sampled slightly differently from the mirror of the DCT.',
    `- PDQ does not survive cropping (${recall('crop-2')} at 2% a side, ${recall('crop-5')} at 5%): it hashes the whole frame, and a crop rescales and`,
    '  shifts the content enough to scramble the higher of its 16x16 frequencies. Neither hash finds a cropped copy (its',
    '  SHA-256 differs too); a person has to. Measured once by hand on the reference photos of shared/fixtures/pdq',
    '  (bridge, c.png, the labelme set): 32-94 bits at 2% a side, 88-154 at 5%.',
    `- The colour (${recall('colour')}) and greyscale (${recall('greyscale')}) rows are harsher here than on photographs: PDQ hashes BT.601 luminance, and`,
    '  the synthetic shapes are saturated random colours whose relative brightness changes when the hue turns or when a',
    '  greyscale conversion weighs the channels differently (libvips uses CIE luminance). On the reference photos the same',
    '  two changes cost 0-10 bits (46 on the near-blank q0003, quality 3).',
    `- False matches: ${falsePairs === 0 ? 'none' : falsePairs} between different pictures, even comparing every variant; the closest pair was ${closest} bits`,
    `  apart (the threshold is ${PDQ_MATCH_THRESHOLD}). Pictures with quality below ${PDQ_MIN_QUALITY} (near-blank, smooth) are where PDQ is least reliable; \`takedown hash\` flags them.`,
  ];
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'takedown-pdq-bench-'));
  let section: string[];
  try {
    const { originals, copies, hashMs } = await generate(dir);
    const fingerprints = originals.map((p) => p.fingerprint);
    const copyPrints = new Map([...copies].map(([name, list]) => [name, list.map((p) => p.fingerprint)]));
    const shipped = measure(fingerprints, copyPrints);
    const lowQuality = fingerprints.filter((f) => f.quality < PDQ_MIN_QUALITY).length;
    const sortedMs = [...hashMs].sort((a, b) => a - b);
    const cpu = cpus();
    section = [
      HEADING,
      '',
      'Written by `node bench/pdq-recall.ts` (bench/pdq-images.ts draws the pictures). A "copy" matches its original when the',
      `Hamming distance between their 256-bit PDQ hashes is at most ${PDQ_MATCH_THRESHOLD} (PDQ_MATCH_THRESHOLD). "Plain" compares the two`,
      'hashes as they are; "best of 8" compares the copy with the closest of the original\'s eight dihedral hashes (rotations',
      'and mirrors, computed from its DCT), which is what recognises rotated and mirrored copies. For those rows recall is the',
      'best-of-8 column; the distance columns show that column for them and the plain one for the others.',
      '',
      `- date: ${new Date().toISOString()}; takedown at commit ${gitCommit()}`,
      `- CPUs: ${cpu.length} (${cpu[0]?.model.trim() ?? 'unknown'}); memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
      `- Node ${process.version}; sharp ${sharp.versions.sharp ?? '?'} with libvips ${sharp.versions.vips}`,
      `- ${ORIGINALS} originals (seed ${SEED}), ${(ORIGINALS * TRANSFORMS.length).toLocaleString('en')} copies; originals 480-1280 x 360-1020 px PNG:`,
      '  a two-colour gradient, 4-12 shapes (ellipses, rectangles, triangles, diamonds; some translucent), half of them a',
      '  striped band, and uniform noise of 0-24 levels; copies are PNG unless the row says JPEG',
      `- hashing an original (read the file, SHA-256, decode, pre-shrink to ${PRESCALE.maxSide} px, PDQ and its 8 variants): median ${quantile(sortedMs, 0.5).toFixed(1)} ms, 95th percentile ${quantile(sortedMs, 0.95).toFixed(1)} ms, one core`,
      `- originals with quality below ${PDQ_MIN_QUALITY}: ${lowQuality} of ${ORIGINALS}`,
      '',
      `### Recall per transformation (pre-shrink: fit inside ${PRESCALE.maxSide}x${PRESCALE.maxSide}, ${PRESCALE.kernel} kernel, as shipped)`,
      '',
      ...recallTable(shipped.rows),
      '',
      '### False matches',
      '',
      ...falseMatchLines(shipped),
      '',
      '### Reading the figures',
      '',
      ...reading(shipped),
    ];
    if (args.compare) {
      section.push('', '### Other pre-shrinks, same pictures', '');
      section.push(
        'The reference reader shrinks pictures over 512 px before hashing; how they are shrunk changes the hash a little. Recall',
        'at the threshold for each transformation (plain for unmoved copies, best of 8 for rotated and mirrored ones):',
        '',
      );
      const header = ['| pre-shrink | ' + TRANSFORMS.map((t) => t.name).join(' | ') + ' | false pairs |', '|---|' + TRANSFORMS.map(() => '---:').join('|') + '|---:|'];
      section.push(...header);
      const rowFor = (label: string, m: ReturnType<typeof measure>): string =>
        `| ${label} | ${m.rows
          .map((r) => `${((100 * (r.dihedral ? r.best : r.plain).filter((d) => d <= PDQ_MATCH_THRESHOLD).length) / r.plain.length).toFixed(0)}%`)
          .join(' | ')} | ${m.pairsPlain.filter((d) => d <= PDQ_MATCH_THRESHOLD).length} |`;
      section.push(rowFor(`fit inside ${PRESCALE.maxSide} (shipped)`, shipped));
      for (const alternative of ALTERNATIVES) {
        const rehash = async (p: Picture): Promise<ImageFingerprint> => hashImageBytes(readFileSync(p.file), p.file, alternative.prescale);
        const alt = await Promise.all(originals.map(rehash));
        const altCopies = new Map<string, ImageFingerprint[]>();
        for (const [name, list] of copies) altCopies.set(name, await Promise.all(list.map(rehash)));
        section.push(rowFor(alternative.label, measure(alt, altCopies)));
      }
      section.push(
        '',
        'On the reference vectors (shared/fixtures/pdq; measured by hand, not by this script) the shipped pre-shrink stays within',
        '2 bits of the published hashes, but for one near-blank picture at 10; the alternatives move the large photos 4-12 bits',
        '(full resolution) and 4-10 bits (squashed) away from them, for at most one more mirrored copy in a hundred here.',
        'Hashes computed by other PDQ tools compare best with the shipped choice, so it stays.',
      );
    }
    section.push('', `Whole run: ${((performance.now() - started) / 1000).toFixed(1)} s.`, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const text = section.join('\n');
  process.stdout.write(`${text}\n`);
  if (args.write) writeSection(text);
}

/** Replaces this benchmark's section of RESULTS.md, or appends it; the rest of the file is left as it is. */
function writeSection(text: string): void {
  const current = readFileSync(RESULTS, 'utf8');
  const start = current.indexOf(`\n${HEADING}\n`);
  if (start === -1) {
    writeFileSync(RESULTS, `${current.trimEnd()}\n\n${text}`);
    return;
  }
  const next = current.indexOf('\n## ', start + HEADING.length + 2);
  const after = next === -1 ? '' : current.slice(next);
  writeFileSync(RESULTS, `${current.slice(0, start + 1)}${text.trimEnd()}\n${after}`);
}

await main();
