// Per-site URL rewrites applied before checking, each with the reason the site needs it.

export interface Quirk {
  name: string;
  /** Matched against the full URL; `rewrite` is a String.replace replacement for it. */
  pattern: RegExp;
  rewrite: string;
}

/**
 * Small on purpose: a rewrite must lead to the same content, only in the form that the provider's
 * markers were observed on, or without a redirect that would otherwise be misread as "redirected".
 */
export const QUIRKS: readonly Quirk[] = [
  {
    // twitter.com answers every URL with a 301 to x.com; checking x.com directly keeps that
    // routine hop from looking like a redirect away from the post, and keeps one host queue.
    name: 'twitter-to-x',
    pattern: /^https?:\/\/(?:www\.|mobile\.)?twitter\.com\//i,
    rewrite: 'https://x.com/',
  },
  {
    // mobile.x.com redirects to x.com like mobile.twitter.com does.
    name: 'mobile-x',
    pattern: /^https?:\/\/mobile\.x\.com\//i,
    rewrite: 'https://x.com/',
  },
  {
    // m., mbasic. and web. serve other markup than www. (where the removal notices in
    // providers/facebook.yaml were observed) or redirect there.
    name: 'facebook-www',
    pattern: /^https?:\/\/(?:m|mbasic|web|touch)\.facebook\.com\//i,
    rewrite: 'https://www.facebook.com/',
  },
  {
    // m.youtube.com redirects desktop clients to www and serves the same player response.
    name: 'youtube-www',
    pattern: /^https?:\/\/m\.youtube\.com\//i,
    rewrite: 'https://www.youtube.com/',
  },
  {
    // youtu.be short links 301 to the watch page; checking the watch page avoids reading that
    // hop as a redirect away from the video.
    name: 'youtube-short-link',
    pattern: /^https?:\/\/youtu\.be\/([\w-]{11})(?:\?(.*))?$/i,
    rewrite: 'https://www.youtube.com/watch?v=$1',
  },
  {
    // dai.ly short links redirect to the video page on www.dailymotion.com.
    name: 'dailymotion-short-link',
    pattern: /^https?:\/\/dai\.ly\/(x[0-9a-z]+)$/i,
    rewrite: 'https://www.dailymotion.com/video/$1',
  },
  {
    // old., np., i. and m.reddit.com render other markup; the removal banners in
    // providers/reddit.yaml come from the www client.
    name: 'reddit-www',
    pattern: /^https?:\/\/(?:old|np|i|m|new)\.reddit\.com\//i,
    rewrite: 'https://www.reddit.com/',
  },
  {
    // The plain t.me/channel/123 page is a generic preview that looks the same whether or not the
    // post exists; the ?embed=1 widget shows "Post not found" for deleted posts.
    name: 'telegram-embed',
    pattern: /^https?:\/\/t\.me\/(?:s\/)?([A-Za-z0-9_]+)\/(\d+)\/?$/i,
    rewrite: 'https://t.me/$1/$2?embed=1',
  },
];

/** The URL to fetch for `url`, and the name of the quirk that rewrote it (first match wins). */
export function applyQuirks(url: string): { url: string; quirk?: string } {
  for (const quirk of QUIRKS) {
    if (quirk.pattern.test(url)) return { url: url.replace(quirk.pattern, quirk.rewrite), quirk: quirk.name };
  }
  return { url };
}
