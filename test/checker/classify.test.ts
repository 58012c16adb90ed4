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
  { name: 'dns: name does not exist', outcome: failed('dns', 'ENOTFOUND'), reason: 'dns', detail: '[ENOTFOUND]' },
  { name: 'connection refused', outcome: failed('refused', 'ECONNREFUSED'), reason: 'refused' },
  { name: 'connection reset', outcome: failed('reset', 'ECONNRESET'), reason: 'reset' },
  { name: 'timeout', outcome: failed('timeout', 'UND_ERR_HEADERS_TIMEOUT'), reason: 'timeout' },
  { name: 'aborted counts as timeout', outcome: failed('aborted', 'UND_ERR_ABORTED'), reason: 'timeout', detail: '[UND_ERR_ABORTED]' },
  { name: 'tls', outcome: failed('tls', 'CERT_HAS_EXPIRED'), reason: 'tls' },
  { name: 'too many redirects', outcome: failed('too-many-redirects'), reason: 'too-many-redirects' },
  { name: 'redirect loop', outcome: failed('redirect-loop'), reason: 'redirect-loop' },
  { name: 'bad redirect', outcome: failed('bad-redirect'), reason: 'bad-redirect' },
  { name: 'invalid HTTP', outcome: failed('protocol', 'HPE_INVALID_CONSTANT'), reason: 'protocol' },
  { name: 'redirect to a private address', outcome: failed('private-address', undefined, 'http://10.0.0.5/'), reason: 'private-address', detail: 'after a redirect to http://10.0.0.5/' },
];

const STATUSES: Case[] = [
  { name: '404', outcome: ok({ status: 404, body: html('Not Found', 'Not Found', '') }), reason: 'http-404' },
  { name: '410', outcome: ok({ status: 410 }), reason: 'http-410' },
  { name: '451', outcome: ok({ status: 451 }), reason: 'http-451' },
  { name: '401', outcome: ok({ status: 401, headers: { 'www-authenticate': 'Basic realm="x"' } }), reason: 'http-401', detail: 'the server asks for a login (401, Basic realm="x")' },
  { name: '403 without a bot wall', outcome: ok({ status: 403, body: html('Forbidden', 'Forbidden', 'You may not view this.') }), reason: 'http-403' },
  { name: '429', outcome: ok({ status: 429, headers: { 'retry-after': '60' } }), reason: 'http-429', detail: '(429, Retry-After 60)' },
  { name: '400', outcome: ok({ status: 400 }), reason: 'http-4xx', detail: 'the server refused the request (400)' },
  { name: '405 (media host without referer)', outcome: ok({ status: 405 }), reason: 'http-4xx' },
  { name: '500', outcome: ok({ status: 500 }), reason: 'http-5xx', detail: 'the server answered 500' },
  { name: '503 maintenance', outcome: ok({ status: 503, body: html('Maintenance', 'Back soon', 'We are upgrading the servers.') }), reason: 'http-5xx' },
  { name: 'a 3xx that was not followed', outcome: ok({ status: 304 }), reason: 'protocol', detail: 'the server answered 304 instead of a page' },
];

