// Reading case files from disk: unreadable files become issues, assertValid gathers every error.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertValid, loadCaseFile, loadCaseFiles } from '../../src/case-file/load.ts';
import { formatIssue, isUserError } from '../../src/core/errors.ts';

const good = `case:
  id: c-1
  subject: { minor_at_creation: false }
  claimant: { role: subject }
  jurisdictions: [US]
  facts: { consent: none }
urls: [https://tube.example/v/1]
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'takedown-case-'));
  await writeFile(join(dir, 'good.yaml'), good);
  await writeFile(join(dir, 'bad.yaml'), good.replace('role: subject', 'role: lawyer'));
  await writeFile(join(dir, 'noted.yaml'), good.replace('  facts:', '  allow: [https://tube.example/]\n  facts:').replace('urls: [', 'urls: [https://other.example/x, '));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadCaseFile', () => {
  it('returns the case with its absolute path, issues naming the path as given', async () => {
    const path = relative(process.cwd(), join(dir, 'good.yaml'));
    const result = await loadCaseFile(path);
    expect(result.issues).toEqual([]);
    expect(result.case?.file).toBe(join(dir, 'good.yaml'));
  });

  it.each([
    ['missing.yaml', 'cannot read the case file: no such file'],
    ['', 'cannot read the case file: it is a folder, not a file'],
    ['photo.jpg', 'not a text file (it holds binary data); a case file is YAML text in UTF-8'],
    ['latin1.yaml', 'not a text file (it holds binary data); a case file is YAML text in UTF-8'],
  ])('reports an unreadable file %j as one issue', async (name, message) => {
    await writeFile(join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]));
    await writeFile(join(dir, 'latin1.yaml'), Buffer.from('case:\n  title: caf\xe9\n', 'latin1'));
    const path = join(dir, name);
    const result = await loadCaseFile(path);
    expect(result).toEqual({ case: null, issues: [{ file: path, path: '', message, severity: 'error' }] });
  });
});

describe('assertValid', () => {
  it('returns the cases when there are only notes', async () => {
    const results = await loadCaseFiles([join(dir, 'good.yaml'), join(dir, 'noted.yaml')]);
    expect(assertValid(results).map((c) => c.id)).toEqual(['c-1', 'c-1']);
  });

  it('throws CASE_INVALID with every issue of every file', async () => {
    const results = await loadCaseFiles([join(dir, 'bad.yaml'), join(dir, 'noted.yaml'), join(dir, 'missing.yaml')]);
    let caught: unknown;
    try {
      assertValid(results);
    } catch (error) {
      caught = error;
    }
    expect(isUserError(caught) && caught.code).toBe('CASE_INVALID');
    if (!isUserError(caught)) return;
    expect(caught.message).toBe('2 problems in 2 case files; nothing was done');
    expect(caught.issues.map(formatIssue)).toEqual([
      `${join(dir, 'bad.yaml')}:4:21 case.claimant.role: must be one of subject, representative (got "lawyer")`,
      `${join(dir, 'noted.yaml')}:8:33 urls[1]: note: excluded: on the case's allow-list (https://tube.example/)`,
      `${join(dir, 'missing.yaml')}: cannot read the case file: no such file`,
    ]);
  });
});
