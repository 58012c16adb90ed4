// Adding fingerprints to a case file's text: only the list's lines change, whatever its shape.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateCaseText } from '../../src/case-file/validate.ts';
import { addFingerprintsToText, findKnown, type Fingerprint } from '../../src/discovery/fingerprints.ts';
import { DIHEDRAL_NAMES, type DihedralName } from '../../src/discovery/pdq.ts';
import { EXAMPLE_CASE } from '../../src/workspace/init-files.ts';

const A: Fingerprint = { sha256: 'a'.repeat(64), pdq: 'f0'.repeat(32), quality: 88 };
const B: Fingerprint = { sha256: 'B'.repeat(64), pdq: '0F'.repeat(32), quality: 41, label: 'photo 2: "beach"' };
/** A hash of digits only reads as a number in YAML unless it is quoted. */
const DIGITS: Fingerprint = { sha256: '1'.repeat(64), pdq: '2'.repeat(64), quality: 100 };

const HEAD = `# my case
case:
  id: c-1   # aligned comment
  jurisdictions: [US, EU]
`;

function entriesOf(text: string): unknown {
  return (parse(text) as { fingerprints?: unknown }).fingerprints;
}

const lower = (f: Fingerprint): Fingerprint => ({ ...f, sha256: f.sha256.toLowerCase(), pdq: f.pdq.toLowerCase() });

