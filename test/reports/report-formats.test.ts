// The report formats on the fixture store: text and Markdown snapshots, CSV parsed back, HTML and
// Markdown escaping of hostile URLs, notes, names and tickets.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymise } from '../../src/reports/anonymise.ts';
import { buildReport } from '../../src/reports/build-report.ts';
import { esc } from '../../src/reports/report-charts.ts';
import { csvField, formatReportCsv, outcomeRows, REQUEST_COLUMNS, toCsv, URL_COLUMNS } from '../../src/reports/report-csv.ts';
import { REPORT_CSS } from '../../src/reports/report-css.ts';
import { contentSecurityPolicy, formatReportHtml, styleHash } from '../../src/reports/report-html.ts';
import { formatReportMarkdown, mdCode, mdText } from '../../src/reports/report-markdown.ts';
import { formatReportText } from '../../src/reports/report-text.ts';
import type { Report } from '../../src/reports/report-types.ts';
import { formatHours, safeText } from '../../src/reports/report-words.ts';
import { readReportInput } from '../../src/reports/report-data.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../cli/helpers.ts';
import { buildReportStore, FORMULA_NOTE, FORMULA_URL, HOSTILE_NOTE, HOSTILE_URL, NOW } from './report-fixture.ts';
import { parseCsv } from './parse-csv.ts';

let dir: ReturnType<typeof tempDir>;
let report: Report;

beforeAll(() => {
  dir = tempDir();
  const path = join(dir.path, 'takedown.db');
  buildReportStore(path, { secondCase: true });
  const store = openStore(path);
  try {
    report = buildReport(readReportInput(store, ['c-1', 'c-2'], NOW, { confirmHours: 1 }));
  } finally {
    store.close();
  }
});
afterAll(() => dir.remove());

describe('text and Markdown', () => {
  it('the text report', async () => {
    await expect(formatReportText(report)).toMatchFileSnapshot('__snapshots__/report.txt');
  });

  it('the Markdown report', async () => {
    await expect(formatReportMarkdown(report)).toMatchFileSnapshot('__snapshots__/report.md');
  });

  it.each([
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['a|b', 'a\\|b'],
    ['[click](https://evil.example)', '\\[click\\](`https://evil.example`)'],
    // URLs become code spans: GitHub links bare URLs whatever is escaped around them.
    ['copy of https://tube.example/v/1_a. Found by the client', 'copy of `https://tube.example/v/1_a`. Found by the client'],
    ['mirror at www.tube.example/x*y, and http://b.example/?q=a&b=c', 'mirror at `www.tube.example/x*y`, and `http://b.example/?q=a&b=c`'],
    ['(see https://x.example/a_(b))', '(see `https://x.example/a_(b)`)'],
    ['T-1|https://x.example/a|b', 'T-1\\|`https://x.example/a`\\|b'],
    ['https://x.example/`x`', '`` https://x.example/`x` ``'],
    ['no link: alpha.example or mailto', 'no link: alpha.example or mailto'],
    ['*bold* _it_ ~x~ `c` & \\', '\\*bold\\* \\_it\\_ \\~x\\~ \\`c\\` \\& \\\\'],
    // The escape's own backslash is escaped too, so that Markdown shows it.
    ['line\nbreak\u001b[31m', 'line\\\\x0abreak\\\\x1b\\[31m'],
  ])('mdText(%j)', (input, expected) => {
    expect(mdText(input)).toBe(expected);
  });

  it.each([
    ['https://a.example/x', '`https://a.example/x`'],
    ['https://a.example/`x``', '``` https://a.example/`x`` ```'],
  ])('mdCode(%j)', (input, expected) => {
    expect(mdCode(input)).toBe(expected);
  });

  it('shows control and bidirectional characters as escapes, in every text format', () => {
    expect(safeText('a\u001b]8;;x\u0007b\u202Ec')).toBe('a\\x1b]8;;x\\x07b\\u202ec');
  });

  it.each<[number | null, string]>([
    [null, '-'],
    [0.4, '24 min'],
    [26.54, '26.5 h'],
    [71.9, '71.9 h'],
    [100, '4 d 4 h'],
    [96, '4 d'],
  ])('formatHours(%d) is %s', (h, text) => {
    expect(formatHours(h)).toBe(text);
  });
});

