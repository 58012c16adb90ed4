// Valid case files: the normalised Case, positions, allow-list matching and number-looking ids.
import { describe, expect, it } from 'vitest';
import { allowedBy } from '../../src/case-file/case-urls.ts';
import { validateCaseText } from '../../src/case-file/validate.ts';

const designExample = `case:
  id: 2026-014
  title: Leaked photos, ex-partner
  subject:                    # the person depicted
    name: Jane Doe
    minor_at_creation: false
  claimant:
    role: representative
    name: A. Lawyer
    email: takedowns@lawfirm.example
    signature: /A. Lawyer/
  jurisdictions: [US, eu]
  facts:
    consent: none
    copyright_owner: true
    description: Private photos shared in a relationship, posted without consent.
  allow: [https://janedoe.example/]
urls:
  - https://Tube.example/video/123
  - url: https://forum.example/thread/55#post-9
    note: Re-upload found by client
  - https://bücher.example/x
watch:
  - url: https://forum.example/search?q=jane+doe
fingerprints: []
`;

function minimal(id: string, extra = ''): string {
  return `case:
  id: ${id}
  subject: { minor_at_creation: true }
  claimant: { role: subject }
  jurisdictions: [GB]
  facts: { consent: withdrawn }
${extra}urls: [https://tube.example/v/1]
`;
}

describe('validateCaseText on valid files', () => {
  it('normalises the DESIGN 3.2 example into a Case', () => {
    const result = validateCaseText(designExample, '/cases/jane.yaml');
    expect(result.issues).toEqual([]);
    expect(result.case).toEqual({
      id: '2026-014',
      title: 'Leaked photos, ex-partner',
      subject: { name: 'Jane Doe', minorAtCreation: false },
      claimant: {
        role: 'representative',
        name: 'A. Lawyer',
        email: 'takedowns@lawfirm.example',
        signature: '/A. Lawyer/',
        confirmsGoodFaith: false,
      },
      jurisdictions: ['US', 'EU'],
      facts: {
        consent: 'none',
        copyrightOwner: true,
        dmcaAcceptDisclosure: false,
        deepfake: false,
        description: 'Private photos shared in a relationship, posted without consent.',
      },
      keywords: [],
      allow: ['https://janedoe.example/'],
      targets: [
        { url: 'https://tube.example/video/123', original: 'https://Tube.example/video/123', line: 19, col: 5 },
        {
          url: 'https://forum.example/thread/55#post-9',
          original: 'https://forum.example/thread/55#post-9',
          note: 'Re-upload found by client',
          line: 20,
          col: 10,
        },
        { url: 'https://xn--bcher-kva.example/x', original: 'https://bücher.example/x', line: 22, col: 5 },
      ],
      watch: [{ url: 'https://forum.example/search?q=jane+doe', line: 24, col: 10 }],
      fingerprints: [],
      storeMedia: false,
      file: '/cases/jane.yaml',
    });
  });

  it.each([
    ['2026', '2026'],
    ['014', '014'],
    ['"2026-014"', '2026-014'],
    ['case_7.b', 'case_7.b'],
  ])('reads id %s as %j', (written, id) => {
    const result = validateCaseText(minimal(written), 'c.yaml');
    expect(result.issues).toEqual([]);
    expect(result.case?.id).toBe(id);
  });

  it('applies defaults: copyright_owner, store_media, keywords, watch', () => {
    const result = validateCaseText(minimal('c-1'), 'c.yaml');
    expect(result.case).toMatchObject({
      subject: { minorAtCreation: true },
      facts: { consent: 'withdrawn', copyrightOwner: false },
      storeMedia: false,
      keywords: [],
      watch: [],
      fingerprints: [],
    });
  });

  it('accepts a case with only watch places', () => {
    const text = minimal('c-1').replace('urls: [https://tube.example/v/1]', 'watch: [https://forum.example/search?q=x]');
    const result = validateCaseText(text, 'c.yaml');
    expect(result.issues).toEqual([]);
    expect(result.case?.targets).toEqual([]);
    expect(result.case?.watch).toEqual([{ url: 'https://forum.example/search?q=x', line: 7, col: 9 }]);
  });

  it('keeps a case whose only issues are notes, without the allow-listed URL', () => {
    const text = minimal('c-1', '  allow: [https://tube.example/v/1]\n').replace(
      'urls: [https://tube.example/v/1]',
      'urls: [https://tube.example/v/1, https://tube.example/v/2]',
    );
    const result = validateCaseText(text, 'c.yaml');
    expect(result.issues.map((issue) => [issue.severity, issue.path, issue.message])).toEqual([
      ['note', 'urls[0]', "excluded: on the case's allow-list (https://tube.example/v/1)"],
    ]);
    expect(result.case?.targets.map((target) => target.url)).toEqual(['https://tube.example/v/2']);
  });

  it("allows an empty fingerprints: list in a minor's case (init writes one)", () => {
    const text = `${minimal('c-1')}fingerprints: []\n`;
    expect(validateCaseText(text, 'c.yaml').issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('allows store_media for an adult case', () => {
    const text = minimal('c-1', '  store_media: true\n').replace('minor_at_creation: true', 'minor_at_creation: false');
    expect(validateCaseText(text, 'c.yaml').case?.storeMedia).toBe(true);
  });
});

describe('allowedBy', () => {
  const allow = ['https://janedoe.example/', 'https://social.example/janedoe', 'https://blog.example/jane/'];
  it.each([
    ['https://janedoe.example/photos/1', 'https://janedoe.example/'],
    ['http://janedoe.example/', 'https://janedoe.example/'],
    ['https://www.janedoe.example/', undefined],
    ['https://social.example/janedoe', 'https://social.example/janedoe'],
    ['https://social.example/janedoe/posts/1', 'https://social.example/janedoe'],
    ['https://social.example/janedoe?tab=media', 'https://social.example/janedoe'],
    ['https://social.example/janedoe#bio', 'https://social.example/janedoe'],
    ['https://social.example/janedoe-leaks', undefined],
    ['https://social.example/jane', undefined],
    ['https://blog.example/jane/post', 'https://blog.example/jane/'],
    ['https://blog.example/janet', undefined],
  ])('%s -> %s', (url, entry) => {
    expect(allowedBy(url, allow)).toBe(entry);
  });
});
