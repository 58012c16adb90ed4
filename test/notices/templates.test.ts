// The registry test for notice templates: one per kind, each rendered notice meets every element of its legal basis.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/errors.ts';
import { NOTICE_KINDS } from '../../src/core/notice.ts';
import type { NoticeContext, NoticeKind } from '../../src/core/notice.ts';
import { valuesAt } from '../../src/notices/context-fields.ts';
import { renderNotice } from '../../src/notices/render.ts';
import { elementApplies, squashSpace } from '../../src/notices/template-schema.ts';
import type { NoticeTemplate } from '../../src/notices/template-schema.ts';
import { defaultTemplatesDir, loadBuiltinTemplates, loadTemplates } from '../../src/notices/templates.ts';
import { fullContext, MINOR_KINDS, minorContext, snapshotVariants, variants } from './sample-context.ts';

const loaded = await loadTemplates([defaultTemplatesDir]);

function templateOf(kind: NoticeKind): NoticeTemplate {
  const template = loaded.templates.get(kind);
  if (template === undefined) throw new Error(`no template for ${kind}`);
  return template;
}

function applicable(template: NoticeTemplate, context: NoticeContext) {
  return template.elements.filter((el) => elementApplies(el, (path) => valuesAt(context, path)[0]));
}

function rendered(kind: NoticeKind, context: NoticeContext): string {
  const notice = renderNotice(templateOf(kind), context);
  return `${notice.subject}\n${notice.body}`;
}

describe('built-in templates', () => {
  it('load without any issue', async () => {
    expect(loaded.issues.map(formatIssue)).toEqual([]);
    expect([...(await loadBuiltinTemplates()).keys()].sort()).toEqual([...NOTICE_KINDS].sort());
  });

  it('are one file per notice kind, named after it', () => {
    const files = readdirSync(defaultTemplatesDir).filter((name) => name.endsWith('.yaml'));
    expect(files.sort()).toEqual(NOTICE_KINDS.map((kind) => `${kind}.yaml`).sort());
  });
});

describe.each(NOTICE_KINDS.map((kind) => [kind]))('%s', (kind) => {
  const template = templateOf(kind);

  it.each(variants(kind).map((v) => [v.name, v.context]))('meets every element of its basis: %s', (_name, context) => {
    const text = squashSpace(rendered(kind, context));
    for (const el of applicable(template, context)) {
      for (const phrase of el.phrases) expect(text, `element ${el.id}`).toContain(squashSpace(phrase));
      for (const field of el.fields) {
        const values = valuesAt(context, field);
        expect(values.length, `element ${el.id}: ${field} has a value in the sample`).toBeGreaterThan(0);
        for (const value of values) expect(text, `element ${el.id}: ${field}`).toContain(squashSpace(String(value)));
      }
    }
  });

  it('matches its snapshots', async () => {
    for (const { name, context } of snapshotVariants(kind)) {
      const notice = renderNotice(template, context);
      await expect(`Subject: ${notice.subject}\n\n${notice.body}`).toMatchFileSnapshot(`__snapshots__/${kind}--${name}.txt`);
    }
  });

  it('marks every statement made in good faith as one the claimant must confirm', () => {
    expect(template.elements.some((el) => el.attests)).toBe(true);
    for (const el of template.elements) {
      if (el.phrases.some((phrase) => /good faith|bona fide|penalty of perjury|I declare|I state/i.test(phrase))) {
        expect(el.attests, `element ${el.id}`).toBe(true);
      }
    }
  });

  it.each(variants(kind).map((v) => [v.name, v.context]))('prints personal data only where its basis needs it: %s', (_name, context) => {
    const text = rendered(kind, context);
    const fields = new Set(applicable(template, context).flatMap((el) => el.fields));
    // The subject's name appears only where the basis needs it (GDPR delisting: searches on the name).
    const subjectName = context.subject.name ?? '';
    const needsSubjectName = fields.has('subject.name') || (context.claimant.role === 'subject' && fields.has('claimant.name'));
    expect(text.includes(subjectName), `subject name in ${kind}`).toBe(needsSubjectName);
    // Postal address and phone only in a DMCA notice, whose contact element names them.
    for (const key of ['address', 'phone'] as const) {
      expect(text.includes(context.claimant[key] ?? '?'), `claimant.${key}`).toBe(kind === 'dmca');
    }
    // Search queries usually hold the name: only the GDPR delisting request lists them.
    expect(text.includes('jane sample video')).toBe(kind === 'gdpr-delisting');
  });

  it('never asks for the images or says any are attached', () => {
    for (const { context } of variants(kind)) {
      const text = rendered(kind, context);
      expect(text).not.toMatch(/\b(send|attach|upload|provide|forward)\b[^.]*\b(images?|photos?|pictures?|screenshots?|videos?)\b/i);
      expect(text).not.toMatch(/\b(see|is|are) attached\b|\battachment\b/i);
    }
  });

  it('refuses to render until the claimant confirms its good-faith statements', () => {
    const context = fullContext(kind);
    context.claimant.confirms_good_faith = false;
    expect(() => renderNotice(template, context)).toThrow(
      expect.objectContaining({ code: 'NOTICE_GOOD_FAITH_UNCONFIRMED', message: expect.stringContaining('case.claimant.confirms_good_faith: true') }),
    );
  });
});

