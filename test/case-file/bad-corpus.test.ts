// The bad-input corpus: every file in bad/ yields exactly the issue lines recorded in bad/expected.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/errors.ts';
import { validateCaseText } from '../../src/case-file/validate.ts';

const dir = join(import.meta.dirname, 'bad');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, string[]>;
const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();

describe('bad case files', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(35);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)('%s', (name) => {
    const result = validateCaseText(readFileSync(join(dir, name), 'utf8'), name);
    const lines = expected[name] ?? [];
    expect(result.issues.map(formatIssue)).toEqual(lines);
    // A file with only notes is valid; any error means no case.
    const hasError = result.issues.some((issue) => issue.severity === 'error');
    expect(result.case === null).toBe(hasError);
    expect(lines.length).toBeGreaterThan(0);
  });
});
