import { describe, expect, it } from 'vitest';
import { classify } from '../../src/checker/classify.ts';
import type { ClassifyInput } from '../../src/checker/classify.ts';
import { summariseProbe } from '../../src/checker/soft-404.ts';
import type { ProbeSummary } from '../../src/checker/soft-404.ts';
import { REASONS } from '../../src/core/states.ts';
import type { Reason } from '../../src/core/states.ts';
import type { HttpOutcome } from '../../src/core/http-types.ts';
import type { Provider } from '../../src/core/provider.ts';
import { failed, fixture, html, ok, prose, provider, redirected, TARGET } from './helpers.ts';

interface Case {
  name: string;
  outcome: HttpOutcome;
  reason: Reason;
  provider?: Provider;
  probe?: ProbeSummary;
  /** A piece of the detail string. */
  detail?: string;
}

const page = (file: string, status = 200, headers: Record<string, string> = {}): HttpOutcome => ok({ body: fixture(file), status, headers });
const to = (path: string, init: Parameters<typeof ok>[0] = {}): HttpOutcome => redirected(TARGET, `https://tube.example${path}`, { body: html('Tube', 'Welcome', prose(200)), ...init });

// A site whose unknown URLs all show one template page, and the probe's answer to it.
function siteNotFound(path: string): string {
  return `<html><head><title>Oops | PicShare</title></head><body><div class="menu">PicShare New uploads Popular this week Upload your photos</div>
<div class="box"><h2>Nothing here</h2><p>We looked everywhere for ${path} but it is gone or it never existed. Try the search box or browse the popular galleries below.</p></div>
<div class="foot">PicShare is a free image host. Terms of service. Privacy policy. Report abuse. Contact us.</div></body></html>`;
}
const PROBE = summariseProbe(ok({ url: 'https://tube.example/video/takedown-probe-abc', body: siteNotFound('/video/takedown-probe-abc') }));
const REDIRECTING_PROBE = summariseProbe(redirected('https://tube.example/video/takedown-probe-abc', 'https://tube.example/videos/', { body: html('Videos', 'All videos', prose(200)) }));
const SHELL = '<html><head><title>App</title></head><body><div id="root"></div><script src="/main.js"></script></body></html>';
const SHELL_PROBE = summariseProbe(ok({ url: 'https://tube.example/video/takedown-probe-abc', body: SHELL }));

const VIDEO_LD = `<script type="application/ld+json">{"@context":"https://schema.org","@type":"VideoObject","name":"Clip","contentUrl":"https://cdn.tube.example/v/1.mp4"}</script>`;

const FAILURES: Case[] = [
  { name: 'dns: name does not exist', outcome: failed('dns', 'ENOTFOUND'), reason: 'dns', detail: 'ENOTFOUND' },
  { name: 'connection refused', outcome: failed('refused', 'ECONNREFUSED'), reason: 'refused' },
  { name: 'connection reset', outcome: failed('reset', 'ECONNRESET'), reason: 'reset' },
  { name: 'timeout', outcome: failed('timeout', 'UND_ERR_HEADERS_TIMEOUT'), reason: 'timeout' },
  { name: 'aborted counts as timeout', outcome: failed('aborted'), reason: 'timeout', detail: 'aborted' },
  { name: 'tls', outcome: failed('tls', 'CERT_HAS_EXPIRED'), reason: 'tls' },
  { name: 'too many redirects', outcome: failed('too-many-redirects'), reason: 'too-many-redirects' },
  { name: 'redirect loop', outcome: failed('redirect-loop'), reason: 'redirect-loop' },
  { name: 'bad redirect', outcome: failed('bad-redirect'), reason: 'bad-redirect' },
  { name: 'invalid HTTP', outcome: failed('protocol', 'HPE_INVALID_CONSTANT'), reason: 'protocol' },
  { name: 'redirect to a private address', outcome: failed('private-address', undefined, 'http://10.0.0.5/'), reason: 'private-address', detail: 'at http://10.0.0.5/' },
];

