// `takedown hash`, called through runHash (registered in program.ts by hand): output without file
// names, --add into a real workspace's case file, the minors refusal, and bad input.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { runHash, type HashOptions } from '../../src/cli/commands/hash.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { flatPicture, testPicture } from '../discovery/pictures.ts';
import { runCli, tempDir } from './helpers.ts';

let ws: ReturnType<typeof tempDir>;
let pics: ReturnType<typeof tempDir>;
let caseFile: string;
let beach: string;
let party: string;
let beachBytes: Buffer;

beforeEach(async () => {
  ws = tempDir('takedown-hash-ws-');
  pics = tempDir('takedown-hash-pics-');
  expect((await runCli(['init', ws.path], { cwd: ws.path })).code).toBe(EXIT.ok);
  caseFile = join(ws.path, 'cases', 'example.yaml');
  beachBytes = await sharp(await testPicture(11)).jpeg({ quality: 90 }).toBuffer();
  beach = join(pics.path, 'zq81-beach.jpg');
  party = join(pics.path, 'zq81-party.png');
  writeFileSync(beach, beachBytes);
  writeFileSync(party, await testPicture(12));
});

afterEach(() => {
  ws.remove();
  pics.remove();
});

async function hash(files: string[], options: HashOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { NO_COLOR: '1' },
    cwd: ws.path,
    onInterrupt: () => () => undefined,
    confirm: async () => null,
  };
  const code = await runHash(io, files, options);
  return { code, stdout, stderr };
}

