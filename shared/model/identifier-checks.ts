/**
 * Check digits of identifiers, shared by the entity form (renderer: an error under the field) and the pattern
 * finders over document text (main/core/documents/patterns.ts), so both accept the same numbers.
 */

/** IBAN lengths by country (ISO 13616 registry; the countries a case is likely to meet, and Europe). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, DZ: 26, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MA: 28, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18,
  NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24,
  SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** ISO 7064 mod 97-10 of an IBAN (country and check digits moved to the end, letters as 10..35); 1 when valid. */
export function ibanMod97(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const c of moved) {
    const v = c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem;
}

/** IMO ship number check: the first six digits times 7, 6, 5, 4, 3, 2, summed; its last digit is the seventh. */
export function imoCheckDigitOk(digits: string): boolean {
  if (!/^\d{7}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 6)].reduce((acc, c, i) => acc + Number(c) * (7 - i), 0);
  return sum % 10 === Number(digits[6]);
}
