// Reads the few jCard (RFC 7095) properties we use from an RDAP vcardArray, whatever shape it arrives in.

/** Raw values as found; the caller cleans them (contact-values.ts). */
export interface VcardFields {
  fn?: string;
  org?: string;
  emails: string[];
  phones: string[];
}

// A registrar's card has a dozen properties; past these caps the card is junk or an attack.
const MAX_PROPERTIES = 200;
const MAX_VALUES = 10;
const MAX_TEXT = 1000;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_TEXT ? value : undefined;
}

function typeParams(params: unknown): string[] {
  if (typeof params !== 'object' || params === null) return [];
  const type = (params as Record<string, unknown>)['type'];
  const list = Array.isArray(type) ? type.slice(0, MAX_VALUES) : [type];
  return list.flatMap((item) => (typeof item === 'string' ? item.toLowerCase().split(',') : []));
}

/**
 * `["vcard", [[name, params, type, value, ...], ...]]`. Anything else (not an array, wrong types,
 * nested junk) yields empty fields; nothing here throws or walks deeper than one property.
 */
export function readVcard(vcardArray: unknown): VcardFields {
  const fields: VcardFields = { emails: [], phones: [] };
  if (!Array.isArray(vcardArray) || vcardArray[0] !== 'vcard' || !Array.isArray(vcardArray[1])) return fields;
  const properties: unknown[] = vcardArray[1];
  for (const property of properties.slice(0, MAX_PROPERTIES)) {
    if (!Array.isArray(property) || property.length < 4 || typeof property[0] !== 'string') continue;
    const name = property[0].toLowerCase();
    // Structured values (org as ["Example", "Unit"]) keep their first component.
    const value = text(Array.isArray(property[3]) ? property[3][0] : property[3]);
    if (value === undefined) continue;
    if (name === 'fn' && fields.fn === undefined) fields.fn = value;
    else if (name === 'org' && fields.org === undefined) fields.org = value;
    else if (name === 'email' && fields.emails.length < MAX_VALUES) fields.emails.push(value);
    else if (name === 'tel' && fields.phones.length < MAX_VALUES) {
      const types = typeParams(property[1]);
      // A fax line is no way to reach an abuse desk.
      if (types.includes('fax') && !types.includes('voice')) continue;
      fields.phones.push(value);
    }
  }
  return fields;
}
