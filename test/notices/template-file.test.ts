// Broken template files: every problem reported at once, at its line and column in the YAML file.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/errors.ts';
import { NOTICE_KINDS } from '../../src/core/notice.ts';
import { parseTemplateText } from '../../src/notices/template-file.ts';
import { defaultTemplatesDir, loadTemplates } from '../../src/notices/templates.ts';

/** A valid template; each case below breaks one thing in it. */
const GOOD = `kind: policy-ncii
title: Report
basis: the platform's rules
source: research
elements:
  - id: urls
    law: the content, by URL
    phrases: [at these URLs]
    fields: ['urls[].url']
  - id: good-faith
    law: a statement
    phrases: [in good faith]
    attests: true
subject: 'Report {{ notice.id }}'
body: |
  Intimate images at these URLs:
  {% for u in urls -%}
  - {{ u.url }}
  {% endfor %}
  I confirm in good faith that this is accurate.
  Contact: {{ claimant.email }}
`;

const FILE = 'templates/policy-ncii.yaml';

const cases: [string, string, string[]][] = [
  ['valid file', GOOD, []],
  ['broken YAML', GOOD.replace('title: Report', 'title: [Report'), ['templates/policy-ncii.yaml:2:8 invalid YAML: this "[" is never closed: add the closing "]"']],
  [
    'unknown keys, with suggestions',
    GOOD.replace('title: Report', 'titel: Report').replace('    attests: true', '    attest: true'),
    [
      'templates/policy-ncii.yaml title: missing (required)',
      'templates/policy-ncii.yaml:2:1 titel: unknown key; did you mean "title"?',
      'templates/policy-ncii.yaml:13:5 elements[1].attest: unknown key; did you mean "attests"?',
    ],
  ],
  ['unknown kind', GOOD.replace('kind: policy-ncii', 'kind: policy-nci'), ['templates/policy-ncii.yaml:1:7 kind: unknown notice kind "policy-nci"; did you mean "policy-ncii"?']],
  ['kind that does not match the file', GOOD.replace('kind: policy-ncii', 'kind: dmca'), ['templates/policy-ncii.yaml:1:7 kind: kind "dmca" does not match the file name: the template for dmca must be dmca.yaml']],
  [
    'Liquid syntax error inside the body block',
    GOOD.replace('  - {{ u.url }}\n', '  - {{ u.url }\n'),
    ['templates/policy-ncii.yaml:18:15 body: expected "|" before filter'],
  ],
  [
    'unknown variables in the subject and body',
    GOOD.replace("'Report {{ notice.id }}'", "'Report {{ notice.ref }}'").replace('Contact: {{ claimant.email }}', 'Contact: {{ claimant.emial }}'),
    [
      'templates/policy-ncii.yaml:14:21 subject: "notice.ref" is not a field a notice is given; did you mean "notice.id"?',
      'templates/policy-ncii.yaml:21:15 body: "claimant.emial" is not a field a notice is given; did you mean "claimant.email"?',
    ],
  ],
  [
    'a refused tag in the body',
    GOOD.replace('  I confirm in good faith', '  {% include "footer" %}\n  I confirm in good faith'),
    ['templates/policy-ncii.yaml:20:3 body: {% include %} is not allowed: a notice template is one self-contained text and cannot read other files'],
  ],
  [
    'element fields that are not NoticeContext paths, or never used',
    GOOD.replace("fields: ['urls[].url']", "fields: ['urls[].ulr', claimant.phone]"),
    [
      'templates/policy-ncii.yaml:9:14 elements[0].fields[0]: "urls[].ulr" is not a field a notice is given; did you mean "urls[].url"?',
      'templates/policy-ncii.yaml:9:28 elements[0].fields[1]: the subject and body never use claimant.phone',
    ],
  ],
  [
    'a phrase the notice never contains, and a repeated element id',
    GOOD.replace('phrases: [in good faith]', 'phrases: [under penalty of perjury]').replace('id: good-faith', 'id: urls'),
    [
      'templates/policy-ncii.yaml:10:9 elements[1].id: duplicate element id "urls"',
      'templates/policy-ncii.yaml:12:15 elements[1].phrases[0]: the subject and body never contain this phrase: "under penalty of perjury"',
    ],
  ],
  [
    'missing body and an empty element list',
    GOOD.replace(/elements:[\s\S]*?subject:/, 'elements: []\nsubject:').replace(/body: \|[\s\S]*$/, ''),
    ['templates/policy-ncii.yaml body: missing (required)', 'templates/policy-ncii.yaml:5:11 elements: must list at least 1 item'],
  ],
  [
    'an unknown field in a when condition',
    GOOD.replace('    attests: true', '    attests: true\n    when: { claimant.rol: subject }'),
    ['templates/policy-ncii.yaml:14:13 elements[1].when["claimant.rol"]: "claimant.rol" is not a field a notice is given; did you mean "claimant.role"?'],
  ],
  [
    'an unknown field in requires',
    GOOD.replace('elements:\n', 'requires: { subject.minor: true }\nelements:\n'),
    ['templates/policy-ncii.yaml:5:13 requires["subject.minor"]: "subject.minor" is not a field a notice is given; did you mean "subject.minor_at_creation"?'],
  ],
];

