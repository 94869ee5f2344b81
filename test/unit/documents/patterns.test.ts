/** Pattern finders over real-looking text in English, French and Arabic, and properties of the normalisers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiDigits, findPatterns, ibanMod97, normaliseCrypto, normaliseIban, normaliseIdentifier, normalisePhone, parseAmount } from '../../../main/core/documents/patterns';

const found = (text: string) => findPatterns(text).map((h) => `${h.type} ${h.normalised}`);

describe('findPatterns', () => {
  it('reads an English transfer note: phones, IBAN, e-mail, amounts, not the dates or times', () => {
    const text = [
      'On 14/05/2017 at 06:30 the broker (tel. +218 91-234-5678, alt. 00216 20 123 456) confirmed receipt.',
      'Transfer of USD 5,000 to GB82 WEST 1234 5698 7654 32, then £1,250.50 in cash on 2017-05-16.',
      'Contact: Karim.Haddad@Example.ORG. Reference 2017-05-0042.',
    ].join('\n');
    expect(found(text)).toEqual([
      'phone +218912345678',
      'phone +21620123456',
      'amount 5000 USD',
      'iban GB82WEST12345698765432',
      'amount 1250.50 GBP',
      'email karim.haddad@example.org',
    ]);
    // Offsets point at the text as written.
    for (const h of findPatterns(text)) expect(text.slice(h.start, h.end)).toBe(h.value);
  });

  it('reads a French statement: spaced thousands, comma decimals, passeport, dinars', () => {
    const text = "Le passeur a exigé 5 000 € par personne, puis 3.500,00 EUR. Son passeport n° P1234567 a été saisi. Il a reçu 15 000 dinars libyens sur FR14 2004 1010 0505 0001 3M02 606.";
    expect(found(text)).toEqual(['amount 5000 EUR', 'amount 3500 EUR', 'passport P1234567', 'amount 15000 LYD', 'iban FR1420041010050500013M02606']);
  });

  it('reads Arabic text with Arabic-Indic digits', () => {
    const text = 'دفع مبلغ ١٢٬٠٠٠ دولار إلى المهرب، ورقم جواز السفر 123456789، والهاتف +٢١٨٩١٢٣٤٥٦٧٨';
    expect(found(text)).toEqual(['amount 12000 USD', 'passport 123456789', 'phone +218912345678']);
  });

  it('finds crypto addresses only with valid checksums', () => {
    const text =
      'Paid to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa and 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy, bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, ' +
      '0x52908400098527886E0F7030069857D2E4169EE7 and TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t. Not: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb, bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr.';
    expect(found(text)).toEqual([
      'crypto 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
      'crypto 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      'crypto bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      'crypto 0x52908400098527886e0f7030069857d2e4169ee7',
      'crypto TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    ]);
  });

  it('rejects look-alikes: bad IBAN checksum, national numbers, years and words after "passport"', () => {
    const text = 'IBAN GB82 WEST 1234 5698 7654 33. Call 091 234 5678. Passport issued in 2016; passport expired. Born 1989-12-29, 12.05.2018.';
    expect(findPatterns(text)).toEqual([]);
  });

  it('maps identifiers on entities to the same normalised forms', () => {
    expect(normaliseIdentifier('iban', 'gb82 west 1234 5698 7654 32')).toEqual({ type: 'iban', normalised: 'GB82WEST12345698765432' });
    expect(normaliseIdentifier('phone_number', '00218 91 234 5678')).toEqual({ type: 'phone', normalised: '+218912345678' });
    expect(normaliseIdentifier('passport', 'p 1234567')).toEqual({ type: 'passport', normalised: 'P1234567' });
    expect(normaliseIdentifier('email', ' A@B.org ')).toEqual({ type: 'email', normalised: 'a@b.org' });
    expect(normaliseIdentifier('imo_number', '9999999')).toBeNull();
    expect(normaliseCrypto('0xABC')).toBeNull();
  });

  it('parses amounts only with regular grouping', () => {
    expect(parseAmount('5,000')).toBe(5000);
    expect(parseAmount('5 000')).toBe(5000);
    expect(parseAmount('5.000,50')).toBe(5000.5);
    expect(parseAmount('١٢٬٠٠٠')).toBe(12000);
    expect(parseAmount('50,00,0')).toBeNull();
    expect(asciiDigits('۱۲۳')).toBe('123');
  });
});

// ----------------------------------------------------------------------------------------- properties

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** A valid IBAN for `country` with a BBAN of `bban`: check digits computed as ISO 13616 says. */
function makeIban(country: string, bban: string): string {
  const rem = ibanMod97(`${country}00${bban}`);
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}
const LENGTHS: [string, number][] = [['GB', 22], ['FR', 27], ['DE', 22], ['LY', 25], ['TN', 24], ['EG', 29], ['IT', 27]];

