// WARC records as written: warcio reads them, their digests check, request and response are
// linked, headers are as received minus Transfer-Encoding, and the metadata record says what
// was done to the body.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WARCParser } from 'warcio';
import { afterEach, describe, expect, it } from 'vitest';
import { listCaptures } from '../../src/store/index.ts';
import { ORIGINAL_HEADER_PREFIX } from '../../src/evidence/http-blocks.ts';
import { checkAndCapture, exchange, failed, world, type World } from './helpers.ts';

const URL_A = 'https://site.example/video/1';
const URL_B = 'https://site.example/video/2';
let w: World;
afterEach(() => w.close());

interface Parsed {
  type: string;
  offset: number;
  length: number;
  headers: Map<string, string>;
  httpStatusLine: string | null;
  httpHeaders: Array<[string, string]>;
  payload: Buffer;
  block: Buffer;
}

/** Every record of a file as warcio sees it, with its raw block for our own digest check. */
async function readWarc(path: string): Promise<Parsed[]> {
  const bytes = readFileSync(path);
  const parser = new WARCParser([new Uint8Array(bytes)], { keepHeadersCase: true });
  const out: Parsed[] = [];
  for await (const record of parser) {
    const headers = new Map<string, string>();
    for (const [k, v] of record.warcHeaders.headers as unknown as Iterable<[string, string]>) headers.set(k, v);
    const payload = Buffer.from(await record.readFully(false));
    const offset = parser.offset;
    const length = Number(headers.get('Content-Length'));
    const headerEnd = bytes.indexOf('\r\n\r\n', offset) + 4;
    const block = bytes.subarray(headerEnd, headerEnd + length);
    const http = record.httpHeaders;
    out.push({
      type: record.warcType ?? '',
      offset,
      length: parser.recordLength,
      headers,
      httpStatusLine: http ? http.statusline : null,
      httpHeaders: http ? [...(http.headers as unknown as Iterable<[string, string]>)] : [],
      payload,
      block,
    });
  }
  return out;
}