/** Wording that says the person was a child: never in an adult's case. */
const UNDER_18 = /under[ -]?18|child sexual abuse|\bminor\b|NCMEC|CyberTipline|2258A|2011\/93/i;
/** Wording about the person's consent, which fits only an adult's case (a child's consent is irrelevant). */
const ADULT_CONSENT = /never consented|there was never consent|does not consent|consent (given|I gave|once given)|withdraw|without (their |my )?consent|published without consent/i;

/** Elements that apply only to a minor's case. */
function minorElements(template: NoticeTemplate) {
  return template.elements.filter((el) => el.when?.['subject.minor_at_creation'] === true);
}

describe('a person who was under 18 when the content was made', () => {
  it.each(MINOR_KINDS.map((kind) => [kind]))('%s has an element, only for minors, that says so and asks for the report to the authorities', (kind) => {
    const elements = minorElements(templateOf(kind));
    expect(elements.length, kind).toBeGreaterThan(0);
    const phrases = elements.flatMap((el) => el.phrases);
    // eSafety is itself the Australian authority; it works with the ACCCE, not NCMEC.
    const authority = kind === 'esafety-referral' ? 'ACCCE' : 'NCMEC CyberTipline';
    for (const phrase of ['was under 18 when the content was made', 'child sexual abuse material', authority]) expect(phrases).toContain(phrase);
    for (const el of elements) expect(el.attests, `${kind} ${el.id}`).toBe(true);
  });

  it.each(MINOR_KINDS.map((kind) => [kind]))('%s: a minor\'s notice says so and has no word about consent that fits only an adult', (kind) => {
    const minors = variants(kind).filter((v) => v.context.subject.minor_at_creation);
    expect(minors.length).toBeGreaterThan(0);
    for (const { name, context } of minors) {
      const text = squashSpace(rendered(kind, context));
      expect(applicable(templateOf(kind), context).some((el) => el.when?.['subject.minor_at_creation'] === true), name).toBe(true);
      expect(text, name).toContain('was under 18 when the content was made');
      expect(text, name).toContain('child sexual abuse material');
      expect(text, name).not.toMatch(ADULT_CONSENT);
    }
  });

  it.each(NOTICE_KINDS.filter((kind) => kind !== 'child-protection').map((kind) => [kind]))('%s: an adult\'s notice never says under 18', (kind) => {
    const template = templateOf(kind);
    for (const { name, context } of variants(kind).filter((v) => !v.context.subject.minor_at_creation)) {
      expect(applicable(template, context).filter((el) => minorElements(template).includes(el)), name).toEqual([]);
      expect(rendered(kind, context), name).not.toMatch(UNDER_18);
    }
  });

  it('the minor variants exist only for the kinds that handle them', () => {
    for (const kind of NOTICE_KINDS) {
      if (kind === 'child-protection') continue;
      const hasMinorElement = minorElements(templateOf(kind)).length > 0;
      expect(hasMinorElement, kind).toBe(MINOR_KINDS.includes(kind));
    }
    expect(minorContext('take-it-down').subject.minor_at_creation).toBe(true);
  });
});

