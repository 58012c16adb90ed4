// Page bodies of the synthetic web, built once from a seed; a live page is a template the URL's id is spliced into.
import { rng } from './synthetic.ts';

/** Body parts with the URL's id between each pair: render with `splice`. */
export type Template = readonly Buffer[];

const ID = '\u0000';

const WORDS = (
  'the a of and to in is was for on with this that by at from new best full part one two night day ' +
  'summer winter weekend trip hotel beach home room garden city lake mountain road car train camera ' +
  'phone light dark blue red green gold silver soft long short slow quick happy quiet loud sweet ' +
  'friend couple girl guy team crew fans family story moment scene memory music dance party show ' +
  'clip video photo set album series episode collection upload channel creator playlist favourite ' +
  'watch share like comment follow subscribe enjoy love great nice amazing cute wow thanks please more'
).split(' ');

function words(next: () => number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(WORDS[Math.floor(next() * WORDS.length)] ?? 'clip');
  return out.join(' ');
}

function title(next: () => number): string {
  const t = words(next, 3 + Math.floor(next() * 5));
  return t.charAt(0).toUpperCase() + t.slice(1);
}

const STYLE = `<style>
:root{--bg:#111;--fg:#eee;--accent:#e33}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.4 system-ui,sans-serif}
header{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;background:#000}header a{color:var(--fg);text-decoration:none}
.logo{font-weight:700;color:var(--accent)}main{max-width:1200px;margin:0 auto;padding:1rem}.player{aspect-ratio:16/9;background:#000}
.player video{width:100%;height:100%}.meta{color:#aaa}.tags a{display:inline-block;margin:2px;padding:2px 6px;border-radius:3px;background:#222}
.comments li{margin:.5rem 0;list-style:none}.related{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px}
.related a{color:var(--fg)}.thumb{aspect-ratio:16/9;background:#333}footer{padding:2rem 1rem;color:#777;font-size:13px}
.notice{padding:3rem 1rem;text-align:center}.btn{background:var(--accent);color:#fff;border:0;padding:.5rem 1rem;border-radius:4px}
@media (max-width:600px){header{flex-wrap:wrap}.related{grid-template-columns:1fr 1fr}}
</style>`;

function header(site: string): string {
  return `<header><a class="logo" href="/">${site}</a><nav><a href="/videos">Videos</a> <a href="/photos">Photos</a> <a href="/categories">Categories</a> <a href="/upload">Upload</a></nav>
<form action="/search" method="get"><input type="search" name="q" placeholder="Search ${site}"><button class="btn">Search</button></form><a href="/login">Log in</a></header>`;
}

// Real tube sites carry removal words in their footer and player scripts; a checker must not read them as a removal.
function footer(site: string): string {
  return `<footer><nav><a href="/terms">Terms</a> · <a href="/privacy">Privacy</a> · <a href="/dmca">DMCA</a> · <a href="/content-removal">Content removal</a> · <a href="/2257">18 U.S.C. 2257</a> · <a href="/contact">Contact</a></nav>
<p>© 2026 ${site}. All models were 18 or older at the time of depiction. To report abuse or request removal of content, use the content removal form.</p></footer>`;
}

function related(next: () => number, count: number): string {
  let html = '<section class="related"><h2>Related videos</h2>';
  for (let i = 0; i < count; i++) {
    const n = Math.floor(next() * 900000);
    html += `<a href="/v/${n}"><div class="thumb" style="background-image:url(/thumbs/${n}.jpg)"></div><span>${title(next)}</span> <small>${Math.floor(next() * 59)}:${String(Math.floor(next() * 60)).padStart(2, '0')}</small></a>\n`;
  }
  return html + '</section>';
}

const PLAYER_SCRIPT = `<script>
window.__PLAYER_CONFIG__={id:"${ID}",autoplay:false,states:{ready:"",removed:"This video has been removed",private:"This video is private",unavailable:"Video unavailable"}};
(function(){var c=window.__PLAYER_CONFIG__;function show(s){var n=document.querySelector('.player-notice');if(n){n.textContent=c.states[s]||''}}
document.addEventListener('DOMContentLoaded',function(){var v=document.querySelector('video');if(!v)return;v.addEventListener('error',function(){show('unavailable')});show('ready')})})();
</script>`;

/** A live video page of about `targetBytes`, with `ID` where the URL's id goes. */
function livePage(seed: number, variant: number, targetBytes: number, mention: boolean): string {
  const next = rng(seed * 101 + variant);
  const site = ['ClipHub', 'TubeNest', 'VidBay', 'PicStream'][variant % 4] ?? 'ClipHub';
  const t = title(next);
  const description = mention
    ? `Reupload. The original was removed from another site last week, so I am posting it here again. ${words(next, 30)}`
    : words(next, 40 + Math.floor(next() * 40));
  let html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t} #${ID} - ${site}</title><link rel="canonical" href="/v/${ID}"><meta property="og:type" content="video.other"><meta property="og:title" content="${t}">
