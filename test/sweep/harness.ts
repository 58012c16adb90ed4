// A workspace for sweep tests: the loopback fixture web with pages whose state a test switches,
// a local SMTP sink, a local webhook receiver, the demo RDAP server and a clock the test moves.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.ts';
import { runSweep, type SweepEnv, type SweepOptions } from '../../src/cli/commands/sweep.ts';
import type { Clock } from '../../src/core/clock.ts';
import { startDemoRdap, type DemoRdap } from '../../src/demo/rdap-server.ts';
import { startMailSink, type MailSink } from '../../src/mail/sink.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startFixtureWeb, type FixtureWeb } from '../fixture-web/server.ts';
import { tempDir } from '../cli/helpers.ts';

export type PageState = 'live' | 'gone' | 'soft-gone' | 'blocked' | 'unreachable';

export const HOUR = 3_600_000;

export interface FakeClock extends Clock {
  set(ms: number): void;
  /** Moves the clock forward by this many hours. */
  advance(hours: number): void;
}

export function fakeClock(startMs: number): FakeClock {
  let ms = startMs;
  return {
    now: () => new Date(ms),
    sleep: async () => undefined,
    set: (value) => {
      ms = value;
    },
    advance: (hours) => {
      ms += hours * HOUR;
    },
  };
}

export interface WebhookReceiver {
  url: string;
  /** Every request received, parsed, whatever the answer was. */
  received: { status: number; idempotencyKey: string; signature: string | undefined; body: { batch: string; changes: { id: string; kind: string }[] } }[];
  /** Answer this status to the next `n` requests (e.g. 500 to simulate an outage). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver['received'] = [];
  let failures = 0;
  let failStatus = 500;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = failures > 0 ? failStatus : 200;
      if (failures > 0) failures -= 1;
      const signature = req.headers['x-takedown-signature'];
      received.push({
        status,
        idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
        signature: typeof signature === 'string' ? signature : undefined,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookReceiver['received'][number]['body'],
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failNext(n, status = 500) {
      failures = n;
      failStatus = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Harness {
  dir: string;
  web: FixtureWeb;
  sink: MailSink;
  hook: WebhookReceiver;
  rdap: DemoRdap;
  clock: FakeClock;
  pages: Map<string, PageState>;
  /** A URL on the fixture web; the host must be in HOSTS. */
  url(path: string, host?: string): string;
  writeCase(urls: string[], id?: string, extra?: CaseExtras): void;
  sweep(options?: SweepOptions, names?: string[], env?: SweepEnv): Promise<{ code: number; stdout: string; stderr: string }>;
  store<T>(fn: (store: Store) => T): T;
  close(): Promise<void>;
}

// The last three are other sites (other registrable domains), for watch places and what they link to.
export const HOSTS = ['vids.demo.test', 'free.demo.test', 'a.demo.test', 'b.demo.test', 'forum.example', 'tube.example', 'board.example'];

/** What a test case file may add to the usual one. */
export interface CaseExtras {
  minor?: boolean;
  storeMedia?: boolean;
  keywords?: string[];
  /** Watch places (case file `watch:`). */
  watch?: string[];
}

function answer(state: PageState | undefined, path: string): { status: number; body: string } {
  switch (state) {
    case 'live':
      return { status: 200, body: `<!doctype html><html><head><title>Beach video ${path}</title></head><body><main><h1>Beach video</h1><p>Uploaded by someone. 1,024 views.</p><video src="${path}.mp4"></video></main></body></html>` };
    case 'soft-gone':
      return { status: 200, body: '<!doctype html><title>Video removed</title><main><h1>This video has been removed</h1><p>This video is no longer available.</p></main>' };
    case 'blocked':
      return { status: 403, body: '<!doctype html><title>Forbidden</title><h1>Access denied</h1>' };
    case 'unreachable':
      return { status: 503, body: '<!doctype html><title>Service unavailable</title>' };
    case 'gone':
    case undefined:
      return { status: 404, body: '<!doctype html><title>Not Found</title><h1>Not Found</h1>' };
  }
}

