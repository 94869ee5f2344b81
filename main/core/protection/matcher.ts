/**
 * The identity matcher: finds mentions of a protected person's identity in any text, in any spelling the
 * app's own name normaliser folds together (case, diacritics, transliteration variants, Arabic and Ge'ez
 * scripts, Abd/Abu forms, articles). Pure: no vault, no I/O.
 *
 * Terms come from identity.ts. A name term is a sequence of normalised tokens; text is split into words with
 * their offsets, each word normalised on its own (word results are cached by the normaliser), and a term
 * matches a run of consecutive text tokens (articles and particles skipped on both sides). Two tokens are
 * equal when their norms are; across scripts (one side not Latin) also when their consonant skeletons are,
 * because Arabic without short vowels and Ge'ez keep only that much. Digit terms (phones, ID numbers) match
 * their characters with any separators between them; literal terms (dates) match case-insensitively.
 */
import { contentTokens, nameTokens } from '../../../shared/search/normalise';
import { ARTICLES, SUN_ARTICLES } from '../../../shared/search/rules';

export type HitAction = 'redact' | 'review';

export interface TermToken {
  norm: string;
  skeleton: string;
  latin: boolean;
}

export type Term =
  | { kind: 'name'; field: string; action: HitAction; tokens: TermToken[]; replacement: string }
  | { kind: 'pattern'; field: string; action: HitAction; re: RegExp; replacement: string };

export interface Match {
  start: number;
  end: number;
  field: string;
  action: HitAction;
  replacement: string;
}

const LATIN = /^[\p{Script=Latin}\p{N}\p{M}'’ʼʿ`\u2010\u2011-]*$/u;

/** Normalised content tokens of a name (articles and particles left out). */
export function termTokens(text: string): TermToken[] {
  const latin = LATIN.test(text.replace(/\s+/g, ''));
  return contentTokens(nameTokens(text))
    .filter((t) => !t.particle && !ARTICLES.has(t.raw))
    .map((t) => ({ norm: t.norm, skeleton: t.skeleton, latin }));
}

interface TextToken extends TermToken {
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{M}\p{N}'’ʼʿ]+(?:[-\u2010\u2011][\p{L}\p{M}\p{N}'’ʼʿ]+)*/gu;