const sha = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('WARC records', () => {
  it('writes warcinfo once per file, then request, response and metadata per capture, all readable by warcio with digests that check', async () => {
    w = world([URL_A, URL_B]);
    checkAndCapture(w, URL_A, exchange(URL_A, 'live', { body: '<title>Video 1</title><p>still here</p>' }));
    checkAndCapture(w, URL_B, exchange(URL_B, 'removed', { status: 404, body: '<title>Not found</title>' }));
    const [capture] = listCaptures(w.store, 'c1');
    const records = await readWarc(join(w.evidenceDir, 'c1', capture?.file ?? ''));
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'metadata', 'request', 'response', 'metadata']);
    for (const r of records) {
      expect(r.headers.get('WARC-Block-Digest')).toBe(sha(r.block));
      // A version 7 UUID (time first, so the store's index of record ids grows at its end).
      expect(r.headers.get('WARC-Record-ID')).toMatch(/^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$/);
      expect(r.headers.get('WARC-Date')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
    const [, request, response, metadata] = records as [Parsed, Parsed, Parsed, Parsed];
    expect(response.headers.get('WARC-Payload-Digest')).toBe(sha(response.payload));
    expect(response.payload.toString()).toBe('<title>Video 1</title><p>still here</p>');
    expect(request.headers.get('WARC-Payload-Digest')).toBe(sha(Buffer.alloc(0)));
    expect(response.headers.get('WARC-Target-URI')).toBe(URL_A);
    expect(request.headers.get('WARC-Concurrent-To')).toBe(response.headers.get('WARC-Record-ID'));
    expect(response.headers.get('WARC-Concurrent-To')).toBe(request.headers.get('WARC-Record-ID'));
    expect(metadata.headers.get('WARC-Concurrent-To')).toBe(response.headers.get('WARC-Record-ID'));
    expect(response.headers.get('WARC-IP-Address')).toBe('127.0.0.1');
    expect(response.headers.get('WARC-Warcinfo-ID')).toBe(records[0]?.headers.get('WARC-Record-ID'));
    expect(response.httpStatusLine).toBe('HTTP/1.1 200 OK');
    expect(request.httpStatusLine).toBe('GET /video/1 HTTP/1.1');
    expect(request.httpHeaders).toContainEqual(['host', 'site.example']);
    const meta = JSON.parse(metadata.block.toString()) as Record<string, unknown>;
    expect(meta).toMatchObject({ case: 'c1', url: URL_A, state: 'live', cause: 'first', previous_state: null, http_status: 200 });
    expect(meta['body']).toMatchObject({ stored: true, decoded_from: null, omitted: null, truncated: false });

    // The index offsets are where warcio finds each record; warcio's length stops before the
    // two CRLFs that close a record, which the index counts.
    const indexed = listCaptures(w.store, 'c1').flatMap((c) => c.records);
    expect(indexed.map((r) => r.offset)).toEqual(records.map((r) => r.offset));
    expect(indexed.map((r) => r.length - 4)).toEqual(records.map((r) => r.length));
  });

  it('keeps the headers as received (names, order, repeats), minus Transfer-Encoding, and renames the coding headers of a decoded body', async () => {
    w = world([URL_A]);
    const headers: Array<[string, string]> = [
      ['Content-Type', 'text/html'],
      ['Set-Cookie', 'a=1'],
      ['Transfer-Encoding', 'chunked'],
      ['Content-Encoding', 'gzip'],
      ['X-Odd-Case', 'Kept'],
      ['Set-Cookie', 'b=2'],
    ];
    checkAndCapture(w, URL_A, exchange(URL_A, 'live', { headers, body: '<p>decoded text</p>' }));
    const [capture] = listCaptures(w.store, 'c1');
    const response = (await readWarc(join(w.evidenceDir, 'c1', capture?.file ?? ''))).find((r) => r.type === 'response');
    // The raw head: warcio's parsed headers group repeats, the bytes keep their order.
    const head = response?.block.toString('latin1').split('\r\n\r\n')[0]?.split('\r\n');
    expect(head).toEqual([
      'HTTP/1.1 200 OK',
      'Content-Type: text/html',
      'Set-Cookie: a=1',
      `${ORIGINAL_HEADER_PREFIX}Content-Encoding: gzip`,
      'X-Odd-Case: Kept',
      'Set-Cookie: b=2',
    ]);
    expect(response?.payload.toString()).toBe('<p>decoded text</p>');
    const metadata = (await readWarc(join(w.evidenceDir, 'c1', capture?.file ?? ''))).find((r) => r.type === 'metadata');
    expect(JSON.parse(metadata?.block.toString() ?? '{}').body).toMatchObject({ decoded_from: 'gzip', stored: true });
  });

  it('marks a body cut at the size limit with WARC-Truncated: length', async () => {
    w = world([URL_A]);
    checkAndCapture(w, URL_A, exchange(URL_A, 'live', { truncated: true, body: '<p>first part' }));
    const [capture] = listCaptures(w.store, 'c1');
    const response = (await readWarc(join(w.evidenceDir, 'c1', capture?.file ?? ''))).find((r) => r.type === 'response');
    expect(response?.headers.get('WARC-Truncated')).toBe('length');
    expect(response?.httpHeaders.map(([n]) => n)).toContain(`${ORIGINAL_HEADER_PREFIX}Content-Length`);
  });

  it('records a URL that gave no answer as a metadata record alone', async () => {
    w = world([URL_A]);
    checkAndCapture(w, URL_A, failed(URL_A));
    const [capture] = listCaptures(w.store, 'c1');
    const records = await readWarc(join(w.evidenceDir, 'c1', capture?.file ?? ''));
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'metadata']);
    expect(JSON.parse(records[1]?.block.toString() ?? '{}')).toMatchObject({ state: 'unreachable', failure: { kind: 'dns', code: 'ENOTFOUND' } });
  });

  it('starts a new file, with its own warcinfo, when a file would pass the size limit', async () => {
    w = world([URL_A, URL_B]);
    w.session.close();
    const { openEvidence } = await import('../../src/evidence/index.ts');
    w.session = openEvidence({ store: w.store, dir: w.evidenceDir, runId: w.runId, capture: 'always', software: 'takedown/test', maxFileBytes: 11_000 });
    checkAndCapture(w, URL_A, exchange(URL_A, 'live', { body: 'x'.repeat(4000) }));
    checkAndCapture(w, URL_B, exchange(URL_B, 'live', { body: 'y'.repeat(4000) }));
    // A later capture that fits goes after the new file's first one, where the index says.
    checkAndCapture(w, URL_A, exchange(URL_A, 'removed', { status: 404, body: 'gone' }));
    w.session.commit();
    const files = listCaptures(w.store, 'c1').map((c) => c.file);
    expect(files).toEqual([`run-${w.runId}-001.warc`, `run-${w.runId}-002.warc`, `run-${w.runId}-002.warc`]);
    const second = await readWarc(join(w.evidenceDir, 'c1', files[1] ?? ''));
    expect(second[0]?.type).toBe('warcinfo');
    expect(second[0]?.headers.get('WARC-Filename')).toBe(files[1]);
    expect(second.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'metadata', 'request', 'response', 'metadata']);
    const { verifyCase } = await import('../../src/evidence/index.ts');
    expect(verifyCase(w.store, w.evidenceDir, 'c1').problems).toEqual([]);
  });
});
