// The layering rules of STYLE.md, checked on the import lines of src/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

interface Source {
  path: string;
  folder: string;
  imports: string[];
  text: string;
}

const sources: Source[] = files(SRC).map((path) => {
  const text = readFileSync(path, 'utf8');
  const imports = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
  const dynamic = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? '');
  return { path, folder: relative(SRC, path).split('/')[0] ?? '', imports: [...imports, ...dynamic], text };
});

function importsFolder(source: Source, folder: string): boolean {
  return source.imports.some((i) => i.startsWith('.') && relative(SRC, join(source.path, '..', i)).split('/')[0] === folder);
}

// Pure modules: classification, plans and formatting, tested with tables; no network, disk or database.
const PURE = [
  'checker/classify.ts',
  'checker/page.ts',
  'checker/soft-404.ts',
  'checker/redirects.ts',
  'checker/retry-policy.ts',
  'checker/provider-signals.ts',
  'case-file/validate.ts',
  'case-file/normalize-url.ts',
  'providers/schema.ts',
  'providers/match.ts',
  'reports/check-report.ts',
  'reports/hints.ts',
  'reports/status-report.ts',
  'reports/build-report.ts',
  'reports/url-history.ts',
  'reports/request-outcome.ts',
  'reports/provider-stats.ts',
  'reports/state-series.ts',
  'reports/anonymise.ts',
  'reports/report-text.ts',
  'reports/report-markdown.ts',
  'reports/report-csv.ts',
  'reports/report-html.ts',
  'reports/report-charts.ts',
  'notices/plan.ts',
  'notices/deadlines.ts',
  'notices/context.ts',
  'notices/render.ts',
  'notices/packet.ts',
  'providers/ip-match.ts',
  'providers/rdap/bootstrap.ts',
  'discovery/pdq.ts',
  'discovery/pdq-distance.ts',
  'discovery/fingerprints.ts',
  'discovery/keywords.ts',
  'discovery/page-links.ts',
  'discovery/reasons.ts',
  'discovery/site.ts',
  'discovery/candidate-id.ts',
  'discovery/case-file-edit.ts',
  'mail/compose.ts',
  'mail/parse-message.ts',
];
const IO_MODULES = ['undici', 'node:fs', 'node:fs/promises', 'node:sqlite', 'node:http', 'node:net', 'node:dns'];

describe('import rules', () => {
  it('found the sources', () => {
    expect(sources.length).toBeGreaterThan(40);
  });

  it.each(sources.filter((s) => s.folder === 'core').map((s) => [relative(SRC, s.path), s]))('%s imports nothing from src/ outside core', (_n, s) => {
    for (const i of s.imports.filter((x) => x.startsWith('.'))) expect(i.startsWith('./')).toBe(true);
  });

  it.each(PURE.map((p) => [p]))('%s is pure', (path) => {
    const source = sources.find((s) => relative(SRC, s.path) === path);
    expect(source, path).toBeDefined();
    for (const folder of ['http', 'store', 'cli']) expect(importsFolder(source!, folder), `${path} imports ${folder}/`).toBe(false);
    for (const mod of IO_MODULES) expect(source!.imports, `${path} imports ${mod}`).not.toContain(mod);
  });

  it('only src/http imports undici', () => {
    const users = sources.filter((s) => s.imports.some((i) => i === 'undici' || i.startsWith('undici/')));
    expect(users.every((s) => s.folder === 'http')).toBe(true);
  });

  it('only src/store holds SQL and imports node:sqlite', () => {
    for (const s of sources.filter((x) => x.folder !== 'store')) {
      expect(s.imports, relative(SRC, s.path)).not.toContain('node:sqlite');
      expect(s.text, relative(SRC, s.path)).not.toMatch(/\b(SELECT\s+[\w*]+.*\sFROM|INSERT INTO|UPDATE\s+\w+\s+SET|CREATE TABLE)\b/);
    }
  });

  it('only src/cli imports commander or touches process', () => {
    for (const s of sources.filter((x) => x.folder !== 'cli')) {
      expect(s.imports, relative(SRC, s.path)).not.toContain('commander');
      expect(s.text, relative(SRC, s.path)).not.toMatch(/\bprocess\.(env|exit|argv|stdout|stderr|cwd|on|exitCode)\b/);
    }
  });

  it('nothing outside src/cli imports src/cli', () => {
    for (const s of sources.filter((x) => x.folder !== 'cli')) expect(importsFolder(s, 'cli'), relative(SRC, s.path)).toBe(false);
  });

  it('no default exports and no TypeScript enums', () => {
    for (const s of sources) {
      expect(s.text, relative(SRC, s.path)).not.toMatch(/^export default /m);
      expect(s.text, relative(SRC, s.path)).not.toMatch(/^\s*(export\s+)?(const\s+)?enum\s/m);
    }
  });
});
