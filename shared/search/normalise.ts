/**
 * Name normalisation for search (and for sanctions screening, which aligns name parts with the same tokens).
 * Pure TypeScript with no Node or DOM API: it runs in the main process, in the search worker and in the
 * renderer.
 *
 * normaliseName(text) turns a name in any script into tokens, each with
 *   text      the word(s) it came from, as written (for display and explanations);
 *   raw       the transliterated, lower-case, diacritic-free word before the spelling rules;
 *   norm      the comparable form: spelling rules and variant families applied ("Mohammed" -> the same norm as
 *             "Muhammad"; "Abdul Rahman", "Abd al-Rahman", "Abdulrahman" -> one token);
 *   skeleton  the consonant skeleton of norm (vowels, w, y dropped; q/k/g, kh/h … folded): what Arabic script
 *             without short vowels, Cyrillic and Ge'ez share with a romanisation;
 *   tail      for a joined "Abd X" / "Abu X" token, the norm of X alone, so "Rahman" still finds it;
 *   particle  bin/ibn/bint/ould …: kept, never required to match;
 *   initial   a single letter ("A." in "A. Al-Milad").
 *
 * The steps, in order (the rules themselves are data in ./rules.ts, the script tables in ./scripts.ts):
 *  1. NFKC (folds Arabic presentation forms and full-width letters); apostrophes and ʿayn/hamza signs removed
 *     (Sa'id = Said); words split on spaces and punctuation, hyphens remembered (they matter for articles).
 *  2. Arabic, Cyrillic and Ge'ez transliterated word by word; then NFKD with combining marks removed (é -> e,
 *     ḥ -> h), lower case, and the letters NFKD does not decompose (ß, ø, ł, ı …) mapped.
 *  3. Sequence rules over the words: articles dropped (al-, el-, ul-, assimilated ad-/ar-/as-/ash-…), Abd + X and
 *     Abu + X joined, particles flagged.
 *  4. Word rules: glued Abd/Abu forms split off their prefix (Abdulrahman = Abd + Rahman), glued compounds split
 *     (Salahuddin = Salah + Din, Nasrallah = Nasr + Allah), spelling rules (ou -> u, doubled letters, final ah
 *     …) to a fixed point, variant families to their canonical norm.
 *  5. Skeleton of each norm.
 * The same function runs on stored names and on queries, so every rule only has to be consistent.
 */
import {
  ABD_ALLAH_GLUED,
  ABD_GLUED,
  ABD_STANDALONE,
  ABU_GLUED,
  ABU_STANDALONE,
  ALLAH_FORMS,
  ARTICLES,
  COMPOUND_ALLAH,
  COMPOUND_DIN,
  PARTICLES,
  SKELETON_DIGRAPHS,
  SKELETON_DROP,
  SKELETON_LETTERS,
  SPELLING_RULES,
  STANDALONE_DIN,
  SUN_ARTICLES,
  VARIANT_FAMILIES,
} from './rules';
import { transliterate } from './scripts';

export interface NameToken {
  text: string;
  raw: string;
  norm: string;
  skeleton: string;
  tail?: string;
  tailSkeleton?: string;
  particle: boolean;
  initial: boolean;
}

export interface NormalisedName {
  original: string;
  /** In written order. */
  tokens: NameToken[];
  /** Word-order-independent form: the norms of the content tokens (particles left out), sorted, space-joined. */
  key: string;
  /** The same with skeletons. */
  skeletonKey: string;
}

// ------------------------------------------------------------------------------------------- folding

/**
 * Word-level results are cached: a case file repeats its names (and their words) thousands of times. Two
 * generations of at most CACHE_MAX entries each: when the young one fills it becomes the old one, and the old
 * one is dropped, so the words in use stay and memory stays bounded.
 */
const CACHE_MAX = 200_000;

