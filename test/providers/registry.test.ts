// The provider registry: every file in providers/ loads cleanly, and every example matches its own
// provider and is classified to the state (and reason) it expects.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/checker/classify.ts';
import { formatIssue } from '../../src/core/errors.ts';
import type { Provider, ProviderExample } from '../../src/core/provider.ts';
import { exampleOutcome } from '../../src/providers/examples.ts';
import { defaultProvidersDir, loadProviders } from '../../src/providers/load.ts';
import { createMatcher, providerMatches } from '../../src/providers/match.ts';

const dir = defaultProvidersDir();
const { providers, issues } = await loadProviders(dir);
const matcher = createMatcher(providers);

const examples: [string, string, Provider, ProviderExample][] = providers.flatMap((provider) =>
  provider.examples.map((example): [string, string, Provider, ProviderExample] => [provider.id, example.name, provider, example]),
);

describe('providers/ registry', () => {
  it('loads without a single issue', () => {
    expect(issues.map(formatIssue)).toEqual([]);
  });

  it('holds at least 32 providers, one per .yaml file', () => {
    const files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    expect(providers.length).toBeGreaterThanOrEqual(32);
    expect(providers.length).toBe(files.length);
  });

  it.each(providers.map((p) => [p.id, p] as const))('%s: file name equals id, facts dated and sourced', (id, provider) => {
    expect(basename(provider.file ?? '')).toBe(`${id}.yaml`);
    expect(provider.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(provider.source.length).toBeGreaterThan(0);
    expect(provider.examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('%s / %s: the URL belongs to this provider and no other', (id, _name, _provider, example) => {
    expect(matcher(example.url)?.id).toBe(id);
    expect(providers.filter((p) => providerMatches(p, example.url)).map((p) => p.id)).toEqual([id]);
  });

  it.each(examples)('%s / %s: classified as expected', (_id, _name, provider, example) => {
    const result = classify({ url: example.url, outcome: exampleOutcome(example), provider, probe: null });
    const got = example.expect.reason === undefined ? { state: result.state } : { state: result.state, reason: result.reason };
    expect(got, JSON.stringify(result.detail)).toEqual(example.expect);
  });
});
