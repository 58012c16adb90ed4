// Adding accepted URLs to a case file's urls: without touching any other byte.
import { describe, expect, it } from 'vitest';
import { addUrlsToText } from '../../src/discovery/case-file-edit.ts';

const HEAD = `# My case
case:
  id: c1   # keep me
  subject: { minor_at_creation: false }
`;

describe('addUrlsToText', () => {
  it('appends to a block list at its indentation, after the last entry, keeping comments', () => {
    const text = `${HEAD}urls:
  - https://a.example/1   # first
  - url: https://a.example/2
    note: by hand
  # a comment after the list
watch: [https://forum.example/latest]
`;
    const result = addUrlsToText(text, [{ url: 'https://b.example/t/9', note: 'found on https://forum.example/latest (candidate C-0001)' }]);
    expect(result.text).toBe(`${HEAD}urls:
  - https://a.example/1   # first
  - url: https://a.example/2
    note: by hand
  - url: https://b.example/t/9
    note: found on https://forum.example/latest (candidate C-0001)
  # a comment after the list
watch: [https://forum.example/latest]
`);
    expect(result.added).toHaveLength(1);
  });

  it('keeps a list written at column 0 at column 0', () => {
    const text = `${HEAD}urls:\n- https://a.example/1\nwatch: []\n`;
    expect(addUrlsToText(text, [{ url: 'https://b.example/2' }]).text).toBe(`${HEAD}urls:\n- https://a.example/1\n- https://b.example/2\nwatch: []\n`);
  });

  it('keeps a flow list a flow list, quoting what a flow list cannot hold plain', () => {
    const text = `${HEAD}urls: [https://a.example/1]  # hand-written\n`;
    expect(addUrlsToText(text, [{ url: 'https://b.example/2', note: 'found on x, then y' }]).text).toBe(
      `${HEAD}urls: [https://a.example/1, { url: https://b.example/2, note: "found on x, then y" }]  # hand-written\n`,
    );
  });

  it.each([
    ['urls: []', `urls:\n  - https://b.example/2\n`],
    ['urls:', `urls:\n  - https://b.example/2\n`],
    ['urls: ~   # none yet', `urls:   # none yet\n  - https://b.example/2\n`],
  ])('starts a block list under "%s"', (line, expected) => {
    const text = `${HEAD}${line}\nwatch:\n  - https://forum.example/latest\n`;
    expect(addUrlsToText(text, [{ url: 'https://b.example/2' }]).text).toBe(`${HEAD}${expected}watch:\n  - https://forum.example/latest\n`);
  });

  it('adds urls: at the end when the file has none', () => {
    const text = `${HEAD}watch:\n  - https://forum.example/latest`;
    expect(addUrlsToText(text, [{ url: 'https://b.example/2' }]).text).toBe(`${text}\nurls:\n  - https://b.example/2\n`);
  });

  it('skips URLs already listed (the fragment and host case do not matter)', () => {
    const text = `${HEAD}urls:\n  - https://A.example/1#post-2\n`;
    const result = addUrlsToText(text, [{ url: 'https://a.example/1' }, { url: 'https://a.example/3' }, { url: 'https://a.example/3' }]);
    expect(result.present.map((p) => p.url)).toEqual(['https://a.example/1', 'https://a.example/3']);
    expect(result.text).toBe(`${text}  - https://a.example/3\n`);
  });

  it('quotes a URL that YAML would read otherwise', () => {
    const text = `${HEAD}urls:\n  - https://a.example/1\n`;
    const edited = addUrlsToText(text, [{ url: 'https://a.example/p?q=a #b' }]).text;
    expect(edited).toContain(`  - "https://a.example/p?q=a #b"\n`);
  });

  it.each([
    ['a block list', `${HEAD}urls:\n  - https://a.example/1\nwatch: []\n`],
    ['an empty list', `${HEAD}urls: []\nwatch: []\n`],
    ['no urls key', HEAD],
  ])('keeps a CRLF file CRLF: %s', (_what, lf) => {
    const crlf = lf.replace(/\n/g, '\r\n');
    const entries = [{ url: 'https://b.example/2', note: 'found on https://forum.example/t/1 (candidate C-0001)' }, { url: 'https://b.example/3' }];
    const result = addUrlsToText(crlf, entries);
    expect(result.added).toHaveLength(2);
    expect(result.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(result.text.replace(/\r\n/g, '\n')).toBe(addUrlsToText(lf, entries).text);
  });

  it('refuses a file with YAML errors', () => {
    expect(() => addUrlsToText('case: [\n', [{ url: 'https://a.example/' }])).toThrow(/YAML errors/);
  });
});