describe('CSV', () => {
  it.each<[string | number | boolean | null, string]>([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    [-2, '-2'],
    [24.5, '24.5'],
    [true, 'true'],
    [null, ''],
  ])('csvField(%j) is %s', (cell, text) => {
    expect(csvField(cell)).toBe(text);
  });

  it('one row per URL and one per request, parsed back to what the report holds', () => {
    const csv = formatReportCsv(report);
    expect(csv.urls.endsWith('\r\n')).toBe(true);
    const urls = parseCsv(csv.urls);
    expect(urls[0]).toEqual([...URL_COLUMNS]);
    expect(urls).toHaveLength(1 + 5 + 1);
    const col = (name: (typeof URL_COLUMNS)[number]) => URL_COLUMNS.indexOf(name);
    const hostile = urls.find((r) => r[col('url')] === HOSTILE_URL);
    expect(hostile?.[col('state')]).toBe('live');
    const alpha = urls.find((r) => r[col('url')] === 'https://alpha.example/p/1');
    expect(alpha?.[col('note')]).toBe(HOSTILE_NOTE);
    expect(alpha?.[col('hours_to_removal')]).toBe('24');
    expect(alpha?.[col('requests')]).toBe('R-0001 R-0004');
    // Formula-looking cells come back with the apostrophe a spreadsheet hides.
    const formula = urls.find((r) => r[col('url')] === FORMULA_URL);
    expect(formula?.[col('note')]).toBe(`'${FORMULA_NOTE}`);
    expect(formula?.[col('reappeared_at')]).toBe('2026-11-22T22:00:00.000Z');

    const requests = parseCsv(csv.requests);
    expect(requests[0]).toEqual([...REQUEST_COLUMNS]);
    expect(requests.map((r) => r[1])).toEqual(['request', 'R-0001', 'R-0002', 'R-0003', 'R-0004', 'R-0005', 'R-0006']);
    const rc = (name: (typeof REQUEST_COLUMNS)[number]) => REQUEST_COLUMNS.indexOf(name);
    expect(requests[1]?.[rc('ticket')]).toBe("'=1+1");
    expect(requests[2]?.[rc('recipient')]).toBe('Bravo "Tube" <Ltd>');
    expect(requests[2]?.[rc('overdue')]).toBe('true');
    expect(requests[4]?.[rc('url_list')]).toBe(`https://alpha.example/p/1\n${HOSTILE_URL}`);
    for (const row of urls) expect(row).toHaveLength(URL_COLUMNS.length);
    for (const row of requests) expect(row).toHaveLength(REQUEST_COLUMNS.length);
    for (const cell of [...urls, ...requests].flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('the anonymised export as one table', () => {
    const rows = parseCsv(toCsv(outcomeRows(anonymise(report, new Set(['alpha'])))));
    expect(rows[0]?.slice(0, 3)).toEqual(['provider', 'notice_kind', 'sent']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['alpha', 'take-it-down', '2'],
      ['other', 'policy-ncii', '1'],
      ['other', 'search-delisting', '1'],
      ['other', 'take-it-down', '1'],
    ]);
  });
});

describe('HTML', () => {
  it('escapes every hostile string: nothing a page could run or load', () => {
    const html = formatReportHtml(report);
    expect(html).not.toMatch(/<script|<b>|<i>|<Ltd>|javascript:/i);
    expect(html).toContain(esc(HOSTILE_URL));
    expect(html).toContain('seen by &#34;Bob&#34; &#60;script&#62;alert(document.cookie)&#60;/script&#62; &#38; more');
    expect(html).toContain('Jane &#60;b&#62;Doe&#60;/b&#62;');
    // No element may load anything, and no URL is a link.
    expect(html).not.toMatch(/\s(src|href|srcset|action|formaction|xlink:href)=/i);
    expect(html).not.toMatch(/<(img|link|iframe|object|embed|form|a)\b/i);
  });

  it('allows its one style sheet by hash, and nothing else', () => {
    const html = formatReportHtml(report);
    const policy = contentSecurityPolicy(REPORT_CSS);
    expect(policy).toBe(`default-src 'none'; style-src '${styleHash(REPORT_CSS)}'; base-uri 'none'; form-action 'none'`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${esc(policy)}">`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle=/);
    expect(REPORT_CSS).not.toMatch(/url\(|@import|<\//);
  });

  it('draws the charts: states over time, a timeline per URL, time to removal per provider', () => {
    const html = formatReportHtml(report);
    expect(html.match(/<svg class="chart states"/g)).toHaveLength(3);
    expect(html.match(/<svg class="chart timeline"/g)).toHaveLength(6);
    expect(html.match(/<svg class="chart ttr"/g)).toHaveLength(3);
  });
});

describe("a URL's state in the check's own words", () => {
  // A picture URL: check said the file is there without downloading it; the report must not
  // claim a page answered and showed no removal signal.
  const image = buildReport({
    generatedAt: NOW.toISOString(),
    confirmHours: 1,
    chain: { ok: true, events: 0, headSeq: null, headHash: null, problem: null },
    cases: [
      {
        id: 'x',
        title: null,
        minor: false,
        events: [],
        targets: [
          {
            id: 1,
            url: 'https://img.example/p/1.jpg',
            note: null,
            active: true,
            addedAt: '2026-11-20T10:00:00.000Z',
            checks: [{ checkedAt: '2026-11-20T10:00:01.000Z', state: 'live', reason: 'ok', detail: 'the file is there (200, image/jpeg; not downloaded)' }],
          },
        ],
        requests: [],
      },
    ],
  });

  it.each<[string, (r: Report) => string]>([
    ['text', formatReportText],
    ['Markdown', formatReportMarkdown],
    ['HTML', formatReportHtml],
  ])('%s', (_name, format) => {
    const out = format(image);
    expect(out).toContain('the file is there (200, image/jpeg; not downloaded)');
    expect(out).not.toContain('the page answered 2xx');
  });

  it('Markdown shows a URL in a note, a title or a check detail as code, never as a link', () => {
    const c = image.cases[0];
    if (c === undefined) throw new Error('no case');
    const noted: Report = {
      ...image,
      cases: [{ ...c, title: 'Copies of https://own.example/p', urls: c.urls.map((u) => ({ ...u, note: 'same as https://tube.example/v/1 (client)', detail: 'redirected to https://img.example/removed.png' })) }],
    };
    const md = formatReportMarkdown(noted);
    expect(md).toContain('## Case x — Copies of `https://own.example/p`');
    expect(md).toContain('- **Note:** same as `https://tube.example/v/1` (client)');
    expect(md).toContain('redirected to `https://img.example/removed.png`');
    // Every URL is inside a code span: none is left bare for an autolink.
    expect(md.replace(/`[^`]*`/g, '')).not.toMatch(/https?:\/\/|www\./);
  });

  it('JSON carries the detail; a check that recorded none falls back to the words of its reason', () => {
    expect(image.cases[0]?.urls[0]?.detail).toBe('the file is there (200, image/jpeg; not downloaded)');
    expect(formatReportText(report)).toContain('the page answered 2xx and showed no removal signal');
  });
});