const WALLS: Case[] = [
  { name: 'Cloudflare challenge (cf-mitigated)', outcome: page('cloudflare-challenge.html', 403, { 'cf-mitigated': 'challenge', server: 'cloudflare' }), reason: 'challenge', detail: 'a Cloudflare challenge page answered ("Just a moment...")' },
  { name: 'Cloudflare challenge on 503 without the header', outcome: page('cloudflare-challenge.html', 503, { server: 'cloudflare' }), reason: 'challenge', detail: 'a Cloudflare challenge page answered' },
  { name: 'Cloudflare firewall block', outcome: page('cloudflare-blocked.html', 403, { server: 'cloudflare' }), reason: 'challenge' },
  { name: 'Akamai Access Denied', outcome: page('akamai-denied.html', 403, { server: 'AkamaiGHost' }), reason: 'challenge', detail: 'an Akamai challenge page answered ("Access Denied")' },
  { name: 'DDoS-Guard', outcome: page('ddos-guard.html', 403, { server: 'ddos-guard' }), reason: 'challenge', detail: 'DDoS-Guard challenge page answered' },
  { name: 'Sucuri block page', outcome: ok({ status: 403, headers: { 'x-sucuri-id': '11005' }, body: '<html><body>blocked</body></html>' }), reason: 'challenge', detail: 'the Sucuri firewall refused access (403)' },
  { name: 'CAPTCHA page answered with 200', outcome: page('captcha-200.html'), reason: 'challenge' },
  { name: 'challenge page on a 429', outcome: page('cloudflare-challenge.html', 429), reason: 'challenge' },
  { name: 'redirect to a challenge path', outcome: to('/cdn-cgi/challenge-platform/h/b/orchestrate'), reason: 'challenge' },
];

const REDIRECTS: Case[] = [
  { name: 'to the site root', outcome: to('/'), reason: 'redirect-to-root', detail: 'redirected to the home page https://tube.example/' },
  { name: 'to a search page', outcome: to('/search?q=amateur+couple'), reason: 'redirect-to-search', detail: 'redirected to a search or listing page https://tube.example/search?q=amateur+couple' },
  { name: 'to a generic error page', outcome: to('/error.php?errno=320'), reason: 'redirect-to-error' },
  { name: 'to a removed page', outcome: to('/video-removed'), reason: 'redirect-to-error' },
  { name: 'to an error page that answers 404', outcome: to('/404', { status: 404 }), reason: 'http-404' },
  { name: 'to a login page', outcome: to('/login?next=/video/8812'), reason: 'login-redirect', detail: 'redirected to a login page https://tube.example/login?next=/video/8812' },
  { name: 'to a login page that answers 404', outcome: to('/login', { status: 404 }), reason: 'login-redirect' },
  { name: 'to a register page', outcome: to('/register/'), reason: 'login-redirect' },
  { name: 'to an age check', outcome: to('/age-verification?return=%2Fvideo%2F8812'), reason: 'age-gate' },
  { name: 'where the probe is also sent', outcome: to('/videos/'), probe: REDIRECTING_PROBE, reason: 'redirect-like-probe', detail: 'where this site also sends an address that cannot exist (/video/takedown-probe-abc)' },
  { name: 'elsewhere than the probe', outcome: to('/video/8812/weekend-trip'), probe: REDIRECTING_PROBE, reason: 'ok' },
  { name: 'http to https of a live page', outcome: redirected('http://tube.example/video/8812', TARGET, { body: fixture('live-tube-video.html') }), reason: 'ok' },
  { name: 'a slug added to a live page', outcome: to('/video/8812/amateur-couple-weekend-trip', { body: fixture('live-tube-video.html') }), reason: 'ok' },
  { name: 'a slug added, landing on a removal notice', outcome: to('/video/8812/x', { body: fixture('tube-video-removed.html') }), reason: 'removal-wording' },
];

