// Contact values (placeholders refused), jCard reading on hostile input, and the entity-tree walk.
import { describe, expect, it } from 'vitest';
import { cleanEmail, cleanName, cleanPhone } from '../../../src/providers/rdap/contact-values.ts';
import { findRegistrar, nearestAbuse, publicId } from '../../../src/providers/rdap/entities.ts';
import { readVcard } from '../../../src/providers/rdap/jcard.ts';

function card(...properties: unknown[]): unknown {
  return ['vcard', [['version', {}, 'text', '4.0'], ...properties]];
}

function abuse(email: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { objectClassName: 'entity', roles: ['abuse'], vcardArray: card(['email', {}, 'text', email]), ...extra };
}

describe('emails', () => {
  it.each([
    ['abuse@registrar.example', 'abuse@registrar.example'],
    ['  mailto:Abuse@Registrar.Example ', 'Abuse@Registrar.Example'],
  ])('%j is kept as %j', (raw, value) => {
    expect(cleanEmail(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['REDACTED', 'placeholder'],
    ['REDACTED FOR PRIVACY', 'placeholder'],
    ['Data Redacted', 'placeholder'],
    ['NOT DISCLOSED', 'placeholder'],
    ['Please query the RDDS service of the Registrar of Record identified in this output', 'placeholder'],
    ['removed@lacnic.net', 'placeholder'],
    ['REMOVED@LACNIC.NET', 'placeholder'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['abuse', 'not an email address'],
    ['abuse@localhost', 'not an email address'],
    ['a b@c.example', 'not an email address'],
    ['a@b@c.example', 'not an email address'],
    ['<abuse@x.example>', 'not an email address'],
    [`${'a'.repeat(300)}@x.example`, 'not an email address'],
    [42, 'not text'],
    [null, 'not text'],
  ])('%j is refused (%s)', (raw, why) => {
    const got = cleanEmail(raw);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.why).toContain(why);
  });
});

describe('phones and names', () => {
  it.each([
    ['tel:+1.4806242505', '+1.4806242505'],
    ['+44 20 7946 0000', '+44 20 7946 0000'],
    ['tel:+1-555-0100;ext=123', '+1-555-0100;ext=123'],
    ['(555) 010-0100', '(555) 010-0100'],
  ])('phone %j -> %j', (raw, value) => {
    expect(cleanPhone(raw)).toEqual({ ok: true, value });
  });

  it.each([['REDACTED'], ['tel:'], ['call us'], ['+1'], [12345]])('phone %j is refused', (raw) => {
    expect(cleanPhone(raw).ok).toBe(false);
  });

  it('names lose control characters and placeholders are refused', () => {
    expect(cleanName(' Example\u0000 Registrar,\n Inc. ')).toEqual({ ok: true, value: 'Example Registrar, Inc.' });
    expect(cleanName('REDACTED FOR PRIVACY').ok).toBe(false);
    expect(cleanName('x'.repeat(201)).ok).toBe(false);
  });
});

describe('jCard on hostile input', () => {
  it('reads fn, org, emails and voice phones, skipping fax lines', () => {
    const fields = readVcard(
      card(
        ['fn', {}, 'text', 'Example Registrar'],
        ['org', {}, 'text', ['Example Group', 'Abuse Unit']],
        ['email', {}, 'text', 'abuse@registrar.example'],
        ['tel', { type: 'fax' }, 'uri', 'tel:+1.5550000'],
        ['tel', { type: ['voice', 'work'] }, 'uri', 'tel:+1.5551111'],
        ['TEL', {}, 'text', '+1 555 2222'],
      ),
    );
    expect(fields).toEqual({
      fn: 'Example Registrar',
      org: 'Example Group',
      emails: ['abuse@registrar.example'],
      phones: ['tel:+1.5551111', '+1 555 2222'],
    });
  });

  it.each([
    ['not an array', 'vcard'],
    ['wrong tag', ['vCard', [['fn', {}, 'text', 'x']]]],
    ['properties not a list', ['vcard', { fn: 'x' }]],
    ['properties of wrong types', ['vcard', [null, 7, 'fn', ['fn'], [42, {}, 'text', 'x'], ['email', {}, 'text', { $gt: '' }]]]],
  ])('%s yields empty fields', (_label, value) => {
    expect(readVcard(value)).toEqual({ emails: [], phones: [] });
  });

  it('stops at its caps on huge cards and values', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ['email', {}, 'text', `a${i}@x.example`]);
    const fields = readVcard(['vcard', many]);
    expect(fields.emails).toHaveLength(10);
    expect(readVcard(card(['fn', {}, 'text', 'x'.repeat(5000)])).fn).toBeUndefined();
  });
});

describe('entity trees', () => {
  it('finds the abuse desk nearest the top, skipping a REDACTED one above a real one', () => {
    const warnings: string[] = [];
    const network = {
      entities: [
        abuse('REDACTED FOR PRIVACY', { handle: 'TOP-ABUSE' }),
        {
          roles: ['registrant'],
          entities: [
            { roles: ['technical'], entities: [abuse('deep@isp.example')] },
            abuse('abuse@isp.example', { handle: 'ABUSE1-ISP' }),
          ],
        },
      ],
    };
    expect(nearestAbuse(network, 'network', warnings)).toEqual([{ scope: 'network', email: 'abuse@isp.example', handle: 'ABUSE1-ISP' }]);
    expect(warnings).toEqual(['abuse contact TOP-ABUSE: email "REDACTED FOR PRIVACY" is a placeholder']);
  });

  it('keeps a phone-only desk and drops a desk with nothing usable', () => {
    const phoneOnly = { roles: ['ABUSE'], vcardArray: card(['fn', {}, 'text', 'Abuse Desk'], ['tel', {}, 'uri', 'tel:+1.5550199']) };
    expect(nearestAbuse({ entities: [phoneOnly] }, 'registrar', [])).toEqual([{ scope: 'registrar', phone: '+1.5550199', name: 'Abuse Desk' }]);
    expect(nearestAbuse({ entities: [abuse('removed@lacnic.net')] }, 'network', [])).toEqual([]);
  });

  it('survives deep nesting and wide trees within its caps', () => {
    let deep: Record<string, unknown> = abuse('too-deep@x.example');
    for (let i = 0; i < 5000; i++) deep = { roles: ['registrant'], entities: [deep] };
    expect(nearestAbuse(deep, 'network', [])).toEqual([]);
    const wide = { entities: Array.from({ length: 50_000 }, () => ({ roles: 'abuse', entities: 'x' })) };
    expect(nearestAbuse(wide, 'network', [])).toEqual([]);
  });

  it('finds the registrar and its IANA id', () => {
    const registrar = { roles: ['registrar'], publicIds: [{ type: 'IANA Registrar ID', identifier: '9999' }] };
    const domain = { entities: [{ roles: ['registrant'] }, registrar] };
    expect(findRegistrar(domain)).toBe(registrar);
    expect(publicId(registrar, 'iana registrar id')).toBe('9999');
    expect(publicId({ publicIds: [{ type: 'IANA Registrar ID', identifier: '<script>' }] }, 'IANA Registrar ID')).toBeUndefined();
    expect(findRegistrar({ entities: 'none' })).toBeUndefined();
  });
});