class WordCache<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();

  get(key: string): V | undefined {
    const v = this.#young.get(key);
    if (v !== undefined) return v;
    const o = this.#old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): void {
    if (this.#young.size >= CACHE_MAX) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }

  /** Get, or compute and remember. */
  through(key: string, compute: (key: string) => V): V {
    let v = this.get(key);
    if (v === undefined) this.set(key, (v = compute(key)));
    return v;
  }
}

/** Letters NFKD leaves whole. */
const LETTER_MAP: Record<string, string> = {
  'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ł': 'l', 'ı': 'i', 'ħ': 'h',
  'ŋ': 'ng', 'ɣ': 'gh', 'ʃ': 'sh', 'ə': 'e', 'ɛ': 'e', 'ɔ': 'o', 'ƙ': 'k', 'ɗ': 'd', 'ɓ': 'b', 'ƴ': 'y', 'ĳ': 'ij',
};
const APOSTROPHES = /['’‘`´ʹʻʼʽʾʿˈ′]/g;
const COMBINING = /\p{M}/gu;

/**
 * Lower case, diacritics stripped, letters of other scripts kept as they are (so Han or Greek names still match
 * themselves); anything that is not a letter, digit, space or hyphen removed.
 */
export function foldLatin(text: string): string {
  if (/^[a-z0-9 -]*$/.test(text)) return text;
  let s = text.normalize('NFKD').replace(COMBINING, '').toLowerCase();
  if (/[^\x00-\x7f]/.test(s)) s = s.replace(/[^\x00-\x7f]/g, (c) => LETTER_MAP[c] ?? c);
  return s.replace(APOSTROPHES, '').replace(/[^\p{L}\p{N}\s-]+/gu, '');
}

// ------------------------------------------------------------------------------------ word rules

function spellOnce(word: string): string {
  let s = word;
  for (const r of SPELLING_RULES) s = s.replace(r.from, r.to);
  return s;
}

/** The spelling rules, repeated until nothing changes (one rule can expose a match for an earlier one). */
export function spell(word: string): string {
  let s = word;
  for (let i = 0; i < 4; i++) {
    const next = spellOnce(s);
    if (next === s) return s;
    s = next;
  }
  return s;
}

const VARIANTS: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(VARIANT_FAMILIES)) {
    const c = spell(canonical);
    m.set(c, c);
    for (const v of variants) m.set(spell(v), c);
  }
  return m;
})();

/** The canonical norm of a variant family member ("mohamed" -> the norm of "muhammad"), else the word. */
function canonical(spelled: string): string {
  return VARIANTS.get(spelled) ?? spelled;
}

/** Skeleton of a norm: digraphs folded, letter classes merged, vowels and w/y dropped, doubles collapsed. */
const skeletonCache = new WordCache<string>();

export function skeletonOf(norm: string): string {
  return skeletonCache.through(norm, computeSkeleton);
}

function computeSkeleton(norm: string): string {
  if (/\d/.test(norm)) return norm; // numbers (pseudonyms like W-017, V-003) match exactly or not at all
  // Vowels go first, so a digraph is folded the same whether or not a vowel was written inside it: Arabic
  // script has none ("سهيل" -> "shil"), its romanisation has ("Suhail"); both become "shl" and then "sl".
  let s = norm.replace(SKELETON_DROP, '');
  for (const [from, to] of SKELETON_DIGRAPHS) if (s.includes(from)) s = s.split(from).join(to);
  s = s.replace(/[qgcxvp]/g, (c) => SKELETON_LETTERS[c]!);
  return s.replace(/([a-z])\1+/g, '$1');
}

interface WordForm {
  norm: string;
  tail?: string;
}

/** "abd" or "abu" joined with X. The joined norm has no vowel after Abd (Abdul/Abdel/Abdi disagree there). */
function joined(prefix: 'abd' | 'abu', x: string): WordForm {
  if (prefix === 'abd' && ALLAH_FORMS.has(x)) return { norm: canonical(spell('abdallah')), tail: canonical(spell('allah')) };
  const tail = normaliseWord(x);
  // Built so that no glued pattern matches it again: normaliseWord(norm) === norm.
  const joinedNorm = prefix === 'abd' ? `abd${tail.replace(/^[aeiou]+/, '')}` : `abu${tail}`;
  return { norm: canonical(spell(joinedNorm)), tail };
}

const spellCache = new WordCache<string>();

function spellCached(raw: string): string {
  return spellCache.through(raw, spell);
}

const formsCache = new WordCache<WordForm[]>();

/** One word's forms: a glued Abd/Abu/compound is split, otherwise one form. Tried on the raw and spelled word. */
function wordForms(raw: string): WordForm[] {
  return formsCache.through(raw, computeWordForms);
}

