// The per-site URL rewrites applied before checking.
import { describe, expect, it } from 'vitest';
import { applyQuirks, QUIRKS } from '../../src/providers/quirks.ts';

describe('applyQuirks', () => {
  it.each([
    ['https://twitter.com/someone/status/1', 'https://x.com/someone/status/1', 'twitter-to-x'],
    ['http://mobile.twitter.com/someone/status/1', 'https://x.com/someone/status/1', 'twitter-to-x'],
    ['https://mobile.x.com/someone/status/1', 'https://x.com/someone/status/1', 'mobile-x'],
    ['https://m.facebook.com/someone/posts/1', 'https://www.facebook.com/someone/posts/1', 'facebook-www'],
    ['https://mbasic.facebook.com/video.php?v=1', 'https://www.facebook.com/video.php?v=1', 'facebook-www'],
    ['https://m.youtube.com/watch?v=Q39EVAstoRM', 'https://www.youtube.com/watch?v=Q39EVAstoRM', 'youtube-www'],
    ['https://youtu.be/Q39EVAstoRM?si=abc', 'https://www.youtube.com/watch?v=Q39EVAstoRM', 'youtube-short-link'],
    ['https://dai.ly/x2iuewm', 'https://www.dailymotion.com/video/x2iuewm', 'dailymotion-short-link'],
    ['https://old.reddit.com/r/pics/comments/1abcde/x/', 'https://www.reddit.com/r/pics/comments/1abcde/x/', 'reddit-www'],
    ['https://t.me/somechannel/1234', 'https://t.me/somechannel/1234?embed=1', 'telegram-embed'],
    ['https://t.me/s/somechannel/1234', 'https://t.me/somechannel/1234?embed=1', 'telegram-embed'],
  ])('%s', (url, rewritten, quirk) => {
    expect(applyQuirks(url)).toEqual({ url: rewritten, quirk });
  });

  it.each([
    'https://x.com/someone/status/1',
    'https://www.facebook.com/someone/posts/1',
    'https://www.reddit.com/r/pics/comments/1abcde/x/',
    'https://t.me/somechannel',
    'https://t.me/somechannel/1234?embed=1',
    'https://notwitter.com/someone',
    'https://tube.example/v/1',
  ])('leaves %s alone', (url) => {
    expect(applyQuirks(url)).toEqual({ url });
  });

  it('names every quirk once', () => {
    const names = QUIRKS.map((q) => q.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
