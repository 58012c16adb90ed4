// Normalises a URL written by a user (IDN to punycode, lower-cased scheme and host) or says why it cannot be checked.

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The input with any password replaced, so that an error message never echoes a secret. */
function redact(url: URL, input: string): string {
  if (url.password === '') return input;
  return input.replace(`:${url.password}@`, ':***@');
}

export function normalizeUrl(input: string): { url: string } | { error: string } {
  const trimmed = input.trim();
  if (trimmed === '') return { error: 'empty URL' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    const hint = SCHEME.test(trimmed) ? '' : '; it must start with http:// or https://';
    return { error: `not a valid URL${hint} (got ${JSON.stringify(trimmed)})` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: `only http and https URLs can be checked (got ${JSON.stringify(redact(url, trimmed))})` };
  }
  if (url.username !== '' || url.password !== '') {
    return { error: `a URL must not contain a user name or password (got ${JSON.stringify(redact(url, trimmed))})` };
  }
  const host = url.hostname;
  // A dotless name is almost always a typo or a local alias that would resolve differently elsewhere.
  if (!host.includes('.') && host !== 'localhost' && !host.startsWith('[')) {
    return { error: `the host ${JSON.stringify(host)} is not a full domain name (got ${JSON.stringify(trimmed)})` };
  }
  // WHATWG URL has already lower-cased scheme and host, converted IDN to punycode and dropped default ports.
  return { url: url.href };
}