/** The text as a stream of comparable tokens, each with the offsets of the written word it came from. */
export function textTokens(text: string): TextToken[] {
  const out: TextToken[] = [];
  const words = [...text.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
  const bareArticle = (w: string) => ARTICLES.has(w.toLowerCase()) || SUN_ARTICLES.has(w.toLowerCase());
  for (let i = 0; i < words.length; i++) {
    const { word, start } = words[i]!;
    // A bare article ("al", "el", "ad") between words is skipped, as the normaliser does inside a name.
    if (bareArticle(word)) continue;
    let toks = nameTokens(word);
    let end = words[i]!.end;
    let latin = LATIN.test(word);
    // "Abd al-Rahman", "عبد الرحمن", "Abu Bakr": written as several words, normalised as one token.
    if (toks.length === 1 && (toks[0]!.norm === 'abd' || toks[0]!.norm === 'abu')) {
      let j = i + 1;
      while (j < words.length && bareArticle(words[j]!.word)) j++;
      if (j < words.length) {
        const span = text.slice(start, words[j]!.end);
        toks = nameTokens(span);
        end = words[j]!.end;
        latin = LATIN.test(span.replace(/\s+/g, ''));
        i = j;
      }
    }
    for (const t of toks) {
      if (t.particle) continue;
      out.push({ norm: t.norm, skeleton: t.skeleton, latin, start, end });
    }
  }
  return out;
}

/**
 * Skeletons of two consonants ("ns" for Yonas, "dt" for Dawit) are shared by many unrelated words ("Anas",
 * "date"): alone they are trusted only inside a multi-word term, where the next word must match too.
 */
function same(a: TermToken, b: TermToken, minSkeleton: number): boolean {
  if (a.norm === b.norm) return true;
  return (!a.latin || !b.latin) && a.skeleton.length >= minSkeleton && a.skeleton === b.skeleton;
}

/** Every match of every term in the text (overlapping matches included; the redactor resolves them). */
export function findMatches(text: string, terms: readonly Term[]): Match[] {
  const out: Match[] = [];
  const nameTerms = terms.filter((t): t is Extract<Term, { kind: 'name' }> => t.kind === 'name' && t.tokens.length > 0);
  if (nameTerms.length) {
    const toks = textTokens(text);
    // Index terms by their first token's norm and skeleton, so each text token is compared with few terms.
    const byFirst = new Map<string, (typeof nameTerms)[number][]>();
    const add = (k: string, t: (typeof nameTerms)[number]) => {
      const l = byFirst.get(k);
      if (l) l.push(t);
      else byFirst.set(k, [t]);
    };
    for (const t of nameTerms) {
      add(`n:${t.tokens[0]!.norm}`, t);
      add(`s:${t.tokens[0]!.skeleton}`, t);
    }
    for (let i = 0; i < toks.length; i++) {
      const cands = new Set([...(byFirst.get(`n:${toks[i]!.norm}`) ?? []), ...(byFirst.get(`s:${toks[i]!.skeleton}`) ?? [])]);
      for (const t of cands) {
        if (i + t.tokens.length > toks.length) continue;
        let ok = true;
        const minSkeleton = t.tokens.length > 1 ? 2 : 3;
        for (let k = 0; k < t.tokens.length && ok; k++) ok = same(t.tokens[k]!, toks[i + k]!, minSkeleton);
        if (ok) out.push({ start: toks[i]!.start, end: toks[i + t.tokens.length - 1]!.end, field: t.field, action: t.action, replacement: t.replacement });
      }
    }
  }
  for (const t of terms) {
    if (t.kind !== 'pattern') continue;
    for (const m of text.matchAll(t.re)) out.push({ start: m.index, end: m.index + m[0].length, field: t.field, action: t.action, replacement: t.replacement });
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A number (phone, ID, passport) with any separators between its characters, not inside a longer number.
 * Phones match on their last 9 digits, so "+251 911 424242" also finds "0911-424242".
 */
export function numberPattern(value: string, kind: 'phone' | 'id'): RegExp | null {
  let chars = [...value.normalize('NFKC').toUpperCase()].filter((c) => /[\p{N}A-Z]/u.test(c));
  if (kind === 'phone') chars = chars.filter((c) => /\d/.test(c)).slice(-9);
  if (chars.length < (kind === 'phone' ? 7 : 4)) return null;
  const body = chars.map(escapeRegExp).join('[\\s\\-./()]*');
  // A phone's last digits may follow a country or trunk prefix ("+251 911…", "0911…"): redacted with it.
  const prefix = kind === 'phone' ? '(?:\\+?(?:\\d[\\s\\-./()]*){1,5})?' : '';
  return new RegExp(`(?<![\\p{N}\\p{L}+])${prefix}${body}(?![\\p{N}\\p{L}])`, 'giu');
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A date of birth as people write it: ISO, d/m/y with any separator, "14 March 1990", "March 14, 1990". */
export function datePattern(value: string): RegExp | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (!m) {
    const v = value.trim();
    return v.length >= 6 ? new RegExp(escapeRegExp(v), 'giu') : null;
  }
  const [y, mo, d] = [m[1]!, Number(m[2]), Number(m[3])];
  const month = MONTHS[mo - 1];
  const dd = `0?${d}`;
  const mm = `0?${mo}`;
  const forms = [`${y}[-/.]${mm}[-/.]${dd}`, `${dd}[-/. ]${mm}[-/. ]${y}`, `${mm}/${dd}/${y}`];
  if (month) {
    const mon = `(?:${month}|${month.slice(0, 3)}\\.?)`;
    forms.push(`${dd}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${mon},?\\s+${y}`, `${mon}\\s+${dd}(?:st|nd|rd|th)?,?\\s+${y}`);
  }
  return new RegExp(`(?<!\\d)(?:${forms.join('|')})(?!\\d)`, 'giu');
}
