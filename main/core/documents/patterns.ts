/**
 * Pattern finders for document text (issue 14, item 3): phone numbers, IBANs, e-mail addresses, passport
 * numbers, crypto addresses and amounts with a currency. Each finder validates what it matches (mod-97, base58
 * checksums, digit counts, context words) and returns a canonical `normalised` form, so a hit can be compared
 * with the identifiers already on entities. Precision over recall: a number that could be a date or an amount
 * is not a phone number; a 9-character token is a passport number only next to a word that says so.
 *
 * Pure functions (node:crypto only for the base58check hash): the main process, the CLI and tests share them.
 */
import { createHash } from 'node:crypto';
import type { PATTERN_TYPES } from '../../../shared/ipc/schemas/documents';
import { IBAN_LENGTHS, ibanMod97 } from '../../../shared/model/identifier-checks';

export { ibanMod97 };

export type PatternType = (typeof PATTERN_TYPES)[number];

export interface PatternHit {
  type: PatternType;
  /** As written in the text. */
  value: string;
  normalised: string;
  /** [start, end) offsets of `value` in the text searched. */
  start: number;
  end: number;
}

// ------------------------------------------------------------------------------------------- digits

/** Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits to ASCII; Arabic separators to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9\u066B\u066C]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x066b) return '.'; // Arabic decimal separator
    if (code === 0x066c) return ','; // Arabic thousands separator
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

// --------------------------------------------------------------------------------------------- IBAN

// IBAN_LENGTHS and ibanMod97 live in shared/model/identifier-checks.ts (the entity form checks the same way).

/** An IBAN without spaces, upper case, or null when the country length or the mod-97 check fails. */
export function normaliseIban(raw: string): string | null {
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return null;
  const len = IBAN_LENGTHS[s.slice(0, 2)];
  if (len === undefined || s.length !== len) return null;
  return ibanMod97(s) === 1 ? s : null;
}

// -------------------------------------------------------------------------------------------- phone

/** Country calling codes (ITU E.164): one-, two- and three-digit prefixes are told apart by this table. */
const CC1 = new Set(['1', '7']);
const CC2 = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49', '51',
  '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86', '90',
  '91', '92', '93', '94', '95', '98',
]);

/** The country code of an international number (digits only, no prefix), or null when none is assigned. */
function countryCode(digits: string): string | null {
  if (CC1.has(digits[0]!)) return digits[0]!;
  if (CC2.has(digits.slice(0, 2))) return digits.slice(0, 2);
  // Three-digit codes: 21x, 22x, 23x, 24x, 25x, 26x, 29x, 35x, 37x, 38x, 42x, 50x, 59x, 67x-69x, 85x, 88x, 96x-97x, 99x.
  if (/^(2[1-69]|3[578]|42|5[09]|6[7-9]|8[58]|9[679])\d/.test(digits)) return digits.slice(0, 3);
  return null;
}

/**
 * E.164 form ("+218912345678") of a number written with an international prefix (+ or 00), or null. Spaces,
 * dots, dashes and a "(0)" trunk digit are dropped; 8 to 15 digits after the prefix, an assigned country code.
 */
export function normalisePhone(raw: string): string | null {
  let s = asciiDigits(raw).trim();
  s = s.replace(/\(0\)/g, '');
  let digits: string;
  if (s.startsWith('+')) digits = s.slice(1);
  else if (s.startsWith('00')) digits = s.slice(2);
  else return null;
  if (/[^\d\s().\-/]/.test(digits)) return null;
  digits = digits.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15 || digits[0] === '0') return null;
  const cc = countryCode(digits);
  if (!cc) return null;
  // A national number of at least 6 digits after the country code.
  if (digits.length - cc.length < 6) return null;
  return `+${digits}`;
}