function computeWordForms(raw: string): WordForm[] {
  for (const w of raw === spell(raw) ? [raw] : [raw, spell(raw)]) {
    if (ABD_ALLAH_GLUED.test(w)) return [joined('abd', 'allah')];
    for (const g of ABD_GLUED) {
      const m = g.re.exec(w);
      if (m) return [joined('abd', m.slice(1).join(''))];
    }
    if (!ABU_STANDALONE.has(w)) {
      const abu = ABU_GLUED.exec(w);
      if (abu) return [joined('abu', abu[1]!)];
    }
    if (STANDALONE_DIN.test(w)) return [{ norm: 'din' }];
    const din = COMPOUND_DIN.exec(w);
    if (din) return [{ norm: normaliseWord(din[1]!) }, { norm: 'din' }];
    const allah = COMPOUND_ALLAH.exec(w);
    if (allah) return [{ norm: normaliseWord(allah[1]!) }, { norm: canonical(spell('allah')) }];
  }
  return [{ norm: canonical(spell(raw)) }];
}

const wordCache = new WordCache<string>();

/**
 * The norm of one plain word (no sequence rules): spelling rules and variant families, iterated to a fixed point
 * so that normaliseWord(normaliseWord(w)) === normaliseWord(w). Glued forms that split into two words return
 * whole, only spelled; use normaliseName for the whole picture.
 */
export function normaliseWord(raw: string): string {
  const hit = wordCache.get(raw);
  if (hit !== undefined) return hit;
  wordCache.set(raw, raw); // a re-entrant call on the same word (joined forms) stops here
  let s = raw;
  for (let i = 0; i < 4; i++) {
    const forms = wordForms(s);
    const next = forms.length === 1 ? forms[0]!.norm : canonical(spell(s));
    if (next === s) break;
    s = next;
  }
  wordCache.set(raw, s);
  return s;
}

// -------------------------------------------------------------------------------- sequence rules

interface Piece {
  /** The written word (hyphen-separated part) it comes from. */
  text: string;
  raw: string;
  /**
   * The raw word spelled (./rules.ts SPELLING_RULES): what articles, particles and Abd/Abu are recognised by, so
   * that a word whose norm looks like one ("Benn" -> "ben") is treated as one, and norms stay fixed points.
   */
  word: string;
  /** Joined to the next piece by a hyphen (al-Milad, Abd-ar-Rahman). */
  hyphenNext: boolean;
}

const PARTICLE_OF: ReadonlyMap<string, string> = new Map(Object.entries(PARTICLES).flatMap(([canon, forms]) => forms.map((f) => [f, canon] as [string, string])));

/** Is this piece an article to drop here (see ARTICLES and SUN_ARTICLES in ./rules.ts)? */
function isArticle(p: Piece, next: Piece | undefined, hasBefore: boolean): boolean {
  if (!next && !hasBefore) return false; // a lone "Al" is a name
  if (ARTICLES.has(p.word)) return true;
  const c = SUN_ARTICLES.get(p.word);
  if (c === undefined) return false;
  if (!next) return p.hyphenNext; // "Abd ar-" while typing
  return p.hyphenNext || next.raw.startsWith(c);
}

/** Words that combine with their neighbours (articles, particles, standalone Abd/Abu): their order matters. */
export function isJoiningWord(word: string): boolean {
  const raw = foldLatin(word);
  const w = spell(raw);
  return [raw, w].some((x) => ARTICLES.has(x) || SUN_ARTICLES.has(x) || PARTICLE_OF.has(x) || ABD_STANDALONE.test(x) || ABU_STANDALONE.has(x));
}

function token(text: string, raw: string, form: WordForm, flag?: 'particle' | 'initial'): NameToken {
  const t: NameToken = { text, raw, norm: form.norm, skeleton: skeletonOf(form.norm), particle: flag === 'particle', initial: flag === 'initial' };
  if (form.tail !== undefined) {
    t.tail = form.tail;
    t.tailSkeleton = skeletonOf(form.tail);
  }
  return t;
}

const segmentCache = new WordCache<{ raw: string; hyphenNext: boolean | null }[]>();

/** A written word in Latin, as one or more words (null: the last, whose hyphen is the written word's). */
function latinSegments(part: string): { raw: string; hyphenNext: boolean | null }[] {
  let out = segmentCache.get(part);
  if (out === undefined) {
    const segs = foldLatin(transliterate(part)).split(/(\s+|-)/);
    const words: { raw: string; sep: string | undefined }[] = [];
    for (let j = 0; j < segs.length; j += 2) if (segs[j]) words.push({ raw: segs[j]!, sep: segs[j + 1] });
    out = words.map((w, k) => ({ raw: w.raw, hyphenNext: k < words.length - 1 ? w.sep === '-' : null }));
    segmentCache.set(part, out);
  }
  return out;
}