export function testIo(cwd: string): { io: CliIo; output: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { NO_COLOR: '1' },
    cwd,
    onInterrupt: () => () => undefined,
    confirm: async () => null,
  };
  return { io, output: () => ({ stdout, stderr }) };
}

/** `settings`: lines appended to takedown.yaml (after notify:); `check`: lines added under check:. */
export async function startHarness(options: { delayMs?: number; settings?: string; check?: string } = {}): Promise<Harness> {
  const dir = tempDir('takedown-sweep-');
  const web = await startFixtureWeb();
  const sink = await startMailSink();
  const hook = await startWebhookReceiver();
  const rdap = await startDemoRdap();
  const pages = new Map<string, PageState>();
  web.route('/v/*', async (req, res, url) => {
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const { status, body } = answer(pages.get(`${host}${url.pathname}`), url.pathname);
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  // Real time at the start: `draft` and `send` run on the system clock in these tests.
  const clock = fakeClock(Math.ceil(Date.now() / 60_000) * 60_000);
  mkdirSync(join(dir.path, 'cases'), { recursive: true });
  mkdirSync(join(dir.path, 'providers'), { recursive: true });
  writeFileSync(
    join(dir.path, 'takedown.yaml'),
    `check:
  allow_private: true
  interval_ms: 0
  retries: 0
  timeout_s: 3
  resolve:
${HOSTS.map((h) => `    ${h}: 127.0.0.1`).join('\n')}
${options.check ?? ''}
sender:
  name: Test Helpline
  email: takedowns@helpline.example
smtp:
  host: 127.0.0.1
  port: ${sink.port}
  security: none
rdap:
  bootstrap_url: ${rdap.bootstrapUrl}
notify:
  email: [lawyer@firm.example]
  webhook: ${hook.url}
${options.settings ?? ''}`,
  );
  writeFileSync(
    join(dir.path, 'providers', 'vids.yaml'),
    `id: vids
name: Vids
kind: platform
hosts: [vids.demo.test]
channels:
  - id: legal
    kind: email
    address: legal@vids.demo.test
    bases: [take-it-down, policy-ncii]
    discloses_reporter_to: []
    source: test
    checked: 2026-11-21
source: [test]
checked: 2026-11-21
`,
  );
  const harness: Harness = {
    dir: dir.path,
    web,
    sink,
    hook,
    rdap,
    clock,
    pages,
    url: (path, host = 'vids.demo.test') => web.url(path, host),
    writeCase(urls, id = 'c-1', extra = {}) {
      const keywords = extra.keywords === undefined ? '' : `  keywords: [${extra.keywords.map((k) => JSON.stringify(k)).join(', ')}]\n`;
      const storeMedia = extra.storeMedia === undefined ? '' : `  store_media: ${extra.storeMedia}\n`;
      const watch = extra.watch === undefined ? '' : `watch:\n${extra.watch.map((u) => `  - ${u}`).join('\n')}\n`;
      writeFileSync(
        join(dir.path, 'cases', `${id}.yaml`),
        `case:
  id: ${id}
  subject:
    name: Jane Doe
    minor_at_creation: ${extra.minor === true}
  claimant:
    role: representative
    name: A. Advocate
    email: advocate@helpline.example
    signature: /A. Advocate/
    confirms_good_faith: true
  jurisdictions: [US]
  facts:
    consent: none
    description: Private videos posted without consent.
${keywords}${storeMedia}urls:
${urls.map((u) => `  - ${u}`).join('\n')}
${watch}`,
      );
    },
    async sweep(sweepOptions = {}, names = [], env = {}) {
      const { io, output } = testIo(dir.path);
      const code = await runSweep(io, names, { workspace: dir.path, ...sweepOptions }, { clock, ...env });
      return { code, ...output() };
    },
    store(fn) {
      const store = openStore(join(dir.path, '.takedown', 'takedown.db'));
      try {
        return fn(store);
      } finally {
        store.close();
      }
    },
    async close() {
      await rdap.close();
      await hook.close();
      await sink.close();
      await web.close();
      dir.remove();
    },
  };
  return harness;
}

/** Sets a page's state by its URL. */
export function setPage(h: Harness, url: string, state: PageState): void {
  const u = new URL(url);
  h.pages.set(`${u.hostname}${u.pathname}`, state);
}
