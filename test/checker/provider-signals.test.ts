import { describe, expect, it } from 'vitest';
import { resolveJsonPath } from '../../src/checker/json-path.ts';
import { analysePage } from '../../src/checker/page.ts';
import { evaluateSignals } from '../../src/checker/provider-signals.ts';
import type { ProviderSignal, ProviderSignals } from '../../src/core/provider.ts';
import type { HttpResponse } from '../../src/core/http-types.ts';
import { html, provider, response } from './helpers.ts';
import type { ResponseInit } from './helpers.ts';

const PLAYER = `<html><head><title>Clip - Tube</title>
<script type="application/json" id="__DATA__">{"video":{"id":"x1","status":{"code":10216}},"media":[{"availability":"Unavailable"},{"availability":"Available"}],"removed_by":null}</script>
<script>var ytInitialPlayerResponse = {"playabilityStatus":{"status":"ERROR","reason":"Video unavailable"}};</script></head>
<body><main><h1>Clip</h1><p>Sorry, this video was deleted by the uploader.</p><!-- Private video --></main></body></html>`;

function run(group: keyof ProviderSignals, signal: ProviderSignal, init: ResponseInit = { body: PLAYER }) {
  const r: HttpResponse = response(init);
  return evaluateSignals(provider({ [group]: [signal] }), r, analysePage(r.body, r.headers['content-type'] ?? null))[group];
}

describe('provider signal matchers', () => {
  it.each<[string, ProviderSignal, ResponseInit, boolean]>([
    ['status in list', { status: [404, 410] }, { status: 410 }, true],
    ['status not in list', { status: [404, 410] }, { status: 200 }, false],
    ['text in visible text, any case', { text: 'THIS VIDEO WAS DELETED' }, { body: PLAYER }, true],
    ['text with curly apostrophe vs straight', { text: 'isn’t available' }, { body: html('T', 'Sorry, this page isn\'t available.', '') }, true],
    ['text in the title', { text: 'clip - tube' }, { body: PLAYER }, true],
    ['text only inside a script', { text: 'Video unavailable' }, { body: PLAYER }, false],
    ['text only inside a comment', { text: 'Private video' }, { body: PLAYER }, false],
    ['title substring', { title: 'clip' }, { body: PLAYER }, true],
    ['title does not look at the body', { title: 'deleted' }, { body: PLAYER }, false],
    ['html regex over scripts', { html: '"playabilityStatus":\\{"status":"ERROR"' }, { body: PLAYER }, true],
    ['html regex not present', { html: '"status":"OK"' }, { body: PLAYER }, false],
    ['invalid html regex never matches', { html: '([unclosed' }, { body: PLAYER }, false],
    ['json equals a number', { json: { path: 'video.status.code', equals: 10216 } }, { body: PLAYER }, true],
    ['json equals compares types exactly', { json: { path: 'video.status.code', equals: '10216' } }, { body: PLAYER }, false],
    ['json every element', { json: { path: 'media[].availability', equals: 'Unavailable' } }, { body: PLAYER }, true],
    ['json exists', { json: { path: 'video.id', exists: true } }, { body: PLAYER }, true],
    ['json exists false', { json: { path: 'video.missing', exists: false } }, { body: PLAYER }, true],
    ['json notNull on null', { json: { path: 'removed_by', notNull: true } }, { body: PLAYER }, false],
    ['json equals null', { json: { path: 'removed_by', equals: null } }, { body: PLAYER }, true],
    ['json at any depth', { json: { path: '**.code', equals: 10216 } }, { body: PLAYER }, true],
    ['json body', { json: { path: 'error.code', equals: 'DM007' } }, { body: '{"error":{"code":"DM007"}}', headers: { 'content-type': 'application/json' } }, true],
    ['json absent on a page without data', { json: { path: 'video', exists: false } }, { body: html('T', 'H', 'no data') }, false],
    ['redirect after a hop', { redirect: '^https://tube\\.example/$' }, { url: 'https://tube.example/v/1', finalUrl: 'https://tube.example/', redirects: [{ url: 'https://tube.example/v/1', status: 302, location: 'https://tube.example/' }] }, true],
    ['redirect regex without a hop', { redirect: '.*' }, { body: PLAYER }, false],
    ['lostParam dropped', { lostParam: 'viewkey' }, { url: 'https://tube.example/view?viewkey=ph1', finalUrl: 'https://tube.example/', redirects: [{ url: 'https://tube.example/view?viewkey=ph1', status: 302, location: '/' }] }, true],
    ['lostParam changed', { lostParam: 'viewkey' }, { url: 'https://tube.example/view?viewkey=ph1', finalUrl: 'https://tube.example/view?viewkey=ph2', redirects: [{ url: 'https://tube.example/view?viewkey=ph1', status: 302, location: '/view?viewkey=ph2' }] }, true],
    ['lostParam kept', { lostParam: 'viewkey' }, { url: 'https://tube.example/view?viewkey=ph1', finalUrl: 'https://www.tube.example/view?viewkey=ph1', redirects: [{ url: 'https://tube.example/view?viewkey=ph1', status: 301, location: 'https://www.tube.example/view?viewkey=ph1' }] }, false],
    ['header equals', { header: { name: 'ETag', equals: '"d835884373f4d6c8f24742ceabe74946"' } }, { headers: { etag: '"d835884373f4d6c8f24742ceabe74946"', 'content-type': 'image/png' } }, true],
    ['header pattern', { header: { name: 'server', pattern: '^cloud' } }, { headers: { server: 'cloudflare' } }, true],
    ['header missing', { header: { name: 'x-none', equals: '1' } }, {}, false],
    ['all matchers must hold', { status: [200], text: 'not on the page' }, { body: PLAYER }, false],
    ['two matchers that hold', { status: [200], title: 'clip' }, { body: PLAYER }, true],
    ['a signal with no matcher never matches', {}, { body: PLAYER }, false],
  ])('%s', (_, signal, init, matches) => {
    expect(run('removed', signal, init)).toHaveLength(matches ? 1 : 0);
  });
});