const STATUSES: Case[] = [
  { name: '404', outcome: ok({ status: 404, body: html('Not Found', 'Not Found', '') }), reason: 'http-404' },
  { name: '410', outcome: ok({ status: 410 }), reason: 'http-410' },
  { name: '451', outcome: ok({ status: 451 }), reason: 'http-451' },
  { name: '401', outcome: ok({ status: 401, headers: { 'www-authenticate': 'Basic realm="x"' } }), reason: 'http-401', detail: 'Basic' },
  { name: '403 without a bot wall', outcome: ok({ status: 403, body: html('Forbidden', 'Forbidden', 'You may not view this.') }), reason: 'http-403' },
  { name: '429', outcome: ok({ status: 429, headers: { 'retry-after': '60' } }), reason: 'http-429', detail: 'Retry-After 60' },
  { name: '400', outcome: ok({ status: 400 }), reason: 'http-4xx', detail: 'status 400' },
  { name: '405 (media host without referer)', outcome: ok({ status: 405 }), reason: 'http-4xx' },
  { name: '500', outcome: ok({ status: 500 }), reason: 'http-5xx' },
  { name: '503 maintenance', outcome: ok({ status: 503, body: html('Maintenance', 'Back soon', 'We are upgrading the servers.') }), reason: 'http-5xx' },
  { name: 'a 3xx that was not followed', outcome: ok({ status: 304 }), reason: 'protocol', detail: '304' },
];

const WALLS: Case[] = [
  { name: 'Cloudflare challenge (cf-mitigated)', outcome: page('cloudflare-challenge.html', 403, { 'cf-mitigated': 'challenge', server: 'cloudflare' }), reason: 'challenge', detail: 'cf-mitigated' },
  { name: 'Cloudflare challenge on 503 without the header', outcome: page('cloudflare-challenge.html', 503, { server: 'cloudflare' }), reason: 'challenge', detail: 'Cloudflare 503' },
  { name: 'Cloudflare firewall block', outcome: page('cloudflare-blocked.html', 403, { server: 'cloudflare' }), reason: 'challenge' },
  { name: 'Akamai Access Denied', outcome: page('akamai-denied.html', 403, { server: 'AkamaiGHost' }), reason: 'challenge', detail: 'Akamai' },
  { name: 'DDoS-Guard', outcome: page('ddos-guard.html', 403, { server: 'ddos-guard' }), reason: 'challenge', detail: 'DDoS-Guard' },
  { name: 'Sucuri block page', outcome: ok({ status: 403, headers: { 'x-sucuri-id': '11005' }, body: '<html><body>blocked</body></html>' }), reason: 'challenge', detail: 'Sucuri' },
  { name: 'CAPTCHA page answered with 200', outcome: page('captcha-200.html'), reason: 'challenge' },
  { name: 'challenge page on a 429', outcome: page('cloudflare-challenge.html', 429), reason: 'challenge' },
  { name: 'redirect to a challenge path', outcome: to('/cdn-cgi/challenge-platform/h/b/orchestrate'), reason: 'challenge' },
];

const REDIRECTS: Case[] = [
  { name: 'to the site root', outcome: to('/'), reason: 'redirect-to-root', detail: 'redirected to https://tube.example/' },
  { name: 'to a search page', outcome: to('/search?q=amateur+couple'), reason: 'redirect-to-search' },
  { name: 'to a generic error page', outcome: to('/error.php?errno=320'), reason: 'redirect-to-error' },
  { name: 'to a removed page', outcome: to('/video-removed'), reason: 'redirect-to-error' },
  { name: 'to an error page that answers 404', outcome: to('/404', { status: 404 }), reason: 'http-404' },
  { name: 'to a login page', outcome: to('/login?next=/video/8812'), reason: 'login-redirect' },
  { name: 'to a login page that answers 404', outcome: to('/login', { status: 404 }), reason: 'login-redirect' },
  { name: 'to a register page', outcome: to('/register/'), reason: 'login-redirect' },
  { name: 'to an age check', outcome: to('/age-verification?return=%2Fvideo%2F8812'), reason: 'age-gate' },
  { name: 'where the probe is also sent', outcome: to('/videos/'), probe: REDIRECTING_PROBE, reason: 'redirect-like-probe', detail: 'takedown-probe-abc' },
  { name: 'elsewhere than the probe', outcome: to('/video/8812/weekend-trip'), probe: REDIRECTING_PROBE, reason: 'ok' },
  { name: 'http to https of a live page', outcome: redirected('http://tube.example/video/8812', TARGET, { body: fixture('live-tube-video.html') }), reason: 'ok' },
  { name: 'a slug added to a live page', outcome: to('/video/8812/amateur-couple-weekend-trip', { body: fixture('live-tube-video.html') }), reason: 'ok' },
  { name: 'a slug added, landing on a removal notice', outcome: to('/video/8812/x', { body: fixture('tube-video-removed.html') }), reason: 'removal-wording' },
];