describe('addFingerprintsToText', () => {
  // [what, text, the start that must stay, the end that must stay]
  it.each([
    ['no fingerprints key', HEAD, HEAD, ''],
    ['no key, no final newline', HEAD.trimEnd(), HEAD.trimEnd(), ''],
    ['an empty flow list, as init writes it', `${HEAD}# hashes\nfingerprints: []\n# the end\n`, `${HEAD}# hashes\nfingerprints:`, '\n# the end\n'],
    ['an empty flow list with a comment', `${HEAD}fingerprints: []   # none yet\nurls: []\n`, `${HEAD}fingerprints:   # none yet`, '\nurls: []\n'],
    ['an empty value', `${HEAD}fingerprints:\nurls: []\n`, `${HEAD}fingerprints:`, '\nurls: []\n'],
    ['a null value with a comment', `${HEAD}fingerprints: ~  # later\n`, `${HEAD}fingerprints:  # later`, ''],
    [
      'a block list',
      `${HEAD}fingerprints:\n  - sha256: ${'c'.repeat(64)}\n    pdq: ${'d'.repeat(64)}   # kept\n    quality: 70\n# about urls\nurls: []\n`,
      `${HEAD}fingerprints:\n  - sha256: ${'c'.repeat(64)}\n    pdq: ${'d'.repeat(64)}   # kept\n    quality: 70\n  - sha256: ${A.sha256}\n`,
      '\n# about urls\nurls: []\n',
    ],
    [
      'a block list at column 0',
      `${HEAD}fingerprints:\n- sha256: ${'c'.repeat(64)}\n  pdq: ${'d'.repeat(64)}\n  quality: 70\n`,
      `${HEAD}fingerprints:\n- sha256: ${'c'.repeat(64)}\n  pdq: ${'d'.repeat(64)}\n  quality: 70\n- sha256: ${A.sha256}\n`,
      '',
    ],
    [
      'a flow list with entries',
      `${HEAD}fingerprints: [{sha256: ${'c'.repeat(64)}, pdq: ${'d'.repeat(64)}, quality: 70}]  # flow\n`,
      `${HEAD}fingerprints: [{sha256: ${'c'.repeat(64)}, pdq: ${'d'.repeat(64)}, quality: 70}, { sha256: ${A.sha256}`,
      ' }]  # flow\n',
    ],
  ])('%s: the new entries go in, everything around them is byte for byte the same', (_what, text, start, end) => {
    const before = entriesOf(text);
    const result = addFingerprintsToText(text, [A, B, DIGITS]);
    expect(result.added).toHaveLength(3);
    expect(result.text.startsWith(start)).toBe(true);
    expect(result.text.endsWith(end)).toBe(true);
    expect(result.text.endsWith('\n')).toBe(true);
    const old = Array.isArray(before) ? before : [];
    expect(entriesOf(result.text)).toEqual([...old, lower(A), lower(B), DIGITS]);
  });

  it('keeps every comment and the alignment of the example case that init writes, and the case still validates', () => {
    const result = addFingerprintsToText(EXAMPLE_CASE, [A, B]);
    const [head] = EXAMPLE_CASE.split('fingerprints: []');
    expect(result.text.startsWith(`${head}fingerprints:\n  - sha256: ${A.sha256}\n    pdq: ${A.pdq}\n    quality: 88\n  - sha256: `)).toBe(true);
    expect(result.text).toContain(`    label: 'photo 2: "beach"'\n`);
    const validated = validateCaseText(result.text, 'example.yaml');
    expect(validated.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(validated.case?.fingerprints).toEqual([lower(A), lower(B)]);
  });

  it('skips a picture already listed (same SHA-256, any case) and leaves the text alone when nothing is new', () => {
    const once = addFingerprintsToText(HEAD, [A]);
    const twice = addFingerprintsToText(once.text, [{ ...A, sha256: A.sha256.toUpperCase(), label: 'again' }, A]);
    expect(twice).toEqual({ text: once.text, added: [], present: [{ ...A, sha256: A.sha256.toUpperCase(), label: 'again' }, A] });
    const same = addFingerprintsToText(once.text, [A, A, B]);
    expect(same.added).toEqual([B]);
    expect(entriesOf(same.text)).toEqual([lower(A), lower(B)]);
  });

  it.each([
    ['a mapping', `${HEAD}fingerprints: {a: 1}\n`, /not a list/],
    ['text', `${HEAD}fingerprints: some.jpg\n`, /not a list/],
    ['broken YAML', `${HEAD}fingerprints: [\n`, /YAML errors/],
  ])('refuses a fingerprints: that is %s', (_what, text, message) => {
    expect(() => addFingerprintsToText(text, [A])).toThrow(message);
  });
});

describe('line endings', () => {
  it.each([
    ['an empty list', `${HEAD}fingerprints: []\nurls: []\n`],
    ['a block list', `${HEAD}fingerprints:\n  - sha256: ${'c'.repeat(64)}\n    pdq: ${'d'.repeat(64)}\n    quality: 70\nurls: []\n`],
    ['no key', HEAD],
    ['no key, no final newline', HEAD.trimEnd()],
  ])('a CRLF file stays CRLF: %s', (_what, lf) => {
    const crlf = lf.replace(/\n/g, '\r\n');
    const result = addFingerprintsToText(crlf, [A, B]);
    expect(result.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(result.text.replace(/\r\n/g, '\n')).toBe(addFingerprintsToText(lf, [A, B]).text.replace(/\r\n/g, '\n'));
  });
});

describe('findKnown', () => {
  const dihedral = (hash: string): Record<DihedralName, string> =>
    Object.fromEntries(DIHEDRAL_NAMES.map((n) => [n, n === 'flipY' ? hash : '0'.repeat(64)])) as Record<DihedralName, string>;

  it('finds the same file by SHA-256, a mirrored copy by PDQ, and nothing beyond the threshold', () => {
    const list: unknown[] = ['not a fingerprint', A, { ...B, pdq: 'ff'.repeat(32) }];
    expect(findKnown({ sha256: A.sha256.toUpperCase(), dihedral: dihedral(ONE_OFF) }, list)).toMatchObject({ exact: true, distance: 0 });
    expect(findKnown({ sha256: 'e'.repeat(64), dihedral: dihedral(ONE_OFF) }, list)).toMatchObject({ exact: false, distance: 4, variant: 'flipY', fingerprint: A });
    expect(findKnown({ sha256: 'e'.repeat(64), dihedral: dihedral('0f'.repeat(32)) }, [A])).toBeUndefined();
  });

  it('uses a fingerprint of quality under 50 for the same file only, never for a look-alike', () => {
    const plain: Fingerprint = { ...A, quality: 49 };
    expect(findKnown({ sha256: 'e'.repeat(64), dihedral: dihedral(ONE_OFF) }, [plain])).toBeUndefined();
    expect(findKnown({ sha256: A.sha256, dihedral: dihedral(ONE_OFF) }, [plain])).toMatchObject({ exact: true });
    expect(findKnown({ sha256: 'e'.repeat(64), dihedral: dihedral(ONE_OFF) }, [{ ...A, quality: 50 }])).toMatchObject({ exact: false, distance: 4 });
  });
});

/** A's PDQ with four bits changed. */
const ONE_OFF = `${'f0'.repeat(31)}ff`;

describe('fingerprints: in the case file schema', () => {
  const CASE = `case:
  id: c-1
  subject:
    minor_at_creation: false
  claimant:
    role: subject
  jurisdictions: [US]
  facts:
    consent: none
urls:
  - https://tube.example/v/1
fingerprints:
`;
  const HEX = 'ab'.repeat(32);

  it.each([
    [`  - sha256: abc\n    pdq: ${HEX}\n    quality: 80\n`, `13:13 fingerprints[0].sha256: must be the picture's SHA-256 as 64 hex digits (got "abc")`],
    [`  - sha256: ${HEX}\n    pdq: ${HEX}z\n    quality: 80\n`, `14:10 fingerprints[0].pdq: must be the picture's PDQ hash as 64 hex digits`],
    [`  - sha256: ${HEX}\n    pdq: ${HEX}\n    quality: 101\n`, '15:14 fingerprints[0].quality: must be at most 100 (got 101)'],
    [`  - sha256: ${HEX}\n    pdq: ${HEX}\n    quality: 80\n    path: /home/me/x.jpg\n`, '16:5 fingerprints[0].path: unknown key; expected one of sha256, pdq, quality, label'],
    [`  - sha256: ${HEX}\n    pdq: ${HEX}\n`, '13:5 fingerprints[0].quality: missing (required)'],
    ['  - photo.jpg\n', '13:5 fingerprints[0]: must be a mapping with sha256:, pdq: and quality: as "takedown hash --add" writes it (got "photo.jpg")'],
  ])('reports a bad entry at its line: %#', (entries, message) => {
    const { case: c, issues } = validateCaseText(CASE + entries, 'c.yaml');
    expect(c).toBeNull();
    expect(issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`).join('\n')).toContain(message);
  });

  it('accepts entries as hash --add writes them, with or without a label', () => {
    const { case: c } = validateCaseText(`${CASE}  - sha256: ${HEX}\n    pdq: ${HEX.toUpperCase()}\n    quality: 0\n    label: beach\n`, 'c.yaml');
    expect(c?.fingerprints).toEqual([{ sha256: HEX, pdq: HEX.toUpperCase(), quality: 0, label: 'beach' }]);
  });
});
