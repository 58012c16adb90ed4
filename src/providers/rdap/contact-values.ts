// Contact values from RDAP answers, kept only when they are real: placeholders and junk are refused.

// Registries put these where GDPR or policy hides the data ("REDACTED FOR PRIVACY", "Data
// Redacted", "Not Disclosed", "Please query the RDDS service of the Registrar of Record...").
const PLACEHOLDER_WORDS = ['redacted', 'not disclosed', 'please query'];
// LACNIC answers this address for networks whose contacts it withholds: a marker, not a mailbox.
const PLACEHOLDER_EMAILS = new Set(['removed@lacnic.net']);

const MAX_EMAIL = 254;
const MAX_NAME = 200;
// Local part and domain without spaces, quotes, brackets or a second @; the domain needs a dot.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;
const PHONE = /^\+?[0-9(][0-9 .()-]{2,30}(;ext=[0-9]{1,10})?$/;

export type Refusal = { ok: false; why: string };
export type Accepted = { ok: true; value: string };

function shown(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 60)}…` : flat);
}

export function isPlaceholder(text: string): boolean {
  const lower = text.trim().toLowerCase();
  return lower === '' || PLACEHOLDER_WORDS.some((word) => lower.includes(word)) || PLACEHOLDER_EMAILS.has(lower);
}

/** An email address, `mailto:` removed; placeholders, empty values and non-addresses refused. */
export function cleanEmail(raw: unknown): Accepted | Refusal {
  if (typeof raw !== 'string') return { ok: false, why: 'email is not text' };
  const text = raw.trim().replace(/^mailto:/i, '');
  if (text === '') return { ok: false, why: 'email is empty' };
  if (isPlaceholder(text)) return { ok: false, why: `email ${shown(text)} is a placeholder` };
  if (text.length > MAX_EMAIL || !EMAIL.test(text)) return { ok: false, why: `email ${shown(text)} is not an email address` };
  return { ok: true, value: text };
}

/** A phone number, `tel:` removed (`tel:+1.5555551234` -> `+1.5555551234`). */
export function cleanPhone(raw: unknown): Accepted | Refusal {
  if (typeof raw !== 'string') return { ok: false, why: 'phone is not text' };
  const text = raw.trim().replace(/^tel:/i, '');
  if (text === '' || isPlaceholder(text)) return { ok: false, why: `phone ${shown(text)} is a placeholder` };
  if (!PHONE.test(text) || (text.match(/[0-9]/g)?.length ?? 0) < 4) return { ok: false, why: `phone ${shown(text)} is not a phone number` };
  return { ok: true, value: text };
}

/** A display name: control characters and runs of spaces collapsed; placeholders refused. */
export function cleanName(raw: unknown): Accepted | Refusal {
  if (typeof raw !== 'string') return { ok: false, why: 'name is not text' };
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (isPlaceholder(text)) return { ok: false, why: `name ${shown(text)} is a placeholder` };
  if (text.length > MAX_NAME) return { ok: false, why: `name is longer than ${MAX_NAME} characters` };
  return { ok: true, value: text };
}