<meta name="description" content="${words(next, 20)}">${STYLE}${PLAYER_SCRIPT}</head><body>${header(site)}<main>
<h1>${t}</h1><div class="player"><video controls preload="none" poster="/thumbs/${ID}.jpg"><source src="/media/${ID}.mp4" type="video/mp4"></video><div class="player-notice"></div></div>
<p class="meta">Uploaded ${1 + Math.floor(next() * 28)} days ago · ${Math.floor(next() * 900000)} views · ${60 + Math.floor(next() * 40)}% liked</p>
<div class="description"><p>${description}</p></div><div class="tags">`;
  for (let i = 0; i < 12; i++) html += `<a href="/tags/${words(next, 1)}">${words(next, 1)}</a>`;
  html += '</div>';
  if (variant % 2 === 0) {
    html += `<template id="notice-removed"><div class="notice"><h2>This video has been removed</h2><p>It is no longer available.</p></div></template>`;
  }
  html += '<!-- legacy banner: "content removed" notices are rendered client side -->';
  const tail = `${related(next, 24)}</main>${footer(site)}<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script></body></html>`;
  html += '<section class="comments"><h2>Comments</h2><ul>';
  while (html.length + tail.length < targetBytes - 200) {
    html += `<li><b>${words(next, 1)}${Math.floor(next() * 999)}</b> <time>${1 + Math.floor(next() * 23)} hours ago</time><p>${words(next, 8 + Math.floor(next() * 30))}</p></li>\n`;
  }
  return `${html}</ul></section>${tail}`;
}

function toTemplate(html: string): Template {
  return html.split(ID).map((part) => Buffer.from(part));
}

/** Body chunks of `template` for URL `id`, and their total length. */
export function splice(template: Template, id: number): { chunks: Buffer[]; length: number } {
  const idBytes = Buffer.from(String(id));
  const chunks: Buffer[] = [];
  let length = 0;
  template.forEach((part, i) => {
    if (i > 0) {
      chunks.push(idBytes);
      length += idBytes.length;
    }
    chunks.push(part);
    length += part.length;
  });
  return { chunks, length };
}

const REMOVAL_NOTICES = [
  { lang: 'en', title: 'Video removed', h1: 'This video has been removed', p: 'This video has been removed for violating our Terms of Service.' },
  { lang: 'en', title: 'Page not found', h1: 'Sorry, we could not find that page', p: 'The video you are looking for does not exist or is no longer available.' },
  { lang: 'es', title: 'Video eliminado', h1: 'Este video ha sido eliminado', p: 'El contenido que buscas ya no está disponible.' },
  { lang: 'pt', title: 'Vídeo removido', h1: 'Este vídeo foi removido', p: 'O conteúdo que você procura não está mais disponível.' },
  { lang: 'fr', title: 'Vidéo supprimée', h1: 'Cette vidéo a été supprimée', p: "Le contenu que vous cherchez n'est plus disponible." },
  { lang: 'de', title: 'Video entfernt', h1: 'Dieses Video wurde entfernt', p: 'Der gesuchte Inhalt ist nicht mehr verfügbar.' },
];

function noticePage(seed: number, site: string, lang: string, pageTitle: string, h1: string, p: string, relatedCount: number): string {
  const next = rng(seed);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${pageTitle} - ${site}</title>${STYLE}</head><body>${header(site)}<main>
<div class="notice"><h1>${h1}</h1><p>${p}</p><p><a class="btn" href="/">Home</a></p></div>${related(next, relatedCount)}</main>${footer(site)}</body></html>`;
}

function homePage(seed: number, host: number): string {
  const next = rng(seed * 7919 + host);
  const site = `Site${host}`;
  let html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${site} - free videos and photos</title>${STYLE}</head><body>${header(site)}<main>
<h1>Latest uploads</h1>`;
  html += related(next, 60);
  return `${html}</main>${footer(site)}</body></html>`;
}

function loginPage(site: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in - ${site}</title>${STYLE}</head><body>${header(site)}<main>
<h1>Log in to continue</h1><p>You need an account to view this content.</p><form method="post" action="/login"><label>Email <input type="email" name="email"></label>
<label>Password <input type="password" name="password"></label><button class="btn">Log in</button></form><p><a href="/register">Create a free account</a></p></main>${footer(site)}</body></html>`;
}

function statusPage(code: number, text: string, body: string): string {
  return `<!doctype html><html><head><title>${code} ${text}</title></head><body><center><h1>${code} ${text}</h1></center><p>${body}</p><hr><center>nginx</center></body></html>`;
}

export interface Pages {
  live: Template[];
  mention: Template[];
  removalNotices: Buffer[];
  home: (host: number) => Buffer;
  login: Buffer;
  status: Map<number, Buffer>;
}

/** Builds every body once: live pages of 30-80 KB in eight variants, notices, status pages. */
export function buildPages(seed: number, hosts: number): Pages {
  const live = Array.from({ length: 8 }, (_, v) => toTemplate(livePage(seed, v, 30_000 + Math.round((v * 50_000) / 7), false)));
  const mention = [0, 1].map((v) => toTemplate(livePage(seed + 1, v, 40_000 + v * 20_000, true)));
  const removalNotices = REMOVAL_NOTICES.map((n, i) => Buffer.from(noticePage(seed + i, 'ClipHub', n.lang, n.title, n.h1, n.p, 12 + i * 4)));
  const homes = Array.from({ length: hosts }, (_, h) => Buffer.from(homePage(seed, h)));
  const status = new Map<number, Buffer>([
    [404, Buffer.from(statusPage(404, 'Not Found', 'The requested URL was not found on this server.'))],
    [410, Buffer.from(statusPage(410, 'Gone', 'The requested resource is no longer available.'))],
    [451, Buffer.from(statusPage(451, 'Unavailable For Legal Reasons', 'This content is not available in your country.'))],
    [429, Buffer.from(statusPage(429, 'Too Many Requests', 'Slow down.'))],
    [500, Buffer.from(statusPage(500, 'Internal Server Error', ''))],
    [502, Buffer.from(statusPage(502, 'Bad Gateway', ''))],
    [503, Buffer.from(statusPage(503, 'Service Temporarily Unavailable', ''))],
  ]);
  return {
    live,
    mention,
    removalNotices,
    home: (host) => homes[host] ?? homes[0] ?? Buffer.alloc(0),
    login: Buffer.from(loginPage('ClipHub')),
    status,
  };
}
