// The README documents every option of the options table and every command, and opens with the
// setup, demo and test commands.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/cli/options.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it.each(Object.entries(OPTIONS))('documents %s', (_name, spec) => {
    expect(README).toContain(`\`${spec.flags}\``);
  });

  it('opens with npm ci, npx takedown demo and npm test', () => {
    const firstBlock = README.split('```')[1] ?? '';
    expect(firstBlock).toMatch(/npm ci[\s\S]*npx takedown demo[\s\S]*npm test/);
  });

  it.each(['init', 'validate', 'check', 'draft', 'send', 'mark', 'status', 'sweep', 'review', 'hash', 'report', 'evidence', 'providers', 'demo'])('documents takedown %s', (command) => {
    expect(README).toContain(`takedown ${command}`);
  });
});