const PAGES: Case[] = [
  { name: 'live tube page whose related videos mention removal', outcome: page('live-tube-video.html'), reason: 'ok', detail: 'the page loaded (200), titled "Amateur couple weekend trip - TubeXample"' },
  { name: 'live news article about takedowns', outcome: page('live-news-takedowns.html'), reason: 'ok' },
  { name: 'forum thread quoting "this post was deleted"', outcome: page('live-forum-thread.html'), reason: 'ok' },
  { name: 'removal text only in scripts, templates, comments and hidden elements', outcome: page('live-hidden-removal.html'), reason: 'ok' },
  { name: 'short live page that mentions a removal elsewhere', outcome: ok({ body: html('Weekend trip - Tube', 'Weekend trip', 'This video was removed from another site, watch it here. Part two next week.') }), reason: 'ok' },
  { name: 'short live page with a removal remark late in the comments', outcome: ok({ body: html('Hot clip - Tube', 'Hot clip', `${prose(70)} Comments: lol this video has been removed on pornhub, glad it is here`) }), reason: 'ok' },
  { name: 'short page opening with a removal notice', outcome: ok({ body: html('Tube', 'Tube', `This video has been removed. ${prose(40)}`) }), reason: 'removal-wording', detail: 'the page says "This video has been removed"' },
  { name: 'age overlay over a long live page', outcome: ok({ body: `<html><head><title>Clip - Tube</title></head><body><div class="overlay"><h2>Are you 18 or older?</h2><button>Yes</button></div><main><h1>Clip</h1><p>${prose(400)}</p></main></body></html>` }), reason: 'ok' },
  { name: 'login box beside a short live thread', outcome: ok({ body: `<html><head><title>Thread - Forum</title></head><body><div class="login"><h3>Log in</h3><form><input name=u><input type=password></form></div><main><h1>Thread</h1><p>${prose(40)}</p></main></body></html>` }), reason: 'ok' },
  { name: 'long page with a removal phrase in a headline', outcome: ok({ body: html('News', 'This video has been removed, but copies remain', prose(400)) }), reason: 'ok' },
  { name: 'English soft 404', outcome: page('soft404-en.html'), reason: 'removal-wording', detail: 'the title says "Page not found"' },
  { name: 'Spanish soft 404', outcome: page('soft404-es.html'), reason: 'removal-wording', detail: '"Página no encontrada" (Spanish)' },
  { name: 'Portuguese removal', outcome: page('soft404-pt.html'), reason: 'removal-wording', detail: '(Portuguese)' },
  { name: 'French removal', outcome: page('soft404-fr.html'), reason: 'removal-wording', detail: 'a heading says "Cette vidéo a été supprimée" (French)' },
  { name: 'German soft 404', outcome: page('soft404-de.html'), reason: 'removal-wording', detail: '(German)' },
  { name: 'Russian removal', outcome: page('soft404-ru.html'), reason: 'removal-wording', detail: '(Russian)' },
  { name: 'Arabic removal', outcome: page('soft404-ar.html'), reason: 'removal-wording', detail: '(Arabic)' },
  { name: 'Italian soft 404', outcome: page('soft404-it.html'), reason: 'removal-wording', detail: '(Italian)' },
  { name: 'Dutch removal', outcome: page('soft404-nl.html'), reason: 'removal-wording', detail: '(Dutch)' },
  { name: 'Polish removal', outcome: page('soft404-pl.html'), reason: 'removal-wording', detail: '(Polish)' },
  { name: 'Turkish soft 404 in capitals', outcome: page('soft404-tr.html'), reason: 'removal-wording', detail: '(Turkish)' },
  { name: 'Japanese soft 404', outcome: page('soft404-ja.html'), reason: 'removal-wording', detail: '(Japanese)' },
  { name: 'tube removal notice', outcome: page('tube-video-removed.html'), reason: 'removal-wording', detail: 'the title says "Video removed"' },
  { name: 'tube removal notice with related videos aside', outcome: page('tube-removed-full.html'), reason: 'removal-wording' },
  { name: 'suspended account', outcome: page('account-suspended.html'), reason: 'removal-wording' },
  { name: 'deleted file', outcome: page('file-deleted.html'), reason: 'removal-wording' },
  { name: 'plain-text not found', outcome: ok({ body: 'File not found', headers: { 'content-type': 'text/plain' } }), reason: 'removal-wording' },
  { name: 'removal wording but structured data still describes the video', outcome: ok({ body: html('Video removed - Tube', 'Clip', 'Watch now.').replace('</head>', `${VIDEO_LD}</head>`) }), reason: 'signals-disagree', detail: `the title says "Video removed", but the page's embedded data still describes the media` },
  { name: 'a removal caption in the title of a long page', outcome: ok({ body: html('404 | Songs by Lena', 'Lena: the album', prose(400)) }), reason: 'signals-disagree', detail: 'the title says "404", but the page also has 403 words of text' },
  // A bare caption in the title does not outweigh a page with real content (fan art called "404 Not Found").
  { name: 'fan art titled "404 Not Found", with its image and 264 words', outcome: page('live-caption-404-fan-art.html'), reason: 'signals-disagree', detail: 'the title says "404 Not Found", but the page also has an image and 264 words of text' },
  { name: 'a short film titled "Page not found", with its video and little text', outcome: page('live-caption-video-short-film.html'), reason: 'signals-disagree', detail: 'the title says "Page not found", but the page also has a video' },
  { name: 'a blog post titled "Page not found", 243 words, no media', outcome: page('live-caption-blog-post.html'), reason: 'signals-disagree', detail: 'the title says "Page not found", but the page also has 243 words of text' },
  { name: 'a caption over 150 words of main text', outcome: ok({ body: html('Video removed | Tube', 'Clip', prose(149)) }), reason: 'signals-disagree', detail: 'but the page also has 150 words of text' },
  { name: 'a caption over 149 words of main text is still a notice', outcome: ok({ body: html('Video removed | Tube', 'Clip', prose(148)) }), reason: 'removal-wording', detail: 'the title says "Video removed"' },
  { name: 'a caption over a main image', outcome: ok({ body: html('Image not found - PicShare', 'Beach', '<img src="https://cdn.picshare.example/u/991/beach.jpg"> Summer.') }), reason: 'signals-disagree', detail: 'but the page also has an image' },
  { name: 'a soft 404 whose only picture is its mascot stays a notice', outcome: page('soft404-illustrated.html'), reason: 'removal-wording', detail: 'the title says "404 Not Found"' },
  { name: 'a soft 404 with an icon, a spacer and an inline image', outcome: ok({ body: html('Video removed - Tube', 'Sorry', '<img src="/assets/icons/warn.png"><img src="/img/spacer.gif"><img src="data:image/png;base64,AAAA"> Try the search.') }), reason: 'removal-wording' },
  { name: 'a removal sentence in a heading still counts over related videos', outcome: page('tube-removed-long.html'), reason: 'removal-wording', detail: 'a heading says "This video has been removed"' },
  { name: 'a caption in a heading is not overruled by the title rule', outcome: ok({ body: html('Clip - Tube', 'Video removed', `<img src="https://cdn.tube.example/t/1.jpg"> ${prose(40)}`) }), reason: 'removal-wording', detail: 'a heading says "Video removed"' },
  { name: 'withheld post', outcome: page('legal-block-en.html'), reason: 'legal-block-page', detail: 'the page says "withheld in Germany' },
  { name: 'not available in your country', outcome: page('legal-block-country.html'), reason: 'legal-block-page' },
  { name: 'German geo block', outcome: page('legal-block-de.html'), reason: 'legal-block-page' },
  { name: 'Russian legal block', outcome: page('legal-block-ru.html'), reason: 'legal-block-page' },
  { name: 'Turkish court-order block', outcome: page('legal-block-tr.html'), reason: 'legal-block-page' },
  { name: 'Spanish geo block', outcome: page('legal-block-es.html'), reason: 'legal-block-page' },
  { name: 'login page', outcome: page('login-wall.html'), reason: 'login-wall', detail: 'the page has a password field, and the title says "Log in"' },
  { name: 'login gate over a blurred photo', outcome: page('login-wall-modal.html'), reason: 'login-wall' },
  { name: 'private video', outcome: page('private-video.html'), reason: 'login-wall' },
  { name: 'age gate', outcome: page('age-gate.html'), reason: 'age-gate', detail: 'the title says "Age verification"' },
  { name: 'German age gate', outcome: page('age-gate-de.html'), reason: 'age-gate' },
  { name: 'JSON answer', outcome: ok({ body: '{"ok":true}', headers: { 'content-type': 'application/json' } }), reason: 'ok', detail: 'the server answered 200 with data (JSON)' },
  { name: 'image', outcome: ok({ body: new Uint8Array([0xff, 0xd8, 0xff]), headers: { 'content-type': 'image/jpeg' } }), reason: 'ok', detail: 'the file is there (200, image/jpeg)' },
  { name: 'video not read (minor case)', outcome: ok({ bodySkipped: true, headers: { 'content-type': 'video/mp4' } }), reason: 'ok', detail: 'the file is there (200, video/mp4; not downloaded)' },
  { name: "the site's not-found template", outcome: ok({ body: siteNotFound('/video/8812') }), probe: PROBE, reason: 'soft-404', detail: "looks like this site's answer to an address that cannot exist (/video/takedown-probe-abc, 100% alike)" },
  { name: 'the same template without a probe', outcome: ok({ body: siteNotFound('/video/8812') }), reason: 'ok' },
  { name: 'an app shell identical to the probe', outcome: ok({ body: SHELL }), probe: SHELL_PROBE, reason: 'ok' },
  { name: 'meta refresh to the home page', outcome: ok({ body: '<html><head><meta http-equiv="refresh" content="0;url=/"><title>Redirecting</title></head><body>Redirecting...</body></html>' }), reason: 'redirect-to-root', detail: 'the page forwards to the home page https://tube.example/ (meta refresh)' },
  { name: 'meta refresh to a login page', outcome: ok({ body: '<html><head><meta http-equiv="refresh" content="1; url=https://tube.example/login"></head><body></body></html>' }), reason: 'login-redirect' },
];