function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  const ascii = /^[\x00-\x7f]*$/.test(text);
  const words = (ascii ? text : text.normalize('NFKC')).replace(APOSTROPHES, '').split(ascii ? /[^A-Za-z0-9-]+/ : /[^\p{L}\p{M}\p{N}\u2010\u2011-]+/u);
  for (const word of words) {
    const parts = word.split(/[\u2010\u2011-]/);
    parts.forEach((part, i) => {
      if (!part) return;
      const hyphenAfterPart = i < parts.length - 1;
      if (ascii) {
        const raw = part.toLowerCase();
        pieces.push({ text: part, raw, word: spellCached(raw), hyphenNext: hyphenAfterPart });
        return;
      }
      // Transliteration can itself produce several words ("الميلاد" -> "al-milad", "عبدالله" -> "abd allah").
      for (const w of latinSegments(part)) pieces.push({ text: part, raw: w.raw, word: spellCached(w.raw), hyphenNext: w.hyphenNext ?? hyphenAfterPart });
    });
  }
  return pieces;
}

/** Normalise a name in any script: see the header comment for the steps. */
export function normaliseName(text: string): NormalisedName {
  const tokens = nameTokens(text);
  const content = contentTokens(tokens);
  return {
    original: text,
    tokens,
    key: content.map((t) => t.norm).sort().join(' '),
    skeletonKey: content.map((t) => t.skeleton).sort().join(' '),
  };
}

/** The tokens of normaliseName alone (what the index needs, without the keys). */
export function nameTokens(text: string): NameToken[] {
  const pieces = piecesOf(text);
  const tokens: NameToken[] = [];
  let i = 0;
  while (i < pieces.length) {
    const p = pieces[i]!;
    const next = pieces[i + 1];
    if (isArticle(p, next, i > 0)) {
      i++;
      continue;
    }
    const abd = ABD_STANDALONE.test(p.raw) || ABD_STANDALONE.test(p.word);
    const abu = !abd && (ABU_STANDALONE.has(p.raw) || ABU_STANDALONE.has(p.word));
    if (abd || abu) {
      // Abd al-X, Abu al-X: skip the article(s), join with X.
      let j = i + 1;
      // A trailing "ar"/"as" after Abd is the article being typed ("Abd ar"), not X.
      while (j < pieces.length && (isArticle(pieces[j]!, pieces[j + 1], true) || (j === pieces.length - 1 && SUN_ARTICLES.has(pieces[j]!.word)))) j++;
      const x = pieces[j];
      if (x && !PARTICLE_OF.has(x.word)) {
        const texts = pieces.slice(i, j + 1).map((q) => q.text);
        tokens.push(token([...new Set(texts)].join(' '), p.raw + x.raw, joined(abd ? 'abd' : 'abu', x.raw)));
      } else {
        tokens.push(token(p.text, p.raw, { norm: abd ? 'abd' : 'abu' }));
      }
      i = x && !PARTICLE_OF.has(x.word) ? j + 1 : j;
      continue;
    }
    i++;
    const particle = PARTICLE_OF.get(p.word);
    if (particle !== undefined) {
      tokens.push(token(p.text, p.raw, { norm: particle }, 'particle'));
    } else if (p.raw.length === 1 && /[a-z]/.test(p.raw)) {
      tokens.push(token(p.text, p.raw, { norm: p.raw }, 'initial'));
    } else {
      const forms = wordForms(p.raw);
      if (forms.length === 1 && forms[0]!.tail === undefined) tokens.push(token(p.text, p.raw, { norm: normaliseWord(p.raw) }));
      else for (const form of forms) tokens.push(token(p.text, p.raw, form));
    }
  }
  return tokens;
}

/** The tokens that carry the name: all but particles (or the particles, if that is all there is). */
export function contentTokens(tokens: readonly NameToken[]): NameToken[] {
  const content = tokens.filter((t) => !t.particle);
  return content.length ? content : [...tokens];
}

/** The word-order-independent comparison key of a name (for de-duplication and exact matching). */
export function nameKey(text: string): string {
  return normaliseName(text).key;
}