describe('a CDN is asked to pass the report to the host, not to the site operator', () => {
  it('in every abuse report to a CDN', () => {
    for (const { name, context } of variants('abuse-report').filter((v) => v.context.recipient.rung === 'cdn')) {
      const text = squashSpace(rendered('abuse-report', context));
      expect(text, name).toContain("pass this report to the hosting provider of the origin server, not to the site's owner or operator");
      expect(text, name).not.toMatch(/pass this report to the site's owner/);
    }
  });
});

describe('uk-intimate-image does not say the 48-hour duty is in force', () => {
  it.each(variants('uk-intimate-image').map((v) => [v.name, v.context]))('%s', (_name, context) => {
    const text = squashSpace(rendered('uk-intimate-image', context));
    expect(text).toContain('no later than 48 hours after receiving this report');
    expect(text).not.toMatch(/10\(3A\)|in force|as (the Act|the law|section \S+) requires|report under the Online Safety Act/i);
  });
});

it('refuses a child-protection report for a case where the person was an adult when the content was made', () => {
  const context = fullContext('child-protection');
  context.subject.minor_at_creation = false;
  expect(() => renderNotice(templateOf('child-protection'), context)).toThrow(
    expect.objectContaining({ code: 'NOTICE_NOT_APPLICABLE', message: expect.stringContaining('case.subject.minor_at_creation: true') }),
  );
});

/** A case file with only what the schema requires: what each kind then asks the user to fill in. */
function bareContext(kind: NoticeKind, role: 'subject' | 'representative'): NoticeContext {
  const context = fullContext(kind, { role });
  context.claimant = { role, confirms_good_faith: true };
  context.subject = { minor_at_creation: kind === 'child-protection' };
  delete context.case.description;
  delete context.case.copyright_work;
  delete context.site.ip;
  context.search.queries = [];
  return context;
}

const BARE_MISSING: Record<NoticeKind, [string[], string[]]> = {
  // [filed by the subject, filed by a representative]
  'take-it-down': [
    ['case.claimant.email', 'case.claimant.signature'],
    ['case.claimant.name', 'case.claimant.email', 'case.claimant.signature'],
  ],
  dmca: [
    ['case.facts.copyright_work', 'case.claimant.name', 'case.claimant.email', 'case.claimant.signature'],
    ['case.facts.copyright_work', 'case.claimant.name', 'case.claimant.email', 'case.claimant.signature'],
  ],
  'dsa-art16': [
    ['case.claimant.name', 'case.claimant.email', 'case.claimant.signature'],
    ['case.claimant.name', 'case.claimant.email', 'case.claimant.signature'],
  ],
  'gdpr-erasure': [
    ['case.claimant.email', 'case.claimant.signature'],
    ['case.claimant.name', 'case.claimant.email', 'case.claimant.signature'],
  ],
  'gdpr-delisting': [
    ['case.subject.name', 'case.keywords', 'case.claimant.email', 'case.claimant.signature'],
    ['case.subject.name', 'case.claimant.name', 'case.keywords', 'case.claimant.email', 'case.claimant.signature'],
  ],
  'uk-intimate-image': [
    ['case.claimant.email', 'case.claimant.signature'],
    ['case.claimant.name', 'case.claimant.email', 'case.claimant.signature'],
  ],
  'esafety-referral': [['case.claimant.email'], ['case.claimant.name', 'case.claimant.email']],
  'policy-ncii': [['case.claimant.email'], ['case.claimant.name', 'case.claimant.email']],
  'abuse-report': [['case.claimant.email'], ['case.claimant.name', 'case.claimant.email']],
  'search-delisting': [['case.claimant.email'], ['case.claimant.name', 'case.claimant.email']],
  'child-protection': [[], []],
};

describe('what a bare case file must add for each kind', () => {
  it.each(NOTICE_KINDS.flatMap((kind) => (['subject', 'representative'] as const).map((role, i) => [kind, role, BARE_MISSING[kind][i] ?? []] as const)))(
    '%s filed by the %s',
    (kind, role, expected) => {
      const context = bareContext(kind, role);
      let keys: string[] = [];
      try {
        renderNotice(templateOf(kind), context);
      } catch (error) {
        expect((error as { code?: string }).code).toBe('NOTICE_MISSING_FIELDS');
        keys = (error as { issues: { path: string }[] }).issues.map((issue) => issue.path);
      }
      expect(keys).toEqual(expected);
    },
  );
});
