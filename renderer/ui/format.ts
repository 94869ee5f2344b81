/** Small formatting rules used across the workspace screens. Pure, so they are unit-tested. */
import { INFORMATION_CREDIBILITY, SOURCE_RELIABILITY, type SourceReliability } from '../../shared/model/vocabulary';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** 1536 -> "1.5 KB" (powers of 1024, one decimal under 10). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** The first 12 hex digits, grouped in fours, enough to compare by eye. */
export function shortSha(sha: string | null | undefined): string {
  if (!sha) return '—';
  return sha.slice(0, 12).replace(/(.{4})(?=.)/g, '$1 ');
}

/** "a1b2c3d4…" grouped for reading aloud: "a1b2 c3d4 …" (all 64 digits, in 16 groups). */
export function groupedSha(sha: string): string {
  return sha.replace(/(.{4})(?=.)/g, '$1 ');
}

let regionNames: Intl.DisplayNames | null = null;

/** "ly" -> "Libya"; null when the code is not a known ISO 3166-1 alpha-2 region. */
export function countryName(code: string): string | null {
  const c = code.trim().toUpperCase();
  // ZZ is CLDR's "Unknown Region", not a country.
  if (!/^[A-Z]{2}$/.test(c) || c === 'ZZ') return null;
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const name = regionNames.of(c);
    return name && name !== c ? name : null;
  } catch {
    return null;
  }
}

/** Languages whose country names are understood when typed (Intl's CLDR names; the code is what is stored). */
const NAME_LOCALES = ['en', 'fr', 'ar', 'es', 'it', 'de', 'pt', 'nl', 'ru', 'tr', 'fa', 'ur', 'ti', 'am', 'so', 'ha', 'sw', 'zh'];
let namesToCodes: Map<string, string> | null = null;

function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[’`´]/g, "'")
    .replace(/[\s.]+/g, ' ')
    .trim();
}

/** Every ISO 3166-1 alpha-2 code by its name in each of NAME_LOCALES (the first language to claim a name keeps it). */
function countryNameIndex(): Map<string, string> {
  if (namesToCodes) return namesToCodes;
  const map = new Map<string, string>();
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) codes.push(String.fromCharCode(a, b));
  const known = codes.filter((c) => countryName(c));
  for (const locale of NAME_LOCALES) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      continue;
    }
    for (const c of known) {
      const n = names.of(c);
      if (n && n !== c) {
        const k = nameKey(n);
        if (!map.has(k)) map.set(k, c.toLowerCase());
      }
    }
  }
  namesToCodes = map;
  return map;
}

/** "LY", "Libya", "Libye", "ليبيا" -> "ly"; null when it is neither a known code nor a known country name. */
export function countryCode(text: string): string | null {
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return countryName(t) ? t.toLowerCase() : null;
  return t ? (countryNameIndex().get(nameKey(t)) ?? null) : null;
}

/**
 * Parse "ly, ER  sd" or "Nigeria, South Sudan" (names in any of NAME_LOCALES) into lower-case ISO codes, with the
 * parts that are neither reported. Commas (also Arabic ones) and semicolons separate countries; within a part
 * that is not a whole name, spaces separate codes.
 */
export function parseCountryCodes(text: string): { codes: string[]; invalid: string[] } {
  const codes: string[] = [];
  const invalid: string[] = [];
  const add = (c: string) => {
    if (!codes.includes(c)) codes.push(c);
  };
  for (const part of text.split(/[,;،؛\n]+/)) {
    const p = part.trim();
    if (!p) continue;
    const whole = countryCode(p);
    if (whole) {
      add(whole);
      continue;
    }
    for (const w of p.split(/\s+/)) {
      const c = countryCode(w);
      if (c) add(c);
      else invalid.push(w);
    }
  }
  return { codes, invalid };
}

export function formatCountries(codes: readonly string[]): string {
  return codes.map((c) => c.toUpperCase()).join(', ');
}

/** Admiralty grade of a piece of evidence: source reliability letter + information credibility digit ("B2"). */
export function grade(reliability: string | null | undefined, credibility: number): string {
  return `${reliability ?? '–'}${credibility}`;
}

export function gradeExplanation(reliability: string | null | undefined, credibility: number): string {
  const r = reliability && reliability in SOURCE_RELIABILITY ? `${reliability}: ${SOURCE_RELIABILITY[reliability as SourceReliability]}` : 'No source recorded';
  const c = INFORMATION_CREDIBILITY[credibility as keyof typeof INFORMATION_CREDIBILITY];
  return `${r} · ${credibility}: ${c ?? 'unknown'}`;
}

/** Lower case, no diacritics, Arabic tatweel and harakat removed: for substring filters typed by people. */
export function foldForFilter(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .toLowerCase();
}

/** Vocabulary ids as words when no label exists: "armed_group_member" -> "Armed group member". */
export function humanize(id: string): string {
  const s = id.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Local date (and time) from an ISO timestamp: 2025-03-04 14:05. */
export function formatDateTime(iso: string, withSeconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  return withSeconds ? `${base}:${p(d.getSeconds())}` : base;
}

export function formatDate(iso: string): string {
  return formatDateTime(iso).slice(0, 10);
}