const PAGES: Case[] = [
  { name: 'live tube page whose related videos mention removal', outcome: page('live-tube-video.html'), reason: 'ok' },
  { name: 'live news article about takedowns', outcome: page('live-news-takedowns.html'), reason: 'ok' },
  { name: 'forum thread quoting "this post was deleted"', outcome: page('live-forum-thread.html'), reason: 'ok' },
  { name: 'removal text only in scripts, templates, comments and hidden elements', outcome: page('live-hidden-removal.html'), reason: 'ok' },
  { name: 'short live page that mentions a removal elsewhere', outcome: ok({ body: html('Weekend trip - Tube', 'Weekend trip', 'This video was removed from another site, watch it here. Part two next week.') }), reason: 'ok' },
  { name: 'short live page with a removal remark late in the comments', outcome: ok({ body: html('Hot clip - Tube', 'Hot clip', `${prose(70)} Comments: lol this video has been removed on pornhub, glad it is here`) }), reason: 'ok' },
  { name: 'short page opening with a removal notice', outcome: ok({ body: html('Tube', 'Tube', `This video has been removed. ${prose(40)}`) }), reason: 'removal-wording', detail: 'in text' },
  { name: 'age overlay over a long live page', outcome: ok({ body: `<html><head><title>Clip - Tube</title></head><body><div class="overlay"><h2>Are you 18 or older?</h2><button>Yes</button></div><main><h1>Clip</h1><p>${prose(400)}</p></main></body></html>` }), reason: 'ok' },
  { name: 'login box beside a short live thread', outcome: ok({ body: `<html><head><title>Thread - Forum</title></head><body><div class="login"><h3>Log in</h3><form><input name=u><input type=password></form></div><main><h1>Thread</h1><p>${prose(40)}</p></main></body></html>` }), reason: 'ok' },
  { name: 'long page with a removal phrase in a headline', outcome: ok({ body: html('News', 'This video has been removed, but copies remain', prose(400)) }), reason: 'ok' },
  { name: 'English soft 404', outcome: page('soft404-en.html'), reason: 'removal-wording', detail: 'en.' },
  { name: 'Spanish soft 404', outcome: page('soft404-es.html'), reason: 'removal-wording', detail: 'es.' },
  { name: 'Portuguese removal', outcome: page('soft404-pt.html'), reason: 'removal-wording', detail: 'pt.' },
  { name: 'French removal', outcome: page('soft404-fr.html'), reason: 'removal-wording', detail: 'fr.' },
  { name: 'German soft 404', outcome: page('soft404-de.html'), reason: 'removal-wording', detail: 'de.' },
  { name: 'Russian removal', outcome: page('soft404-ru.html'), reason: 'removal-wording', detail: 'ru.' },
  { name: 'Arabic removal', outcome: page('soft404-ar.html'), reason: 'removal-wording', detail: 'ar.' },
  { name: 'Italian soft 404', outcome: page('soft404-it.html'), reason: 'removal-wording', detail: 'it.' },
  { name: 'Dutch removal', outcome: page('soft404-nl.html'), reason: 'removal-wording', detail: 'nl.' },
  { name: 'Polish removal', outcome: page('soft404-pl.html'), reason: 'removal-wording', detail: 'pl.' },
  { name: 'Turkish soft 404 in capitals', outcome: page('soft404-tr.html'), reason: 'removal-wording', detail: 'tr.' },
  { name: 'Japanese soft 404', outcome: page('soft404-ja.html'), reason: 'removal-wording', detail: 'ja.' },
  { name: 'tube removal notice', outcome: page('tube-video-removed.html'), reason: 'removal-wording' },
  { name: 'tube removal notice with related videos aside', outcome: page('tube-removed-full.html'), reason: 'removal-wording' },
  { name: 'suspended account', outcome: page('account-suspended.html'), reason: 'removal-wording' },
  { name: 'deleted file', outcome: page('file-deleted.html'), reason: 'removal-wording' },
  { name: 'plain-text not found', outcome: ok({ body: 'File not found', headers: { 'content-type': 'text/plain' } }), reason: 'removal-wording' },
  { name: 'removal wording but structured data still describes the video', outcome: ok({ body: html('Video removed - Tube', 'Clip', 'Watch now.').replace('</head>', `${VIDEO_LD}</head>`) }), reason: 'signals-disagree' },
  { name: 'a removal caption in the title of a long page', outcome: ok({ body: html('404 | Songs by Lena', 'Lena: the album', prose(400)) }), reason: 'signals-disagree', detail: 'words of content' },
  { name: 'withheld post', outcome: page('legal-block-en.html'), reason: 'legal-block-page', detail: 'en.withheld' },
  { name: 'not available in your country', outcome: page('legal-block-country.html'), reason: 'legal-block-page' },
  { name: 'German geo block', outcome: page('legal-block-de.html'), reason: 'legal-block-page' },
  { name: 'Russian legal block', outcome: page('legal-block-ru.html'), reason: 'legal-block-page' },
  { name: 'Turkish court-order block', outcome: page('legal-block-tr.html'), reason: 'legal-block-page' },
  { name: 'Spanish geo block', outcome: page('legal-block-es.html'), reason: 'legal-block-page' },
  { name: 'login page', outcome: page('login-wall.html'), reason: 'login-wall', detail: 'password field' },
  { name: 'login gate over a blurred photo', outcome: page('login-wall-modal.html'), reason: 'login-wall' },
  { name: 'private video', outcome: page('private-video.html'), reason: 'login-wall' },
  { name: 'age gate', outcome: page('age-gate.html'), reason: 'age-gate' },
  { name: 'German age gate', outcome: page('age-gate-de.html'), reason: 'age-gate' },
  { name: 'JSON answer', outcome: ok({ body: '{"ok":true}', headers: { 'content-type': 'application/json' } }), reason: 'ok', detail: 'JSON' },
  { name: 'image', outcome: ok({ body: new Uint8Array([0xff, 0xd8, 0xff]), headers: { 'content-type': 'image/jpeg' } }), reason: 'ok' },
  { name: 'video not read (minor case)', outcome: ok({ bodySkipped: true, headers: { 'content-type': 'video/mp4' } }), reason: 'ok' },
  { name: "the site's not-found template", outcome: ok({ body: siteNotFound('/video/8812') }), probe: PROBE, reason: 'soft-404', detail: 'takedown-probe-abc' },
  { name: 'the same template without a probe', outcome: ok({ body: siteNotFound('/video/8812') }), reason: 'ok' },
  { name: 'an app shell identical to the probe', outcome: ok({ body: SHELL }), probe: SHELL_PROBE, reason: 'ok' },
  { name: 'meta refresh to the home page', outcome: ok({ body: '<html><head><meta http-equiv="refresh" content="0;url=/"><title>Redirecting</title></head><body>Redirecting...</body></html>' }), reason: 'redirect-to-root', detail: 'meta refresh' },
  { name: 'meta refresh to a login page', outcome: ok({ body: '<html><head><meta http-equiv="refresh" content="1; url=https://tube.example/login"></head><body></body></html>' }), reason: 'login-redirect' },
];