const REMOVED_TEXT = { text: 'deleted by the uploader' };
const PLAYER = `<html><head><title>Clip - Tube</title><script type="application/json">{"video":{"status":"gone"}}</script></head><body><main><h1>Clip</h1><p>Sorry, this video was deleted by the uploader.</p><div id="player"></div></main></body></html>`;

const PROVIDERS: Case[] = [
  { name: 'provider live marker', provider: provider({ live: [{ html: 'id="player"' }] }), outcome: ok({ body: html('Clip', 'Clip', '<div id="player"></div>') }), reason: 'provider-live' },
  { name: 'provider live marker and its removal marker', provider: provider({ live: [{ html: 'id="player"' }], removed: [REMOVED_TEXT] }), outcome: ok({ body: PLAYER }), reason: 'signals-disagree', detail: `the page contains id="player"; but the Tube Example definition's removal notice: "deleted by the uploader"` },
  { name: 'provider live marker and generic removal wording', provider: provider({ live: [{ html: 'id="player"' }] }), outcome: ok({ body: PLAYER.replace('<h1>Clip</h1>', '<h1>This video has been removed</h1>') }), reason: 'signals-disagree' },
  { name: 'provider live marker on a 404 (hidden video)', provider: provider({ live: [{ html: 'id="player"' }] }), outcome: ok({ status: 404, body: PLAYER }), reason: 'signals-disagree', detail: 'matches the Tube Example definition of live content: the page contains id="player"; but the server answered 404' },
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

// What a lawyer or helpline worker reads: plain sentences, the page's words in quotes, codes in brackets last.
describe('classify: details in plain words', () => {
  const hop = 'https://cdn.tube.example/v/8812.mp4';
  it.each<[string, HttpOutcome, string]>([
    ['a host name that does not exist', failed('dns', 'ENOTFOUND', TARGET, 'the host name could not be found [ENOTFOUND]'), 'the host name could not be found [ENOTFOUND]'],
    ['the total deadline', failed('timeout', 'ERR_TOTAL_TIMEOUT', TARGET, 'no complete answer within 20 s [ERR_TOTAL_TIMEOUT]'), 'no complete answer within 20 s [ERR_TOTAL_TIMEOUT]'],
    ['a refused connection', failed('refused', 'ECONNREFUSED', TARGET, 'the connection was refused by 127.0.0.1:41627 [ECONNREFUSED]'), 'the connection was refused by 127.0.0.1:41627 [ECONNREFUSED]'],
    ['a self-signed certificate', failed('tls', 'DEPTH_ZERO_SELF_SIGNED_CERT', TARGET, 'the certificate is self-signed [DEPTH_ZERO_SELF_SIGNED_CERT]'), 'the certificate is self-signed [DEPTH_ZERO_SELF_SIGNED_CERT]'],
    ['a failure at a redirect hop: the hop before the code', failed('dns', 'ENOTFOUND', hop, 'the host name could not be found [ENOTFOUND]'), `the host name could not be found (after a redirect to ${hop}) [ENOTFOUND]`],
    ['a code the message lacks is added at the end', failed('reset', 'ECONNRESET', TARGET, 'the connection was cut off'), 'the connection was cut off [ECONNRESET]'],
    ['a redirect loop', failed('redirect-loop', undefined, TARGET, `redirect loop: ${TARGET} was already visited`), `redirect loop: ${TARGET} was already visited`],
    ['404', ok({ status: 404 }), '404 Not Found'],
    ['503', ok({ status: 503 }), 'the server answered 503'],
    ['to the home page', to('/'), 'redirected to the home page https://tube.example/'],
    ['to a login page', to('/login'), 'redirected to a login page https://tube.example/login'],
    ['to an error page', to('/video-removed'), 'redirected to an error page https://tube.example/video-removed'],
    ['a Cloudflare challenge', page('cloudflare-challenge.html', 503, { server: 'cloudflare' }), 'a Cloudflare challenge page answered ("Just a moment...")'],
    ['an English caption', page('tube-video-removed.html'), 'the title says "Video removed"'],
    ['a Spanish notice', ok({ body: html('Tube', 'Aviso', 'Este vídeo ya no está disponible.') }), 'the page says "Este vídeo ya no está disponible" (Spanish)'],
    ['the soft-404 probe', ok({ body: siteNotFound('/video/8812') }), "looks like this site's answer to an address that cannot exist (/video/takedown-probe-abc, 100% alike)"],
  ])('%s', (_, outcome, detail) => {
    const result = run({ name: '', outcome, reason: 'ok', probe: PROBE });
    expect(result.detail).toBe(detail);
  });

  it.each<[string, HttpOutcome, Provider]>([
    ['a provider removal notice', ok({ body: PLAYER }), provider({ removed: [REMOVED_TEXT] })],
    ['a provider live marker', ok({ body: html('Clip', 'Clip', '<div data-playable="true"></div>') }), provider({ live: [{ html: 'data-playable="true"' }] })],
  ])('%s names the definition and what it found', (_, outcome, definition) => {
    const { detail } = run({ name: '', outcome, reason: 'ok', provider: definition });
    expect(detail).toMatch(/^(?:the Tube Example definition's removal notice: "deleted by the uploader"|matches the Tube Example definition of live content: the page contains data-playable="true")$/);
  });

  it('never shows marker ids, regexes or raw resolver text', () => {
    const outcomes = [...Object.values(GROUPS).flat().map((c) => run(c).detail)];
    for (const detail of outcomes) {
      expect(detail).not.toMatch(/\b(?:en|es|pt|fr|de|ru|ar|it|nl|pl|tr|ja)\.[a-z][a-z0-9-]+/);
      expect(detail).not.toMatch(/ in (?:title|heading|text)$|html \/|getaddrinfo|similarity \d/);
    }
  });

  it('keeps both sides of a disagreement within 240 characters', () => {
    const long = 'x'.repeat(300);
    const definition = provider({ live: [{ html: 'id="player"' }], removed: [{ text: 'deleted by the uploader' }] }, { name: long });
    const { reason, detail } = run({ name: '', outcome: ok({ body: PLAYER }), reason: 'ok', provider: definition });
    expect(reason).toBe('signals-disagree');
    expect(detail.length).toBeLessThanOrEqual(240);
    expect(detail).toContain('; but the ');
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
