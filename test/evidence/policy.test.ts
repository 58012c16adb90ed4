// The two pure decisions of capture: which checks are kept, and what of a body may be written.
import { describe, expect, it } from 'vitest';
import { captureCause, containsMedia, redactInlineMedia, storedBody, type CaptureSetting } from '../../src/evidence/index.ts';
import { response } from './helpers.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const URL = 'https://site.example/v/1';

describe('captureCause', () => {
  it.each<[CaptureSetting, boolean, string | null, string, string | null]>([
    ['change', false, null, 'live', 'first'],
    ['change', false, 'live', 'live', 'first'],
    ['change', true, 'live', 'live', null],
    ['change', true, 'live', 'removed', 'change'],
    ['change', true, 'removed', 'live', 'change'],
    ['always', true, 'live', 'live', 'always'],
    ['always', true, 'live', 'removed', 'change'],
    ['always', false, null, 'live', 'first'],
    ['never', false, null, 'live', null],
    ['never', true, 'live', 'removed', null],
  ])('%s, captured before %s, %s -> %s: %s', (setting, captured, previousState, state, cause) => {
    expect(captureCause(setting, { captured, previousState, state })).toBe(cause);
  });
});

describe('storedBody', () => {
  const adult = { id: 'c1', minor: false, storeMedia: false };
  const optedIn = { id: 'c1', minor: false, storeMedia: true };
  const minorOptedIn = { id: 'c1', minor: true, storeMedia: true };

  it.each([
    ['HTML', adult, 'text/html; charset=utf-8', Buffer.from('<p>hi</p>'), null],
    ['JSON', adult, 'application/json', Buffer.from('{"a":1}'), null],
    ['an image', adult, 'image/jpeg', JPEG, 'media-type'],
    ['SVG', adult, 'image/svg+xml', Buffer.from('<svg/>'), 'media-type'],
    ['a video', adult, 'video/mp4', Buffer.from('....ftypisom'), 'media-type'],
    ['PNG bytes sent as HTML', adult, 'text/html', PNG, 'media-bytes'],
    ['JPEG pasted into HTML', adult, 'text/html', Buffer.concat([Buffer.from('<p>'), JPEG]), 'media-bytes'],
    ['MP4 bytes sent as text', adult, 'text/plain', Buffer.from('\u0000\u0000\u0000\u0018ftypmp42'), 'media-bytes'],
    ['a PDF', adult, 'application/pdf', Buffer.from('%PDF-1.7'), 'not-text'],
    ['octet-stream', adult, 'application/octet-stream', Buffer.from('abc'), 'not-text'],
    ['an image in an opted-in case', optedIn, 'image/jpeg', JPEG, null],
    ["an image in a minor's case that opted in", minorOptedIn, 'image/jpeg', JPEG, 'media-type'],
    ["PNG bytes as HTML in a minor's case that opted in", minorOptedIn, 'text/html', PNG, 'media-bytes'],
  ])('%s', (_name, evidenceCase, contentType, body, omitted) => {
    const stored = storedBody(evidenceCase, response(URL, { contentType, body }));
    expect(stored.omitted).toBe(omitted);
    expect(Buffer.from(stored.bytes)).toEqual(omitted === null ? body : Buffer.alloc(0));
    expect(stored.readBytes).toBe(body.length);
  });

  it('keeps untyped text and leaves out untyped binary', () => {
    const headers: Array<[string, string]> = [['Server', 'x']];
    expect(storedBody(adult, response(URL, { headers, body: '<p>text</p>' })).omitted).toBeNull();
    expect(storedBody(adult, response(URL, { headers, body: Buffer.from([1, 0, 2]) })).omitted).toBe('not-text');
  });

  it('says when the check did not read the body at all', () => {
    const stored = storedBody(optedIn, response(URL, { contentType: 'image/png', body: PNG, bodySkipped: true }));
    expect(stored).toMatchObject({ omitted: 'not-read', readSha256: null, readBytes: 0 });
  });
});

describe('inline media', () => {
  it.each([
    ['<img src="data:image/png;base64,iVBORw0KGgo=">', '<img src="data:image/png;base64,">', 1],
    ["background:url(data:image/jpeg;base64,/9j/4AAQ\n  SkZJRg==) no-repeat", 'background:url(data:image/jpeg;base64,) no-repeat', 1],
    ["<video src='data:video/mp4;base64,AAAAGGZ0eXA='><img src=\"data:image/gif;base64,R0lGOD\">", "<video src='data:video/mp4;base64,'><img src=\"data:image/gif;base64,\">", 2],
    ['<a href="data:text/plain,hello">text is kept</a>', '<a href="data:text/plain,hello">text is kept</a>', 0],
    ['<p>no media</p>', '<p>no media</p>', 0],
    // The byte search before the pattern takes "data:" in any case, and at the very start.
    ['<IMG SRC="DaTa:IMAGE/PNG;BASE64,iVBORw0KGgo=">', '<IMG SRC="DaTa:IMAGE/PNG;BASE64,">', 1],
    ['data:image/png;base64,iVBORw0KGgo=', 'data:image/png;base64,', 1],
    ['https://x.test/a:b data: image', 'https://x.test/a:b data: image', 0],
  ])('%s', (input, output, count) => {
    const result = redactInlineMedia(Buffer.from(input, 'latin1'));
    expect(Buffer.from(result.bytes).toString('latin1')).toBe(output);
    expect(result.count).toBe(count);
  });

  it('keeps every other byte as it was, UTF-8 included', () => {
    const page = Buffer.from('<p>Café ✓</p><img src="data:image/webp;base64,UklGRg=="><p>fin</p>', 'utf8');
    expect(Buffer.from(redactInlineMedia(page).bytes).toString('utf8')).toBe('<p>Café ✓</p><img src="data:image/webp;base64,"><p>fin</p>');
  });

  it('redacts a stored page and counts what it took out', () => {
    const stored = storedBody({ id: 'c1', minor: false, storeMedia: false }, response(URL, { body: '<img src="data:image/png;base64,AAAA">' }));
    expect(stored).toMatchObject({ omitted: null, redactedInlineMedia: 1 });
    expect(Buffer.from(stored.bytes).toString()).toBe('<img src="data:image/png;base64,">');
  });
});

describe('containsMedia', () => {
  it.each([
    ['GIF', Buffer.from('GIF89a....'), true],
    ['WebP', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]), true],
    ['WebM', Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1]), true],
    ['text that mentions GIF89a', Buffer.from('the GIF89a format'), false],
    ['plain HTML', Buffer.from('<!doctype html><p>x</p>'), false],
  ])('%s', (_name, bytes, expected) => {
    expect(containsMedia(bytes)).toBe(expected);
  });
});
