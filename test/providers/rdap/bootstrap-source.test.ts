// Where bootstrap files come from: the 24 h workspace cache (private files), a download, a stale copy,
// and the snapshot when the bootstrap base cannot be reached.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.ts';
import { createRdapClient } from '../../../src/providers/rdap/index.ts';
import type { RdapClientOptions } from '../../../src/providers/rdap/index.ts';
import { abuseEntity, domainObject, registrarEntity, startRdapWorld } from './rdap-fixture.ts';
import type { RdapWorld } from './rdap-fixture.ts';

const HOUR = 60 * 60 * 1000;
let world: RdapWorld;
let scratch: string;
let deadBase: string;

function clockAt(iso: string): Clock & { advance(ms: number): void } {
  let now = new Date(iso).getTime();
  return {
    now: () => new Date(now),
    sleep: () => Promise.resolve(),
    advance(ms) {
      now += ms;
    },
  };
}

/** A base URL on a loopback port that nothing listens on: connections are refused. */
async function closedPortBase(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/rdap/`;
}

beforeAll(async () => {
  world = await startRdapWorld();
  world.json('/registry/domain/cached.example', domainObject('cached.example', [registrarEntity('Cache Registrar', '42', [abuseEntity('abuse@cache.example')])]));
  deadBase = await closedPortBase();
});

afterAll(async () => {
  await world.close();
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'takedown-rdap-'));
  return () => rmSync(scratch, { recursive: true, force: true });
});

function client(clock: Clock, extra: Partial<RdapClientOptions> = {}) {
  return createRdapClient({
    http: world.http,
    clock,
    cacheDir: join(scratch, '.takedown', 'cache', 'rdap'),
    bootstrapBase: world.bootstrapBase,
    snapshotDir: '/nonexistent/rdap/',
    ...extra,
  });
}

function dnsDownloads(): number {
  return world.hits('/bootstrap/dns.json').length;
}

describe('the workspace cache', () => {
  it('downloads once, caches privately, and is used for 24 hours', async () => {
    const clock = clockAt('2026-03-01T12:00:00Z');
    const before = dnsDownloads();

    const first = client(clock);
    expect((await first.domain('cached.example')).ok).toBe(true);
    expect(first.bootstrapStatus()).toEqual([{ kind: 'dns', origin: 'download', publication: '2026-01-01T00:00:00Z', fetchedAt: '2026-03-01T12:00:00.000Z', problems: [] }]);
    expect(dnsDownloads()).toBe(before + 1);

    const dir = join(scratch, '.takedown', 'cache', 'rdap');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'dns.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'dns.json'), 'utf8')).fetchedAt).toBe('2026-03-01T12:00:00.000Z');

    clock.advance(23 * HOUR);
    const second = client(clock);
    expect((await second.domain('cached.example')).ok).toBe(true);
    expect(second.bootstrapStatus()[0]?.origin).toBe('cache');
    expect(dnsDownloads()).toBe(before + 1);

    clock.advance(2 * HOUR);
    const third = client(clock);
    expect((await third.domain('cached.example')).ok).toBe(true);
    expect(third.bootstrapStatus()[0]?.origin).toBe('download');
    expect(third.bootstrapStatus()[0]?.fetchedAt).toBe('2026-03-02T13:00:00.000Z');
    expect(dnsDownloads()).toBe(before + 2);
  });

  it('uses a stale copy when the download fails, and says why', async () => {
    const clock = clockAt('2026-03-01T12:00:00Z');
    await client(clock).domain('cached.example');
    clock.advance(48 * HOUR);
    const offline = client(clock, { bootstrapBase: deadBase });
    expect((await offline.domain('cached.example')).ok).toBe(true);
    const [status] = offline.bootstrapStatus();
    expect(status?.origin).toBe('stale-cache');
    expect(status?.fetchedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(status?.problems[0]).toContain(`${deadBase}dns.json did not answer`);
  });

  it('does not trust a copy dated in the future (the clock moved back)', async () => {
    const clock = clockAt('2026-03-01T12:00:00Z');
    await client(clock).domain('cached.example');
    clock.advance(-2 * HOUR);
    const rdap = client(clock);
    await rdap.domain('cached.example');
    expect(rdap.bootstrapStatus()[0]?.origin).toBe('download');
  });

  it('passes over a corrupt cached file and replaces it', async () => {
    const dir = join(scratch, '.takedown', 'cache', 'rdap');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'dns.json'), '{"fetchedAt": "2026-03-01T11:00:00Z", "bootstrap": {"services": 7}}');
    const rdap = client(clockAt('2026-03-01T12:00:00Z'));
    expect((await rdap.domain('cached.example')).ok).toBe(true);
    const [status] = rdap.bootstrapStatus();
    expect(status?.origin).toBe('download');
    expect(status?.problems).toEqual([`cached ${join(dir, 'dns.json')} is not a bootstrap file: "services" is missing or not a list`]);
    expect(JSON.parse(readFileSync(join(dir, 'dns.json'), 'utf8')).bootstrap.services).toHaveLength(2);
  });

  it('still answers when the cache folder cannot be written', async () => {
    writeFileSync(join(scratch, 'file'), 'not a folder');
    const rdap = client(clockAt('2026-03-01T12:00:00Z'), { cacheDir: join(scratch, 'file', 'rdap') });
    expect((await rdap.domain('cached.example')).ok).toBe(true);
    const [status] = rdap.bootstrapStatus();
    expect(status?.origin).toBe('download');
    expect(status?.problems[0]).toContain('could not cache dns.json');
  });
});

describe('the snapshot', () => {
  it('is used when the bootstrap base is unreachable and there is no cache', async () => {
    const snapshot = join(scratch, 'snapshot');
    mkdirSync(snapshot);
    writeFileSync(
      join(snapshot, 'dns.json'),
      JSON.stringify({ version: '1.0', publication: '2025-12-24T00:00:00Z', services: [[['example'], [world.registry]]] }),
    );
    const rdap = client(clockAt('2026-03-01T12:00:00Z'), { bootstrapBase: deadBase, snapshotDir: snapshot });
    const result = await rdap.domain('cached.example');
    expect(result.ok && result.registrar.abuse[0]?.email).toBe('abuse@cache.example');
    const [status] = rdap.bootstrapStatus();
    expect(status?.origin).toBe('snapshot');
    expect(status?.publication).toBe('2025-12-24T00:00:00Z');
    expect(status?.problems).toEqual([expect.stringContaining(`${deadBase}dns.json did not answer`)]);
  });

  it('falls back to the shipped data/rdap/ snapshot by default (answered here without any request)', async () => {
    const rdap = createRdapClient({ http: world.http, clock: clockAt('2026-03-01T12:00:00Z'), bootstrapBase: deadBase });
    const domain = await rdap.domain('victim-site.nowhere');
    expect(domain).toMatchObject({ ok: false, reason: 'no-server' });
    expect(domain.ok ? '' : domain.detail).toContain('(snapshot published 2026-09-30T23:00:03Z)');
    expect(await rdap.ip('2c10::1')).toMatchObject({ ok: false, reason: 'no-server' });
    expect(rdap.bootstrapStatus().map((s) => [s.kind, s.origin, s.publication])).toEqual([
      ['dns', 'snapshot', '2026-09-30T23:00:03Z'],
      ['ipv6', 'snapshot', '2024-11-01T22:00:01Z'],
    ]);
  });

  it('a bad bootstrap base is a UserError', () => {
    expect(() => client(clockAt('2026-03-01T12:00:00Z'), { bootstrapBase: 'ftp://data.iana.org/rdap/' })).toThrow(/rdap.bootstrapBase: expected an http\(s\) URL/);
  });
});
