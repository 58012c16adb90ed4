// One RDAP request through the project's HttpClient: the JSON object, or why there is none.
import type { HttpClient, HttpOutcome } from '../../core/http-types.ts';
import { isObject } from './entities.ts';
import type { RdapObject } from './entities.ts';
import type { RdapMissing } from './types.ts';

export interface FetchAnswerDeps {
  http: HttpClient;
  /** Runs one request when a slot is free (the client's concurrency limit). */
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  maxBodyBytes: number;
  signal?: AbortSignal;
}

export type Answer = { ok: true; data: RdapObject; url: string } | RdapMissing;

// RFC 9083 §13 registers application/rdap+json; some servers send plain JSON, which we take too.
const ACCEPT = 'application/rdap+json, application/json;q=0.9';

function missing(reason: RdapMissing['reason'], detail: string, url: string): RdapMissing {
  return { ok: false, reason, detail, source: [url] };
}

function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' || type === 'application/json' || type === 'application/rdap+json';
}

/** GETs `url` and checks the answer is a JSON object of `objectClass` (when it names a class). */
export async function fetchAnswer(url: string, objectClass: string, deps: FetchAnswerDeps): Promise<Answer> {
  let outcome: HttpOutcome;
  try {
    outcome = await deps.limit(() =>
      deps.http.get(url, {
        headers: { accept: ACCEPT },
        maxBodyBytes: deps.maxBodyBytes,
        ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      }),
    );
  } catch (error) {
    // The HttpClient throws only for a URL it cannot request; a hostile link can carry one.
    return missing('bad-answer', `${url} cannot be requested: ${(error as Error).message}`, url);
  }
  if (!outcome.ok) return missing('unreachable', `${url} did not answer: ${outcome.failure.message}`, url);
  const { response } = outcome;
  const where = response.finalUrl === url ? url : `${url} (redirected to ${response.finalUrl})`;
  if (response.status === 404) return missing('not-found', `${where} has no such ${objectClass} (HTTP 404)`, url);
  if (response.status === 429 || response.status >= 500) {
    return missing('unreachable', `${where} answered HTTP ${response.status}`, url);
  }
  if (response.status !== 200) return missing('bad-answer', `${where} answered HTTP ${response.status}`, url);
  if (response.truncated) return missing('bad-answer', `${where} sent more than ${deps.maxBodyBytes} bytes`, url);
  if (!isJsonType(response.headers['content-type'])) {
    return missing('bad-answer', `${where} answered ${response.headers['content-type']}, not RDAP JSON`, url);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(response.body).toString('utf8'));
  } catch {
    return missing('bad-answer', `${where} answered something that is not JSON`, url);
  }
  if (!isObject(data)) return missing('bad-answer', `${where} answered JSON that is not an RDAP object`, url);
  const found = data['objectClassName'];
  if (typeof found === 'string' && found.toLowerCase() !== objectClass) {
    return missing('bad-answer', `${where} answered a ${JSON.stringify(found.slice(0, 40))} object, not ${objectClass}`, url);
  }
  return { ok: true, data, url: response.finalUrl };
}