describe('provider signal states and reasons', () => {
  const hop = { url: 'https://tube.example/view?viewkey=ph1', finalUrl: 'https://tube.example/', redirects: [{ url: 'https://tube.example/view?viewkey=ph1', status: 302, location: '/' }] };
  it.each<[string, keyof ProviderSignals, ProviderSignal, ResponseInit, string, string]>([
    ['status removal', 'removed', { status: [410] }, { status: 410 }, 'removed', 'provider-status'],
    ['text removal', 'removed', { text: 'deleted by the uploader' }, { body: PLAYER }, 'soft-removed', 'provider-marker'],
    ['html removal', 'removed', { html: '"status":"ERROR"' }, { body: PLAYER }, 'soft-removed', 'provider-marker'],
    ['json removal', 'removed', { json: { path: 'video.status.code', equals: 10216 } }, { body: PLAYER }, 'soft-removed', 'provider-json'],
    ['header placeholder', 'removed', { header: { name: 'etag', equals: 'x' } }, { headers: { etag: 'x' } }, 'soft-removed', 'media-placeholder'],
    ['redirect removal', 'removed', { redirect: '/$' }, hop, 'redirected', 'provider-redirect'],
    ['lost parameter', 'removed', { lostParam: 'viewkey' }, hop, 'redirected', 'provider-redirect'],
    ['explicit state wins', 'removed', { text: 'deleted by the uploader', state: 'removed' }, { body: PLAYER }, 'removed', 'provider-status'],
    ['legal', 'legal', { text: 'deleted' }, { body: PLAYER }, 'legal-block', 'provider-legal'],
    ['blocked', 'blocked', { title: 'clip' }, { body: PLAYER }, 'blocked', 'provider-blocked'],
    ['blocked never becomes gone', 'blocked', { title: 'clip', state: 'removed' }, { body: PLAYER }, 'blocked', 'provider-blocked'],
    ['live', 'live', { html: 'ytInitialPlayerResponse' }, { body: PLAYER }, 'live', 'provider-live'],
    ['live ignores a gone state', 'live', { title: 'clip', state: 'soft-removed' }, { body: PLAYER }, 'live', 'provider-live'],
  ])('%s', (_, group, signal, init, state, reason) => {
    const [match] = run(group, signal, init);
    expect(match).toMatchObject({ group, state, reason });
    expect(match?.detail).toMatch(/^(?:matches the Tube Example definition of |the Tube Example definition's )/);
  });
});

describe('provider signal details in plain words', () => {
  const hop = { url: 'https://tube.example/view?viewkey=ph1', finalUrl: 'https://tube.example/', redirects: [{ url: 'https://tube.example/view?viewkey=ph1', status: 302, location: '/' }] };
  it.each<[string, keyof ProviderSignals, ProviderSignal, ResponseInit, string]>([
    ['a removal notice', 'removed', { text: 'Deleted by the uploader' }, { body: PLAYER }, `the Tube Example definition's removal notice: "Deleted by the uploader"`],
    ['a title notice', 'blocked', { title: 'Clip' }, { body: PLAYER }, `the Tube Example definition's login, private or bot-check notice: "Clip"`],
    ['a legal notice', 'legal', { text: 'deleted by' }, { body: PLAYER }, `the Tube Example definition's legal-block notice: "deleted by"`],
    ['a status', 'removed', { status: [410] }, { status: 410 }, 'matches the Tube Example definition of removed content: the server answered 410'],
    ['a live marker in the markup: the words found, not the pattern', 'live', { html: 'data-playable="(?:true|1)"' }, { body: html('Clip', 'Clip', '<div data-playable="true"></div>') }, 'matches the Tube Example definition of live content: the page contains data-playable="true"'],
    ['a marker inside a script', 'removed', { html: '"playabilityStatus":\\{"status":"ERROR"' }, { body: PLAYER }, 'matches the Tube Example definition of removed content: the page contains "playabilityStatus":{"status":"ERROR"'],
    ['embedded data equal to a value', 'removed', { json: { path: 'video.status.code', equals: 10216 } }, { body: PLAYER }, "matches the Tube Example definition of removed content: the page's data gives video.status.code = 10216"],
    ['embedded data missing', 'removed', { json: { path: 'video.missing', exists: false } }, { body: PLAYER }, "matches the Tube Example definition of removed content: the page's data has no video.missing"],
    ['a redirect', 'removed', { redirect: '/$' }, hop, 'matches the Tube Example definition of removed content: it redirected to https://tube.example/'],
    ['a lost parameter', 'removed', { lostParam: 'viewkey' }, hop, 'matches the Tube Example definition of removed content: the redirect dropped the viewkey parameter'],
    ['a header', 'removed', { header: { name: 'ETag', equals: 'x' } }, { headers: { etag: 'x' } }, 'matches the Tube Example definition of removed content: the server sent the header etag: x'],
    ['two matchers', 'removed', { status: [200], title: 'clip' }, { body: PLAYER }, 'matches the Tube Example definition of removed content: the server answered 200 and the title says "clip"'],
  ])('%s', (_, group, signal, init, detail) => {
    expect(run(group, signal, init)[0]?.detail).toBe(detail);
  });

  it('cuts long evidence short', () => {
    const long = `<div data-x="${'a'.repeat(500)}"></div>`;
    const [match] = run('live', { html: 'data-x="a+"' }, { body: html('Clip', 'Clip', long) });
    expect(match?.detail.length).toBeLessThan(160);
    expect(match?.detail.endsWith('...')).toBe(true);
  });
});

describe('resolveJsonPath', () => {
  const data = { a: { b: [{ c: 1 }, { c: 2 }], 'x-y': { z: true } }, list: [[1, 2], [3]] };
  it.each<[string, unknown[]]>([
    ['a.b.0.c', [1]],
    ['a.b[1].c', [2]],
    ['a.b[].c', [1, 2]],
    ['a.b.*.c', [1, 2]],
    ['a.b.c', [1, 2]],
    ['$.a.x-y.z', [true]],
    ['**.c', [1, 2]],
    ['a.none', []],
    ['list[0][1]', [2]],
    ['a.b.9.c', []],
  ])('%s', (path, values) => {
    expect(resolveJsonPath(data, path)).toEqual(values);
  });
});
