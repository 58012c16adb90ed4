// Turns a provider example's canned response into the HttpOutcome the checker classifies.
import type { HttpOutcome } from '../core/http-types.ts';
import type { ProviderExample } from '../core/provider.ts';

/** Fixed timings: examples are about content, not speed. */
const EXAMPLE_TIMINGS = { startedAt: '2026-01-01T00:00:00Z', headersMs: 1, totalMs: 1 };

/** The successful HttpOutcome an example describes, as the HTTP layer would hand it over. */
export function exampleOutcome(example: ProviderExample): HttpOutcome {
  const { url, response } = example;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    ok: true,
    response: {
      url,
      finalUrl: response.finalUrl ?? url,
      status: response.status,
      headers,
      body: new TextEncoder().encode(response.body ?? ''),
      truncated: false,
      bodySkipped: false,
      redirects: response.redirects ?? [],
      timings: { ...EXAMPLE_TIMINGS },
    },
  };
}