const REMOVED_TEXT = { text: 'deleted by the uploader' };
const PLAYER = `<html><head><title>Clip - Tube</title><script type="application/json">{"video":{"status":"gone"}}</script></head><body><main><h1>Clip</h1><p>Sorry, this video was deleted by the uploader.</p><div id="player"></div></main></body></html>`;

const PROVIDERS: Case[] = [
  { name: 'provider live marker', provider: provider({ live: [{ html: 'id="player"' }] }), outcome: ok({ body: html('Clip', 'Clip', '<div id="player"></div>') }), reason: 'provider-live' },
  { name: 'provider live marker and its removal marker', provider: provider({ live: [{ html: 'id="player"' }], removed: [REMOVED_TEXT] }), outcome: ok({ body: PLAYER }), reason: 'signals-disagree', detail: 'but tube: text' },
  { name: 'provider live marker and generic removal wording', provider: provider({ live: [{ html: 'id="player"' }] }), outcome: ok({ body: PLAYER.replace('<h1>Clip</h1>', '<h1>This video has been removed</h1>') }), reason: 'signals-disagree' },
  { name: 'provider live marker on a 404 (hidden video)', provider: provider({ live: [{ html: 'id="player"' }] }), outcome: ok({ status: 404, body: PLAYER }), reason: 'signals-disagree', detail: 'status 404' },
  { name: 'provider removal status', provider: provider({ removed: [{ status: [410] }] }), outcome: ok({ status: 410 }), reason: 'provider-status' },
  { name: 'provider removal text', provider: provider({ removed: [REMOVED_TEXT] }), outcome: ok({ body: PLAYER }), reason: 'provider-marker' },
  { name: 'provider JSON marker', provider: provider({ removed: [{ json: { path: 'video.status', equals: 'gone' } }] }), outcome: ok({ body: PLAYER }), reason: 'provider-json' },
  { name: 'provider placeholder ETag', provider: provider({ removed: [{ header: { name: 'etag', equals: '"d835884373f4d6c8f24742ceabe74946"' } }] }), outcome: ok({ headers: { etag: '"d835884373f4d6c8f24742ceabe74946"', 'content-type': 'image/png' } }), reason: 'media-placeholder' },
  { name: 'provider lost parameter', provider: provider({ removed: [{ lostParam: 'viewkey' }] }), outcome: redirected('https://tube.example/view_video.php?viewkey=ph1', 'https://tube.example/', { body: html('Tube', 'Home', prose(300)) }), reason: 'provider-redirect' },
  { name: 'provider legal block', provider: provider({ legal: [{ text: 'not available in your country' }] }), outcome: page('legal-block-country.html'), reason: 'provider-legal' },
  { name: 'provider blocked (private)', provider: provider({ blocked: [{ text: 'this video is private' }] }), outcome: page('private-video.html'), reason: 'provider-blocked' },
  { name: 'provider removal text on a 429 stays blocked', provider: provider({ removed: [REMOVED_TEXT] }), outcome: ok({ status: 429, body: PLAYER }), reason: 'http-429' },
  { name: 'provider removal text on a challenge stays blocked', provider: provider({ removed: [{ text: 'checking if the site connection is secure' }] }), outcome: page('cloudflare-challenge.html', 403, { 'cf-mitigated': 'challenge' }), reason: 'challenge' },
  { name: 'provider removal status on a 503 stays unreachable', provider: provider({ removed: [{ status: [503] }] }), outcome: ok({ status: 503 }), reason: 'http-5xx' },
  { name: 'provider without a match falls back to generic rules', provider: provider({ removed: [REMOVED_TEXT] }), outcome: ok({ status: 404 }), reason: 'http-404' },
  { name: 'provider sites do not use the soft-404 probe', provider: provider({}), outcome: ok({ body: siteNotFound('/video/8812') }), probe: PROBE, reason: 'ok' },
  { name: 'a generic provider uses the probe', provider: provider({}, { kind: 'generic' }), outcome: ok({ body: siteNotFound('/video/8812') }), probe: PROBE, reason: 'soft-404' },
];

