// Walks the `entities` tree of an RDAP object (RFC 9083 §5.1): finds the registrar and abuse contacts.
import { cleanEmail, cleanName, cleanPhone } from './contact-values.ts';
import { readVcard } from './jcard.ts';
import type { AbuseContact, AbuseScope } from './types.ts';

// Real answers nest three or four levels (network > org > abuse); hostile ones may nest thousands.
const MAX_DEPTH = 8;
const MAX_ENTITIES = 500;
const MAX_CONTACTS = 5;

export type RdapObject = Record<string, unknown>;

export function isObject(value: unknown): value is RdapObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(object: RdapObject, key: string, max = 200): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim() : undefined;
}

export function rolesOf(entity: RdapObject): string[] {
  const roles = entity['roles'];
  if (!Array.isArray(roles)) return [];
  return roles.slice(0, 20).flatMap((role) => (typeof role === 'string' ? [role.toLowerCase()] : []));
}

function childrenOf(entity: RdapObject): RdapObject[] {
  const entities = entity['entities'];
  return Array.isArray(entities) ? entities.slice(0, MAX_ENTITIES).filter(isObject) : [];
}

/** The entities under `root`, level by level (its own `entities` are level 1), within the caps. */
export function entityLevels(root: RdapObject): RdapObject[][] {
  const levels: RdapObject[][] = [];
  let level = childrenOf(root);
  let seen = 0;
  while (level.length > 0 && levels.length < MAX_DEPTH && seen < MAX_ENTITIES) {
    const kept = level.slice(0, MAX_ENTITIES - seen);
    seen += kept.length;
    levels.push(kept);
    level = kept.flatMap(childrenOf);
  }
  return levels;
}

/** The registrar entity nearest the top of the tree. */
export function findRegistrar(root: RdapObject): RdapObject | undefined {
  for (const level of entityLevels(root)) {
    const found = level.find((entity) => rolesOf(entity).includes('registrar'));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The identifier of the publicIds entry whose type is `type` (case-insensitive). */
export function publicId(entity: RdapObject, type: string): string | undefined {
  const ids = entity['publicIds'];
  if (!Array.isArray(ids)) return undefined;
  for (const id of ids.slice(0, 20)) {
    if (!isObject(id) || typeof id['type'] !== 'string' || id['type'].toLowerCase() !== type.toLowerCase()) continue;
    const identifier = id['identifier'];
    if (typeof identifier === 'number' && Number.isSafeInteger(identifier)) return String(identifier);
    if (typeof identifier === 'string' && /^[A-Za-z0-9-]{1,32}$/.test(identifier.trim())) return identifier.trim();
  }
  return undefined;
}

/** The contact an abuse entity offers; undefined when it has neither a usable email nor phone. */
function contactOf(entity: RdapObject, scope: AbuseScope, warnings: string[]): AbuseContact | undefined {
  const card = readVcard(entity['vcardArray']);
  const handle = stringField(entity, 'handle', 100);
  const where = handle === undefined ? 'abuse contact' : `abuse contact ${handle}`;
  let email: string | undefined;
  for (const raw of card.emails) {
    const got = cleanEmail(raw);
    if (got.ok) {
      email = got.value;
      break;
    }
    warnings.push(`${where}: ${got.why}`);
  }
  let phone: string | undefined;
  for (const raw of card.phones) {
    const got = cleanPhone(raw);
    if (got.ok) {
      phone = got.value;
      break;
    }
    warnings.push(`${where}: ${got.why}`);
  }
  if (email === undefined && phone === undefined) return undefined;
  const name = card.fn === undefined ? undefined : cleanName(card.fn);
  return {
    scope,
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    ...(name?.ok === true ? { name: name.value } : {}),
    ...(handle === undefined ? {} : { handle }),
  };
}

/**
 * The usable abuse contacts nearest the top of `root`'s entity tree: the first level that has any
 * wins, so an ISP's own abuse desk beats one buried under a parent organisation. Placeholders are
 * skipped (and noted in `warnings`), so a REDACTED desk at level 1 does not hide a real one below.
 */
export function nearestAbuse(root: RdapObject, scope: AbuseScope, warnings: string[]): AbuseContact[] {
  for (const level of entityLevels(root)) {
    const found: AbuseContact[] = [];
    for (const entity of level) {
      if (!rolesOf(entity).includes('abuse')) continue;
      const contact = contactOf(entity, scope, warnings);
      if (contact !== undefined && !found.some((c) => c.email === contact.email && c.phone === contact.phone)) found.push(contact);
    }
    if (found.length > 0) return found.slice(0, MAX_CONTACTS);
  }
  return [];
}
