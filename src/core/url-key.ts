// The key under which two URLs count as the same: fragment ignored.

export function urlKey(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
