// What "the same site" means for a crawl, and which addresses name media (pure).
import { getDomain } from 'tldts';

/**
 * The registrable domain (forum.example for www.forum.example and img.forum.example), or the
 * host itself for IP addresses and single-label names. Private suffixes count as public ones
 * (allowPrivateDomains), so two blogs on blogspot.com or two pages on github.io are two sites.
 */
export function siteOf(url: string | URL): string {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname.toLowerCase();
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

export function sameSite(a: string | URL, b: string | URL): boolean {
  return siteOf(a) === siteOf(b);
}

export type MediaKind = 'image' | 'media';

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'jpe', 'jfif', 'png', 'gif', 'webp', 'avif', 'heic', 'heif', 'bmp', 'tif', 'tiff']);
const OTHER_MEDIA_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mov', 'webm', 'mkv', 'avi', 'wmv', 'flv', 'mpg', 'mpeg', '3gp', 'ts', 'm3u8', 'mpd',
  'mp3', 'm4a', 'ogg', 'oga', 'ogv', 'opus', 'wav', 'flac', 'aac',
]);

/** 'image' or 'media' (video, audio, streams) when the address's last path segment says so, else null. */
export function mediaKindOf(url: string | URL): MediaKind | null {
  const path = (typeof url === 'string' ? new URL(url) : url).pathname;
  const dot = path.lastIndexOf('.');
  if (dot === -1 || dot < path.lastIndexOf('/')) return null;
  const extension = path.slice(dot + 1).toLowerCase();
  if (IMAGE_EXTENSIONS.has(extension)) return 'image';
  if (OTHER_MEDIA_EXTENSIONS.has(extension)) return 'media';
  return null;
}