describe('IBAN normaliser properties', () => {
  const iban = fc
    .tuple(fc.constantFrom(...LENGTHS), fc.array(fc.constantFrom(...ALNUM), { minLength: 30, maxLength: 30 }))
    .map(([[cc, len], chars]) => makeIban(cc, chars.slice(0, len - 4).join('')));

  it('accepts any valid IBAN however it is spaced or cased', () => {
    fc.assert(
      fc.property(iban, fc.integer({ min: 1, max: 6 }), fc.boolean(), (s, group, lower) => {
        const spaced = s.replace(new RegExp(`(.{${group}})`, 'g'), '$1 ').trim();
        expect(normaliseIban(lower ? spaced.toLowerCase() : spaced)).toBe(s);
      }),
    );
  });

  it('rejects any single changed digit (mod-97 catches every digit substitution)', () => {
    fc.assert(
      fc.property(iban, fc.nat(), fc.constantFrom(...'0123456789'), (s, at, c) => {
        const i = 2 + (at % (s.length - 2));
        // A letter counts as two digits, so letter-for-digit swaps are not all caught; digit swaps always are.
        fc.pre(s[i] !== c && /\d/.test(s[i]!));
        expect(normaliseIban(s.slice(0, i) + c + s.slice(i + 1))).toBeNull();
      }),
    );
  });

  it('finds a valid IBAN in running text, spaced in fours', () => {
    fc.assert(
      fc.property(iban, (s) => {
        const text = `Virement vers le compte ${s.replace(/(.{4})/g, '$1 ').trim()} le lendemain.`;
        expect(findPatterns(text).map((h) => h.normalised)).toEqual([s]);
      }),
    );
  });
});

describe('phone normaliser properties', () => {
  const number = fc.tuple(fc.constantFrom('218', '216', '20', '33', '44', '249', '251', '291', '1', '39'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 9 }), fc.integer({ min: 1, max: 9 }));
  const separators = fc.array(fc.constantFrom('', ' ', '-', '.'), { minLength: 12, maxLength: 12 });

  it('gives the same E.164 form for + and 00, whatever the separators, in any digit script', () => {
    fc.assert(
      fc.property(number, separators, fc.constantFrom('+', '00'), fc.boolean(), ([cc, rest, first], seps, prefix, arabic) => {
        const national = String(first) + rest.join('');
        const digits = [...national].map((d, i) => d + (i < national.length - 1 ? seps[i % seps.length]! : '')).join('');
        let written = `${prefix}${cc} ${digits}`;
        if (arabic) written = written.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
        expect(normalisePhone(written)).toBe(`+${cc}${national}`);
      }),
    );
  });

  it('never accepts a number without an international prefix, or too short or too long', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 20 }), (ds) => {
        const s = ds.join('');
        // "00" is itself the international prefix; any other start is a national number, not normalisable.
        if (!s.startsWith('00')) expect(normalisePhone(s)).toBeNull();
        const n = normalisePhone(`+${s}`);
        if (n !== null) {
          expect(n).toBe(`+${s}`);
          expect(s.length).toBeGreaterThanOrEqual(8);
          expect(s.length).toBeLessThanOrEqual(15);
        }
      }),
    );
  });
});