describe('template files with problems', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    const parsed = parseTemplateText(text, FILE);
    expect(parsed.issues.map(formatIssue)).toEqual(expected);
    expect(parsed.template === undefined).toBe(expected.length > 0);
  });
});

describe('loadTemplates', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("lets a workspace's own templates replace built-in ones by kind", async () => {
    dir = await mkdtemp(join(tmpdir(), 'takedown-templates-'));
    await writeFile(join(dir, 'policy-ncii.yaml'), GOOD);
    await writeFile(join(dir, 'notes.yml'), 'x: 1');
    const { templates, issues } = await loadTemplates([defaultTemplatesDir, dir]);
    expect(issues.map(formatIssue)).toEqual([`${join(dir, 'notes.yml')}: note: ignored: template files must end in .yaml`]);
    expect(templates.get('policy-ncii')?.file).toBe(join(dir, 'policy-ncii.yaml'));
    expect(templates.get('dmca')?.file).toBe(join(defaultTemplatesDir, 'dmca.yaml'));
  });

  it('keeps the earlier template of a kind when the override is broken, and reports it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'takedown-templates-'));
    await writeFile(join(dir, 'policy-ncii.yaml'), GOOD.replace('{{ claimant.email }}', '{{ claimant.emial }}'));
    const { templates, issues } = await loadTemplates([defaultTemplatesDir, dir]);
    expect(issues.map(formatIssue)).toEqual([
      `${join(dir, 'policy-ncii.yaml')}:21:15 body: "claimant.emial" is not a field a notice is given; did you mean "claimant.email"?`,
    ]);
    expect(templates.get('policy-ncii')?.file).toBe(join(defaultTemplatesDir, 'policy-ncii.yaml'));
  });

  it('reports every kind no folder provides', async () => {
    dir = await mkdtemp(join(tmpdir(), 'takedown-templates-'));
    await writeFile(join(dir, 'policy-ncii.yaml'), GOOD);
    const { issues } = await loadTemplates([dir]);
    const missing = NOTICE_KINDS.filter((kind) => kind !== 'policy-ncii');
    expect(issues.map(formatIssue)).toEqual(missing.map((kind) => `${join(dir!, `${kind}.yaml`)}: no template for notice kind "${kind}" (or its file has errors)`));
  });

  it('refuses a folder that does not exist, unless it is optional', async () => {
    dir = await mkdtemp(join(tmpdir(), 'takedown-templates-'));
    const absent = join(dir, 'templates');
    await expect(loadTemplates([defaultTemplatesDir, absent])).rejects.toMatchObject({ code: 'TEMPLATES_DIR_MISSING' });
    const { issues } = await loadTemplates([defaultTemplatesDir, { dir: absent, optional: true }]);
    expect(issues).toEqual([]);
    await mkdir(absent);
  });
});