async function refusal(files: string[], options: HashOptions = {}): Promise<UserError> {
  const error = await hash(files, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('takedown hash', () => {
  it('prints the SHA-256, the PDQ hash and the quality of each picture, and never its name or path', async () => {
    const run = await hash([beach, party]);
    expect(run.code).toBe(EXIT.ok);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^#1  sha256 ${sha256(beachBytes)}  pdq [0-9a-f]{64}  quality \\d+$`));
    expect(lines[1]).toMatch(/^#2  sha256 [0-9a-f]{64}  pdq [0-9a-f]{64}  quality \d+$/);
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain('zq81');
      expect(text).not.toContain(pics.path);
    }
  });

  it('--format json gives one document with the same facts, no names', async () => {
    const run = await hash([beach], { format: 'json' });
    const body = JSON.parse(run.stdout) as { images: Record<string, unknown>[] };
    expect(body.images).toEqual([{ index: 1, sha256: sha256(beachBytes), pdq: expect.stringMatching(/^[0-9a-f]{64}$/), quality: expect.any(Number), reliable: true }]);
    expect(run.stdout).not.toContain('zq81');
  });

  it('flags a picture with too little detail as unreliable', async () => {
    const flat = join(pics.path, 'flat.png');
    writeFileSync(flat, await flatPicture());
    const text = await hash([flat]);
    expect(text.stdout).toContain('quality 0');
    expect(text.stderr).toMatch(/#1: quality 0 is below 50: .* too little detail.*in a case \(--add\), it would only find exact copies/);
    const json = JSON.parse((await hash([flat], { format: 'json' })).stdout) as { images: { reliable: boolean }[] };
    expect(json.images[0]?.reliable).toBe(false);
  });

  it('--label goes into the output', async () => {
    const run = await hash([beach], { label: 'beach, summer 2024' });
    expect(JSON.parse((await hash([beach], { format: 'json', label: 'beach, summer 2024' })).stdout).images[0].label).toBe('beach, summer 2024');
    expect(run.code).toBe(EXIT.ok);
  });
});

describe('takedown hash --case CASE --add', () => {
  it("appends to the case's fingerprints: list, keeping every comment, and the case still validates", async () => {
    const before = readFileSync(caseFile, 'utf8');
    const run = await hash([beach, party], { case: 'example-001', add: true });
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toContain(`added 2 fingerprints to case example-001 (${caseFile})`);
    const after = readFileSync(caseFile, 'utf8');
    const [head] = before.split('fingerprints: []');
    expect(after.startsWith(`${head}fingerprints:\n  - sha256: ${sha256(beachBytes)}\n    pdq: `)).toBe(true);
    expect(before).toContain('# Hashes of the images, computed on this machine with `takedown hash`. Optional.\nfingerprints: []');
    expect(after).toMatch(/ {4}quality: \d+\n {2}- sha256: [0-9a-f]{64}\n {4}pdq: [0-9a-f]{64}\n {4}quality: \d+\n$/);
    expect((statSync(caseFile).mode & 0o777).toString(8)).toBe((statSync(join(ws.path, 'takedown.yaml')).mode & 0o777).toString(8));
    const validate = await runCli(['validate', '--format', 'json'], { cwd: ws.path });
    expect(validate.code).toBe(EXIT.ok);
  });

  it('writes no file name or path unless --label is given, and then only the label', async () => {
    await hash([beach], { case: 'example-001', add: true });
    const plain = readFileSync(caseFile, 'utf8');
    expect(plain).not.toContain('zq81');
    expect(plain).not.toContain(pics.path);
    expect(plain).not.toMatch(/label:/);
    await hash([party], { case: 'example-001', add: true, label: 'party photo' });
    const labelled = readFileSync(caseFile, 'utf8');
    expect(labelled).toContain('    label: party photo\n');
    expect(labelled).not.toContain('zq81');
  });

  it('leaves no byte of the pictures anywhere in the workspace', async () => {
    await hash([beach, party], { case: 'example-001', add: true, label: 'beach' });
    const pictures = [beachBytes, readFileSync(party)];
    const files = filesUnder(ws.path);
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const content = readFileSync(file);
      for (const picture of pictures) {
        expect(sha256(content), file).not.toBe(sha256(picture));
        // Any run of 32 bytes taken from across the picture would show a copy, whole or in part.
        for (let offset = 0; offset + 32 <= picture.length; offset += Math.max(32, Math.floor(picture.length / 64))) {
          expect(content.includes(picture.subarray(offset, offset + 32)), `${file} holds bytes of a picture`).toBe(false);
        }
      }
      expect(content.toString('latin1')).not.toContain('zq81');
    }
  });

  it('adds a picture once: a second run says it is already there and changes nothing', async () => {
    await hash([beach], { case: 'example-001', add: true });
    const once = readFileSync(caseFile, 'utf8');
    const again = await hash([beach], { case: 'example-001', add: true, format: 'json' });
    expect(JSON.parse(again.stdout).fingerprints).toEqual({ case: 'example-001', added: 0, alreadyThere: 1 });
    expect(readFileSync(caseFile, 'utf8')).toBe(once);
  });

  it('accepts the case file instead of its id', async () => {
    const run = await hash([beach], { case: caseFile, add: true });
    expect(run.stderr).toContain('added 1 fingerprint to case example-001');
  });

  it('without --add, says which pictures the case already has, exactly or as an altered copy', async () => {
    await hash([beach], { case: 'example-001', add: true, label: 'beach' });
    const smaller = join(pics.path, 'smaller-mirrored.jpg');
    writeFileSync(smaller, await sharp(beachBytes).resize(320).flop().jpeg({ quality: 70 }).toBuffer());
    const before = readFileSync(caseFile, 'utf8');
    const run = await hash([beach, smaller, party], { case: 'example-001', format: 'json' });
    const images = (JSON.parse(run.stdout) as { images: { known?: { exact: boolean; distance: number; variant: string; label?: string } }[] }).images;
    expect(images[0]?.known).toEqual({ exact: true, distance: 0, variant: 'original', label: 'beach' });
    expect(images[1]?.known).toMatchObject({ exact: false, variant: 'flipY', label: 'beach' });
    expect(images[1]?.known?.distance).toBeLessThanOrEqual(31);
    expect(images[2]?.known).toBeUndefined();
    expect(readFileSync(caseFile, 'utf8')).toBe(before);
    // In words: flipY is the reference's name for a left-right mirror.
    expect((await hash([smaller], { case: 'example-001' })).stdout).toMatch(/like a picture of the case \(\d+ bits apart, mirrored left to right: beach\)/);
  });

  it('keeps the line endings of a case file written with CRLF', async () => {
    const crlf = readFileSync(caseFile, 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(caseFile, crlf);
    await hash([beach, party], { case: 'example-001', add: true });
    const after = readFileSync(caseFile, 'utf8');
    expect(after).toContain(`fingerprints:\r\n  - sha256: ${sha256(beachBytes)}\r\n    pdq: `);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect((await runCli(['validate'], { cwd: ws.path })).code).toBe(EXIT.ok);
  });

  it('adds a picture with too little detail, saying it will only find exact copies; it never matches a look-alike', async () => {
    const flat = join(pics.path, 'flat.png');
    writeFileSync(flat, await flatPicture());
    const added = await hash([flat], { case: 'example-001', add: true });
    expect(added.code).toBe(EXIT.ok);
    expect(added.stderr).toMatch(/#1: quality 0 is below 50: .*; in the case, it only finds exact copies of this very file \(same SHA-256\), never look-alikes/);
    expect(readFileSync(caseFile, 'utf8')).toMatch(/ {4}quality: 0\n/);
    // Another plain picture has (nearly) the same PDQ hash, but not the same file: no match.
    const other = join(pics.path, 'other-flat.png');
    writeFileSync(other, await flatPicture(300, 300));
    const compared = JSON.parse((await hash([flat, other], { case: 'example-001', format: 'json' })).stdout) as { images: { known?: { exact: boolean } }[] };
    expect(compared.images[0]?.known).toMatchObject({ exact: true });
    expect(compared.images[1]?.known).toBeUndefined();
  });
});

describe('refusals', () => {
  it("refuses a minor's case before opening any picture, and points to Take It Down: exit 2", async () => {
    writeFileSync(caseFile, readFileSync(caseFile, 'utf8').replace('minor_at_creation: false', 'minor_at_creation: true'));
    const before = readFileSync(caseFile, 'utf8');
    for (const options of [{ case: 'example-001', add: true }, { case: 'example-001' }]) {
      // A file that does not exist: the refusal comes first, so no picture is ever read.
      const error = await refusal([join(pics.path, 'never-read.jpg')], options);
      expect(error.code).toBe('MINOR_CASE');
      expect(error.message).toContain('case example-001 is marked as involving a person under 18');
      expect(error.message).toContain('NCMEC Take It Down (https://takeitdown.ncmec.org)');
    }
    expect(readFileSync(caseFile, 'utf8')).toBe(before);
  });

  it.each<[string, () => [string[], HashOptions], string, RegExp]>([
    ['no files', () => [[], {}], 'NO_FILES', /name at least one picture/],
    ['--add without --case', () => [[beach], { add: true }], 'ADD_NEEDS_CASE', /--add needs --case CASE/],
    ['an unknown case', () => [[beach], { case: 'nope', add: true }], 'NO_SUCH_CASE', /"nope".*\(cases: example-001\)/],
    ['a label on two lines', () => [[beach], { case: 'example-001', add: true, label: 'a\nb' }], 'BAD_LABEL', /--label must be one line/],
    ['a missing picture', () => [[beach, join(pics.path, 'gone.jpg')], { case: 'example-001', add: true }], 'IMAGE_NOT_FOUND', /gone\.jpg: no such file/],
    ['a file that is not a picture', () => [[beach, caseFile], { case: 'example-001', add: true }], 'NOT_AN_IMAGE', /example\.yaml: not an image/],
  ])('refuses %s with a UserError (exit 2) and changes nothing', async (_what, args, code, message) => {
    const before = readFileSync(caseFile, 'utf8');
    const [files, options] = args();
    const error = await refusal(files, options);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(readFileSync(caseFile, 'utf8')).toBe(before);
  });

  it('names the picture as the user wrote it, relative to the current folder', async () => {
    const error = await refusal(['pictures/missing.jpg']);
    expect(error.message).toBe('pictures/missing.jpg: no such file');
  });
});
