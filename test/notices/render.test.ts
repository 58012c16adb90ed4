// Rendering rules: every missing field at once, named as the case-file key; a sandbox with no files, no prototypes and limits.
import { describe, expect, it } from 'vitest';
import type { NoticeContext } from '../../src/core/notice.ts';
import { OUTPUT_LIMIT, PARSE_LIMIT } from '../../src/notices/engine.ts';
import { renderNotice, renderSnippet } from '../../src/notices/render.ts';
import type { NoticeTemplate } from '../../src/notices/template-schema.ts';
import { fullContext } from './sample-context.ts';

function template(body: string, extra: Partial<NoticeTemplate> = {}): NoticeTemplate {
  return {
    kind: 'policy-ncii',
    title: 'Test',
    basis: 'test',
    source: ['test'],
    elements: [{ id: 'urls', law: 'where', phrases: [], fields: ['urls[].url'], attests: false }],
    subject: 'Report {{ notice.id }}',
    body,
    file: 'templates/policy-ncii.yaml',
    ...extra,
  };
}

function errorOf(run: () => unknown): { code: string; message: string; issues: { path: string; file: string }[] } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; issues: { path: string; file: string }[] };
  }
  throw new Error('expected an error');
}

function bare(): NoticeContext {
  const context = fullContext('policy-ncii', { role: 'representative' });
  context.claimant = { role: 'representative', confirms_good_faith: true };
  delete context.site.ip;
  delete context.urls[1]?.state;
  context.search.queries = [];
  return context;
}

describe('missing fields', () => {
  it('lists every missing field at once, as the key the user fills, never an empty gap', () => {
    const body = [
      'Signature: {{ claimant.signature }}',
      '{% for u in urls %}- {{ u.url }} ({{ u.state }})',
      '{% endfor %}Contact: {{ claimant.email }} {{ claimant.name }}',
      'Host IP {{ site.ip }}; searches {{ search.queries | join: ", " }}',
    ].join('\n');
    const error = errorOf(() => renderNotice(template(body), bare()));
    expect(error.code).toBe('NOTICE_MISSING_FIELDS');
    expect(error.message).toBe(
      'the Test notice (templates/policy-ncii.yaml) needs 6 values the case does not give; fill them in and draft again:\n' +
        '  - case.claimant.signature (how the filer signs, e.g. "/A. Lawyer/")\n' +
        '  - the state of each URL (from its last check: run a check first)\n' +
        '  - case.claimant.email (an address for replies; a dedicated one that does not show a name is safest)\n' +
        '  - case.claimant.name (the name of the person filing)\n' +
        "  - the site's IP address (found when its host is looked up)\n" +
        '  - case.keywords (the searches that show the URLs; case.subject.name is one of them when given)',
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'case.claimant.signature',
      '',
      'case.claimant.email',
      'case.claimant.name',
      '',
      'case.keywords',
    ]);
  });

  it('does not ask for optional fields guarded by {% if %}, nor for fields in branches not taken', () => {
    const body = [
      '{% if claimant.phone %}Phone: {{ claimant.phone }}{% endif %}',
      '{% if claimant.role == "subject" %}{{ claimant.signature }}{% else %}On behalf of the person depicted.{% endif %}',
      '{% unless site.ip %}No IP known.{% endunless %}',
      '{% for u in urls %}{{ u.url }}{% if u.state %} ({{ u.state }}){% endif %}\n{% endfor %}',
    ].join('\n');
    const notice = renderNotice(template(body), bare());
    expect(notice.body).toBe(
      'On behalf of the person depicted.\nNo IP known.\nhttps://tube.example/video/123 (live)\nhttps://tube.example/video/456?t=9#x\n',
    );
  });

  it('treats null, blank text and empty lists as missing', () => {
    const context = bare() as unknown as { claimant: Record<string, unknown>; urls: unknown[] };
    context.claimant['email'] = '   ';
    context.claimant['signature'] = null;
    context.urls = [];
    const error = errorOf(() =>
      renderNotice(template('{{ claimant.email }} {{ claimant.signature }}{% for u in urls %}{{ u.url }}{% endfor %}'), context as unknown as NoticeContext),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['case.claimant.email', 'case.claimant.signature', 'urls']);
  });

  it("requires an element's fields even where the template guards them", () => {
    const guarded = template('{% if claimant.email %}{{ claimant.email }}{% endif %}', {
      elements: [{ id: 'contact', law: 'contact', phrases: [], fields: ['claimant.email'], attests: false }],
    });
    expect(errorOf(() => renderNotice(guarded, bare())).issues.map((issue) => issue.path)).toEqual(['case.claimant.email']);
  });

  it('names the fields a form answer needs', () => {
    const error = errorOf(() => renderSnippet('{{ claimant.name }} <{{ claimant.email }}>', bare()));
    expect(error.code).toBe('NOTICE_MISSING_FIELDS');
    expect(error.issues.map((issue) => issue.path)).toEqual(['case.claimant.name', 'case.claimant.email']);
  });
});