// ------------------------------------------------------------------------------------------- base58

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58Decode(s: string): Uint8Array | null {
  let n = 0n;
  for (const c of s) {
    const v = B58.indexOf(c);
    if (v < 0) return null;
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const c of s) {
    if (c !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

function sha256d(b: Uint8Array): Buffer {
  return createHash('sha256').update(createHash('sha256').update(b).digest()).digest();
}

/** A base58check payload's version byte, or null when the checksum fails or the payload is not 21 bytes. */
export function base58checkVersion(s: string): number | null {
  const b = base58Decode(s);
  if (!b || b.length !== 25) return null;
  const sum = sha256d(b.subarray(0, 21));
  for (let i = 0; i < 4; i++) if (sum[i] !== b[21 + i]) return null;
  return b[0]!;
}

// ------------------------------------------------------------------------------------------- bech32

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function bech32Polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i]!;
  }
  return chk >>> 0;
}

/** A valid bech32 (witness v0) or bech32m (v1+) Bitcoin mainnet address. */
export function isBech32Address(addr: string): boolean {
  const s = addr.toLowerCase();
  if (addr !== s && addr !== addr.toUpperCase()) return false;
  if (!s.startsWith('bc1') || s.length < 14 || s.length > 74) return false;
  const data: number[] = [];
  for (const c of s.slice(3)) {
    const v = BECH32.indexOf(c);
    if (v < 0) return false;
    data.push(v);
  }
  const hrp = 'bc';
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const pm = bech32Polymod([...expanded, ...data]);
  const version = data[0]!;
  return version === 0 ? pm === 1 : pm === 0x2bc830a3;
}

/** The canonical form of a crypto address, or null when it is not a valid BTC, ETH or TRON address. */
export function normaliseCrypto(raw: string): string | null {
  if (/^0x[0-9a-fA-F]{40}$/.test(raw)) return raw.toLowerCase();
  if (/^bc1/i.test(raw)) return isBech32Address(raw) ? raw.toLowerCase() : null;
  if (/^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(raw)) {
    const v = base58checkVersion(raw);
    return v === 0x00 || v === 0x05 ? raw : null;
  }
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(raw)) return base58checkVersion(raw) === 0x41 ? raw : null;
  return null;
}

// ------------------------------------------------------------------------------------------ amounts