const GROUPS = { FAILURES, STATUSES, WALLS, REDIRECTS, PAGES, PROVIDERS };

function run(c: Case) {
  const input: ClassifyInput = { url: TARGET, outcome: c.outcome, provider: c.provider ?? null, probe: c.probe ?? null };
  return classify(input);
}

describe.each(Object.entries(GROUPS))('classify: %s', (_, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const result = run(c);
    expect(result.reason).toBe(c.reason);
    expect(result.state).toBe(REASONS[c.reason].state);
    if (c.detail) expect(result.detail).toContain(c.detail);
    expect(result.detail.length).toBeGreaterThan(0);
    expect(result.detail.length).toBeLessThanOrEqual(240);
  });
});

describe('classify: guarantees', () => {
  it('exercises every reason code', () => {
    const seen = new Set(Object.values(GROUPS).flat().map((c) => c.reason));
    expect([...Object.keys(REASONS)].filter((r) => !seen.has(r as Reason))).toEqual([]);
  });

  it('never says gone for a transient or blocked answer, whatever the page says', () => {
    const gone = ['removed', 'soft-removed', 'redirected', 'legal-block'];
    const body = fixture('soft404-en.html');
    for (const status of [401, 403, 407, 408, 429, 500, 502, 503, 504]) {
      const removing = provider({ removed: [{ text: 'page not found' }, { status: [status] }] });
      expect(gone).not.toContain(run({ name: '', outcome: ok({ status, body }), reason: 'ok', provider: removing }).state);
    }
  });

  it('does not throw on hostile bodies', () => {
    const garbage = new Uint8Array(50_000).map((_, i) => (i * 131) % 256);
    expect(run({ name: '', outcome: ok({ body: garbage }), reason: 'ok' }).state).toBe('live');
    expect(run({ name: '', outcome: ok({ body: '<div>'.repeat(50_000) }), reason: 'ok' }).state).toBe('live');
  });
});
