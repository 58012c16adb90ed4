// A case's URLs in a plain-text file named by urls_file:, one a line: read next to the case file,
// merged with urls:, every problem at file:line:col, a file that cannot be read reported at the key.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCaseFile } from '../../src/case-file/load.ts';
import { parseUrlsFile } from '../../src/case-file/urls-file.ts';
import { validateCaseText } from '../../src/case-file/validate.ts';
import { formatIssue } from '../../src/core/errors.ts';

const head = `case:
  id: big
  subject: { minor_at_creation: false }
  claimant: { role: subject }
  jurisdictions: [US]
  facts: { consent: none }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'takedown-urls-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(caseText: string, files: Record<string, string | Buffer>): Promise<Awaited<ReturnType<typeof loadCaseFile>>> {
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  await writeFile(join(dir, 'case.yaml'), caseText);
  return loadCaseFile(join(dir, 'case.yaml'));
}

describe('urls_file', () => {
  it('adds the URLs of the file, normalised, after those of urls:, skipping blank lines and comments', async () => {
    const result = await load(`${head}urls: [https://tube.example/v/1]\nurls_file: list.txt\n`, {
      'list.txt': '# exported from the spreadsheet\n\nhttps://Tube.Example/v/2\n   https://xn--bcher-kva.example/v/3  \r\n# done\nhttps://bücher.example/v/4#t=10\n',
    });
    expect(result.issues).toEqual([]);
    expect(result.case?.targets).toEqual([
      { url: 'https://tube.example/v/1', original: 'https://tube.example/v/1', line: 7, col: 8 },
      { url: 'https://tube.example/v/2', original: 'https://Tube.Example/v/2' },
      { url: 'https://xn--bcher-kva.example/v/3', original: 'https://xn--bcher-kva.example/v/3' },
      { url: 'https://xn--bcher-kva.example/v/4#t=10', original: 'https://bücher.example/v/4#t=10' },
    ]);
  });

  it('is enough on its own, and reads a file in a sub-folder', async () => {
    const result = await load(`${head}urls_file: lists/all.txt\n`, {});
    expect(result.issues.map(formatIssue)).toEqual([`${join(dir, 'case.yaml')}:7:12 urls_file: cannot read ${join(dir, 'lists/all.txt')}: no such file`]);
    await rm(join(dir, 'lists'), { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'lists')));
    const again = await load(`${head}urls_file: lists/all.txt\n`, { 'lists/all.txt': 'https://tube.example/v/9\n' });
    expect(again.issues).toEqual([]);
    expect(again.case?.targets.map((t) => t.url)).toEqual(['https://tube.example/v/9']);
  });

  it('reports bad lines and repeats at file:line:col, against urls: too', async () => {
    const result = await load(`${head}urls:\n  - https://tube.example/v/1\nurls_file: list.txt\n`, {
      'list.txt': 'https://tube.example/v/2\n  tube.example/v/3\nftp://tube.example/v/4\nhttps://tube.example/v/1#start\nhttps://tube.example/v/2\n',
    });
    const list = join(dir, 'list.txt');
    expect(result.case).toBeNull();
    expect(result.issues.map(formatIssue)).toEqual([
      `${list}:2:3 urls_file: not a valid URL; it must start with http:// or https:// (got "tube.example/v/3")`,
      `${list}:3:1 urls_file: only http and https URLs can be checked (got "ftp://tube.example/v/4")`,
      `${list}:4:1 urls_file: duplicate URL: the same as urls[0] at line 8; the part after "#" is ignored when comparing`,
      `${list}:5:1 urls_file: duplicate URL: the same as line 1 of ${list}`,
    ]);
  });

  it('leaves out allow-listed URLs with a note at their line', async () => {
    const result = await load(head.replace('  facts:', '  allow: [https://mine.example/]\n  facts:') + 'urls_file: list.txt\n', {
      'list.txt': 'https://tube.example/v/1\nhttps://mine.example/portfolio\n',
    });
    expect(result.issues.map(formatIssue)).toEqual([`${join(dir, 'list.txt')}:2:1 urls_file: note: excluded: on the case's allow-list (https://mine.example/)`]);
    expect(result.case?.targets.map((t) => t.url)).toEqual(['https://tube.example/v/1']);
  });

  it('says so when neither the file nor urls: lists a URL', async () => {
    const result = await load(`${head}urls_file: empty.txt\n`, { 'empty.txt': '# nothing yet\n\n' });
    expect(result.issues.map((i) => i.message)).toEqual(['no URLs: list at least one URL to check under urls: (or a place to look under watch:) (empty.txt lists none)']);
  });

  it('refuses an empty name and a binary file', async () => {
    const empty = await load(`${head}urls: [https://tube.example/v/1]\nurls_file: ""\n`, {});
    expect(empty.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['urls_file: must name a text file of URLs, one a line (got an empty value)']);
    const blank = await load(`${head}urls: [https://tube.example/v/1]\nurls_file: "  "\n`, {});
    expect(blank.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['urls_file: must name a text file of URLs, one a line (got an empty value)']);
    const binary = await load(`${head}urls_file: list.bin\n`, { 'list.bin': Buffer.from([0x00, 0x01, 0xff]) });
    expect(binary.issues.map((i) => i.message)).toEqual([`cannot read ${join(dir, 'list.bin')}: not a text file (it holds binary data); list one URL a line in UTF-8`]);
  });

  it('validates the rest of the case when the file is not given (an edit checked in memory)', () => {
    const result = validateCaseText(`${head}urls_file: list.txt\n`, 'case.yaml');
    expect(result.issues).toEqual([]);
    expect(result.case?.targets).toEqual([]);
  });

  it('reads 50,000 lines without a position object per URL', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `https://tube${i % 97}.example/v/${i}`).join('\n');
    const read = parseUrlsFile({ file: 'big.txt', text }, new Map());
    expect(read.issues).toEqual([]);
    expect(read.targets).toHaveLength(50_000);
    expect(read.places[49_999]).toEqual({ line: 50_000, col: 1 });
  });
});