describe('good faith', () => {
  const attesting = template('I confirm in good faith. {% for u in urls %}{{ u.url }}{% endfor %}', {
    elements: [{ id: 'good-faith', law: 'statement', phrases: ['in good faith'], fields: [], attests: true }],
  });

  it.each([[false], [undefined]])('refuses when confirms_good_faith is %s, naming the case-file key', (value) => {
    const context = fullContext('policy-ncii');
    (context.claimant as { confirms_good_faith?: boolean }).confirms_good_faith = value;
    const error = errorOf(() => renderNotice(attesting, context));
    expect(error.code).toBe('NOTICE_GOOD_FAITH_UNCONFIRMED');
    expect(error.message).toContain('set case.claimant.confirms_good_faith: true in the case file');
    expect(error.issues[0]?.path).toBe('case.claimant.confirms_good_faith');
  });

  it('renders a template without statements', () => {
    const context = fullContext('policy-ncii');
    context.claimant.confirms_good_faith = false;
    expect(renderNotice(template('{{ urls.size }} URLs'), context).body).toBe('2 URLs\n');
  });
});

describe('sandbox', () => {
  const context = fullContext('policy-ncii');

  it.each([
    ['include', '{% include "secrets.txt" %}'],
    ['render', "{% render 'x' %}"],
    ['layout', '{% layout "base" %}body'],
    ['include with a variable', '{% include claimant.name %}'],
  ])('refuses {%% %s %%} at parse time', (name, snippet) => {
    const error = errorOf(() => renderSnippet(snippet, context));
    expect(error.code).toBe('NOTICE_TEMPLATE_INVALID');
    expect(error.message).toContain(`{% ${name.split(' ')[0]} %} is not allowed`);
    expect(() => renderNotice(template(snippet), context)).toThrow(expect.objectContaining({ code: 'NOTICE_TEMPLATE_INVALID' }));
  });

  it.each([
    ['{{ urls.constructor }}', '"urls.constructor" is not a field a notice is given'],
    ['{{ claimant.__proto__ }}', '"claimant.__proto__" is not a field a notice is given'],
    ['{{ claimant.email.constructor.name }}', 'is not a field a notice is given'],
    ['{{ process.env }}', '"process.env" is not a field a notice is given'],
    ['{{ claimant.emial }}', 'did you mean "claimant.email"?'],
    ['{{ claimant.email | bogus }}', 'undefined filter: bogus'],
  ])('refuses %s', (snippet, message) => {
    const error = errorOf(() => renderSnippet(snippet, context));
    expect(error.code).toBe('NOTICE_TEMPLATE_INVALID');
    expect(error.message).toContain(message);
  });

  it('gives a local copy of a field no prototype either', () => {
    const error = errorOf(() => renderSnippet('{% assign x = urls %}{{ x.constructor }}', context));
    expect(error.code).toBe('NOTICE_RENDER_FAILED');
    expect(error.message).toContain('undefined variable: x.constructor');
  });

  it('stops an endless loop at the render time limit', () => {
    const started = performance.now();
    const error = errorOf(() => renderSnippet('{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}', context));
    expect(error.code).toBe('NOTICE_RENDER_FAILED');
    expect(error.message).toContain('render limit exceeded');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('caps memory and output', () => {
    expect(errorOf(() => renderSnippet('{% for a in (1..1000000000) %}x{% endfor %}', context)).message).toContain('memory alloc limit exceeded');
    const doubling = '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}';
    expect(errorOf(() => renderSnippet(doubling, context)).message).toContain('memory alloc limit exceeded');
    const long = errorOf(() => renderSnippet('{% for a in (1..100000) %}{{ urls[0].url }}{% endfor %}', context));
    expect(long.code).toBe('NOTICE_TOO_LONG');
    expect(long.message).toContain(String(OUTPUT_LIMIT));
  });

  it('refuses a template longer than the parse limit', () => {
    const error = errorOf(() => renderSnippet('x'.repeat(PARSE_LIMIT + 1), context));
    expect(error.code).toBe('NOTICE_TEMPLATE_INVALID');
    expect(error.message).toContain('parse length limit exceeded');
  });

  it('prints values as text: Liquid inside a value is not run, and a subject stays on one line', () => {
    const tricky = fullContext('policy-ncii');
    tricky.case.description = '{{ claimant.email }} {% include "x" %}';
    tricky.notice.id = 'R-1\r\nBcc: someone@evil.example';
    const notice = renderNotice(template('{{ case.description }}'), tricky);
    expect(notice.body).toBe('{{ claimant.email }} {% include "x" %}\n');
    expect(notice.subject).toBe('Report R-1 Bcc: someone@evil.example');
  });
});