const SYMBOLS: Record<string, string> = { '$': 'USD', 'US$': 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', 'CHF': 'CHF' };
const ISO_CODES = [
  'USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CNY', 'LYD', 'TND', 'EGP', 'MAD', 'DZD', 'SDG', 'SSP', 'ERN', 'ETB', 'NGN',
  'XOF', 'XAF', 'AED', 'SAR', 'QAR', 'KWD', 'BHD', 'OMR', 'JOD', 'LBP', 'SYP', 'IQD', 'YER', 'TRY', 'AFN', 'PKR',
  'INR', 'BDT', 'NPR', 'THB', 'MYR', 'IDR', 'PHP', 'KES', 'UGX', 'TZS', 'SOS', 'DJF', 'MRU', 'GHS', 'ZAR', 'RUB',
  'UAH', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'USDT', 'BTC', 'ETH',
];
/** Currency words in English, French and Arabic. */
const WORDS: [RegExp, string][] = [
  [/^(?:US\s+)?dollars?$/i, 'USD'],
  [/^euros?$/i, 'EUR'],
  [/^(?:pounds?\s+sterling|livres?\s+sterling)$/i, 'GBP'],
  [/^دولار(?:ا|ات)?(?:\s+أمريكي)?$/, 'USD'],
  [/^يورو$/, 'EUR'],
  [/^دينار(?:ا)?\s+ليبي$/, 'LYD'],
  [/^دينار(?:ا)?\s+تونسي$/, 'TND'],
  [/^جنيه(?:ا)?\s+مصري$/, 'EGP'],
  [/^dinars?\s+libyens?$/i, 'LYD'],
  [/^dinars?\s+tunisiens?$/i, 'TND'],
  [/^nakfa$/i, 'ERN'],
];

/** "5,000" "5 000" "5.000,50" "5,000.50" "١٢٬٠٠٠" -> the number, or null when the grouping is not regular. */
export function parseAmount(raw: string): number | null {
  let s = asciiDigits(raw).replace(/[\s\u00a0\u202f']/g, ' ').trim();
  if (!/^\d/.test(s)) return null;
  // Groups separated by spaces: "5 000" (only in threes).
  if (/ /.test(s)) {
    if (!/^\d{1,3}( \d{3})+([.,]\d{1,2})?$/.test(s)) return null;
    s = s.replace(/ /g, '');
  }
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let intPart = s;
  let frac = '';
  const decimalAt = Math.max(lastComma, lastDot);
  if (decimalAt >= 0 && /^\d{1,2}$/.test(s.slice(decimalAt + 1))) {
    intPart = s.slice(0, decimalAt);
    frac = s.slice(decimalAt + 1);
  }
  if (intPart.includes(',') && intPart.includes('.')) return null;
  if (/[.,]/.test(intPart)) {
    if (!/^\d{1,3}([.,]\d{3})+$/.test(intPart)) return null;
    intPart = intPart.replace(/[.,]/g, '');
  }
  if (!/^\d+$/.test(intPart)) return null;
  const n = Number(frac ? `${intPart}.${frac}` : intPart);
  return Number.isFinite(n) ? n : null;
}

function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function currencyOf(token: string): string | null {
  const t = token.trim().replace(/\s+/g, ' ');
  if (SYMBOLS[t]) return SYMBOLS[t];
  if (ISO_CODES.includes(t.toUpperCase()) && t === t.toUpperCase()) return t.toUpperCase();
  for (const [re, code] of WORDS) if (re.test(t)) return code;
  return null;
}

// ------------------------------------------------------------------------------------------- finders

const NUM = String.raw`[0-9\u0660-\u0669\u06F0-\u06F9](?:[0-9\u0660-\u0669\u06F0-\u06F9]|[.,\u066B\u066C](?=[0-9\u0660-\u0669\u06F0-\u06F9])|[ \u00a0\u202f](?=[0-9\u0660-\u0669\u06F0-\u06F9]{3}(?![0-9\u0660-\u0669\u06F0-\u06F9])))*`;
const CUR_BEFORE = String.raw`US\$|[$€£¥]|\b(?:${ISO_CODES.join('|')})\b`;
const CUR_AFTER = String.raw`[$€£¥]|\b(?:${ISO_CODES.join('|')})\b|(?:US\s+)?dollars?\b|euros?\b|dinars?\s+(?:libyens?|tunisiens?)\b|nakfa\b|دولار(?:ا|ات)?(?:\s+أمريكي)?|يورو|دينار(?:ا)?\s+(?:ليبي|تونسي)|جنيه(?:ا)?\s+مصري`;
const AMOUNT_BEFORE = new RegExp(String.raw`(${CUR_BEFORE})[ \u00a0]?(${NUM})(?![\p{L}\p{N}])`, 'gu');
const AMOUNT_AFTER = new RegExp(String.raw`(?<![\w.,])(${NUM})[ \u00a0]?(${CUR_AFTER})`, 'giu');

function findAmounts(text: string, out: PatternHit[]): void {
  const taken: [number, number][] = [];
  for (const m of text.matchAll(AMOUNT_BEFORE)) {
    const cur = currencyOf(m[1]!);
    const n = parseAmount(m[2]!);
    if (!cur || n === null) continue;
    const start = m.index;
    out.push({ type: 'amount', value: m[0], normalised: `${formatAmount(n)} ${cur}`, start, end: start + m[0].length });
    taken.push([start, start + m[0].length]);
  }
  for (const m of text.matchAll(AMOUNT_AFTER)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.some(([a, b]) => start < b && end > a)) continue;
    const cur = currencyOf(m[2]!);
    const n = parseAmount(m[1]!);
    if (!cur || n === null) continue;
    out.push({ type: 'amount', value: m[0], normalised: `${formatAmount(n)} ${cur}`, start, end });
  }
}

const PHONE = /(?<![\w+])(?:\+|00)[1-9\u0661-\u0669\u06F1-\u06F9][0-9\u0660-\u0669\u06F0-\u06F9 .\-()]{6,22}[0-9\u0660-\u0669\u06F0-\u06F9]/gu;

function findPhones(text: string, out: PatternHit[]): void {
  for (const m of text.matchAll(PHONE)) {
    const value = m[0];
    // A date or a time range written after "00" is not a number: 2024-01-15 has no + and "00" start is rare, but
    // reject runs of separators and dates inside.
    if (/\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/.test(asciiDigits(value)) && !value.startsWith('+')) continue;
    const normalised = normalisePhone(value);
    if (normalised) out.push({ type: 'phone', value, normalised, start: m.index, end: m.index + value.length });
  }
}

const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g;

function findIbans(text: string, out: PatternHit[]): void {
  for (const m of text.matchAll(IBAN)) {
    // Longest first: the trailing group may belong to the next word.
    let value = m[0];
    let normalised = normaliseIban(value);
    while (!normalised && value.includes(' ')) {
      value = value.slice(0, value.lastIndexOf(' '));
      normalised = normaliseIban(value);
    }
    if (normalised) out.push({ type: 'iban', value, normalised, start: m.index, end: m.index + value.length });
  }
}

const EMAIL = /(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b/g;

function findEmails(text: string, out: PatternHit[]): void {
  for (const m of text.matchAll(EMAIL)) {
    if (m[0].includes('..')) continue;
    out.push({ type: 'email', value: m[0], normalised: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
}

/** A passport number right after a word that says so: "passport", "passeport", "jawaz", "جواز (السفر)". */
const PASSPORT = /(?:passports?|passeports?|jawaz(?:\s+safar)?|جواز(?:\s+ال?سفر)?)(?:\s+(?:no\.?|number|num[ée]ro|n[°º]|#|رقم|nr\.?))?\s*[:.#°º-]?\s*([A-Z]{0,3}\d[A-Z0-9]{4,9}|[A-Z]{1,2}\s?\d{6,8})\b/giu;

function findPassports(text: string, out: PatternHit[]): void {
  for (const m of text.matchAll(PASSPORT)) {
    const value = m[1]!;
    const compact = value.replace(/\s/g, '').toUpperCase();
    // Shape: 6-9 characters, at least 5 digits (not a word, not a year).
    if (compact.length < 6 || compact.length > 9 || (compact.match(/\d/g) ?? []).length < 5) continue;
    if (/^(19|20)\d{2}$/.test(compact)) continue;
    const start = m.index + m[0].length - value.length;
    out.push({ type: 'passport', value, normalised: compact, start, end: start + value.length });
  }
}

const CRYPTO = /(?<![\w])(?:0x[0-9a-fA-F]{40}|bc1[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33})(?![\w])/g;

function findCrypto(text: string, out: PatternHit[]): void {
  for (const m of text.matchAll(CRYPTO)) {
    const normalised = normaliseCrypto(m[0]);
    if (normalised) out.push({ type: 'crypto', value: m[0], normalised, start: m.index, end: m.index + m[0].length });
  }
}

/** Every pattern in `text`, in text order; where two overlap the more specific one wins (IBAN over phone). */
export function findPatterns(text: string): PatternHit[] {
  const all: PatternHit[] = [];
  findIbans(text, all);
  findEmails(text, all);
  findCrypto(text, all);
  findPassports(text, all);
  findPhones(text, all);
  findAmounts(text, all);
  const kept: PatternHit[] = [];
  for (const h of all) {
    if (kept.some((k) => h.start < k.end && h.end > k.start)) continue;
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The normalised form of an identifier already on an entity, comparable with PatternHit.normalised. */
export function normaliseIdentifier(type: string, value: string): { type: PatternType; normalised: string } | null {
  switch (type) {
    case 'iban': {
      const n = normaliseIban(value);
      return n ? { type: 'iban', normalised: n } : null;
    }
    case 'phone_number': {
      const n = normalisePhone(value);
      return n ? { type: 'phone', normalised: n } : null;
    }
    case 'email':
      return { type: 'email', normalised: value.trim().toLowerCase() };
    case 'passport':
      return { type: 'passport', normalised: value.replace(/\s/g, '').toUpperCase() };
    case 'wallet_address': {
      const n = normaliseCrypto(value.trim());
      return n ? { type: 'crypto', normalised: n } : null;
    }
    default:
      return null;
  }
}
