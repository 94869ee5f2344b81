/**
 * Screening: is this person or organisation on the list? Each query (an FtM-like entity: names, dates of
 * birth, nationalities) is compared with every listed name that could match and scored with reasons.
 *
 * Names go through the search normaliser (shared/search/normalise.ts: transliteration of Arabic, Cyrillic and
 * Ge'ez, articles and particles, Abd/Abu forms, spelling families) and are compared token by token with the
 * search similarity (shared/search/similarity.ts): order-insensitive one-to-one alignment, skeletons for other
 * scripts, typos, initials.
 *
 * Narrowing: a vocabulary of the listed names' tokens (norm, tail, skeleton keys, trigrams of the norms for
 * typos), as shared/search/name-index.ts keeps. Each query word looks up the terms it could match and scores
 * each once (per-word similarity buffers by term id: candidates never recompute a token similarity); a listed
 * name is a candidate when at least two query words (or all of them, or all of its own, if fewer) match one of
 * its words. Such a name always contains a match of one of the rarer words, so the query word with the most
 * postings never drives (it is checked on the candidates the others reach, and its one-word names are added),
 * and a very common term drives with at most TERM_CAP postings, the names it weighs most in first. Candidates
 * matching the most query words are scored first; each is bounded from above (every matched word at its best
 * weight and similarity, the best date and nationality) and skipped when it cannot reach the cutoff or the
 * `limit`-th result so far. Explanations are written only for the results returned.
 *
 * Rarity (./rarity.ts): every listed part weighs by its inverse document frequency in this list (1 for rare
 * parts, down to 0.25 for "Muhammad" on the UN list; initials 0.5); an aligned query word weighs what it
 * matched, an unaligned one its own weight in the list (1 if the list lacks it).
 *
 * Score = name score + date-of-birth and nationality adjustments, scaled down for an incompatible schema:
 *   name         the mean of how much of the query name and how much of the listed name the aligned words
 *                cover, weighted by rarity and similarity (a two-word query inside a four-part listed name is a
 *                "possible", not a "match", until a date or nationality supports it; leaving out a common part
 *                costs less than leaving out a rare one); one word against several ×0.85; a low-quality alias
 *                ×0.92. A skeleton-only match of a short two-consonant word (Omar / Amar / Amir) counts at most
 *                0.75: too many names share it.
 *   common only  when no aligned part is distinctive (each is common in the list, as listed or as queried, or an
 *                initial), the result is never a "match" unless the date of birth (same day or consistent
 *                partial date) or the nationality supports it: "Ali Mohammed" against a listed "Ali Mohammed"
 *                is "possible".
 *   birth date   same day +0.08, consistent partial date (1988 / 1988-05-07) +0.05, same year 0, a year apart 0
 *                (lists approximate), further apart −0.15 and never a "match".
 *   nationality  shared +0.04, disjoint −0.10 (never a "match" together with a conflicting birth date).
 *   schema       Person against Organization, Company or Vessel (and so on) ×0.6, never a "match".
 *   identifier   a query identifier equal to a listed one (normalised: upper case, letters and digits only, an
 *                "IMO" prefix dropped) of a compatible kind (passport / national id, registration / tax number,
 *                IMO, MMSI, LEI, BIC, crypto wallet; 'other' is compatible with every kind): the score is the name
 *                score +0.20, and at least 0.90 whatever the names — a renamed vessel with its IMO number is a
 *                match. Identifiers are indexed (one map lookup per query identifier, no scan), and the entries
 *                they reach are scored against all their names, even when no name is alike.
 *   gender       both known and different −0.15, never a "match".
 *   target       an entry the list carries only as context (FtM `target: false`: a relative, an associate, an
 *                owned company) ×0.7, never a "match": it is not itself sanctioned.
 * features add nameWeights (each aligned query word and the weight of what it matched) and nameCommonOnly;
 * `reasons` are the explanation lines, each with the feature it explains and that feature's score (what the
 * yente-shaped `sanctum match` answers as explanations).
 */
import { contentTokens, nameTokens, type NameToken } from '../../../shared/search/normalise';
import { initialSimilarity } from '../../../shared/search/index-keys';
import { MIN_TOKEN_SIM, tokenSimilarity, type MatchKind, type TokenMatch } from '../../../shared/search/similarity';
import { TermVocabulary, type VocabTerm } from '../../../shared/search/vocabulary';
import { countryCode } from './countries';
import type { ListEntry, ListIdentifier, ListIdentifierKind, ListName } from './list-model';
import { isCommon, rarityWeight } from './rarity';

export interface ScreenQuery {
  id: string;
  schema: string;
  names: string[];
  birthDates?: string[];
  nationalities?: string[];
  /** Identifiers of the queried entity (passport, IMO number …), each with its kind. */
  identifiers?: { kind: ListIdentifierKind; value: string }[];
  /** FtM gender: 'male' | 'female' | 'other'. */
  gender?: string;
}

/** One reason behind a score: the feature, its contribution (an adjustment, a factor or a sub-score), and why. */
export interface ScreenReason {
  feature: 'name' | 'rarity' | 'identifier' | 'birth_date' | 'nationality' | 'gender' | 'target' | 'schema' | 'verdict';
  score: number;
  detail: string;
  /** The query's and the listed value compared (names, identifiers). */
  query?: string;
  candidate?: string;
}

export interface ScreenResult {
  id: string;
  caption: string;
  schema: string;
  score: number;
  verdict: 'match' | 'possible' | 'none';
  features: Record<string, number | string>;
  explanation: string[];
  /** The explanation lines with the feature each explains (same order, same text). */
  reasons: ScreenReason[];
}

export interface ScreenOptions {
  /** Results to return, best first (default 10). */
  limit?: number;
  /** Score from which a result is a "match" (default 0.8); "possible" starts POSSIBLE_BAND below it. */
  threshold?: number;
  /** Lowest score returned at all (default 0.5, or the possible band if that is lower). */
  cutoff?: number;
}

export const DEFAULT_THRESHOLD = 0.8;
export const POSSIBLE_BAND = 0.15;
export const DEFAULT_CUTOFF = 0.5;

/** Skeletons this short identify little; a match on them alone is capped. */
const SHORT_SKELETON = 2;
const SHORT_SKELETON_SIM = 0.75;
const SHORT_WORD = 4;
const ONE_WORD_FACTOR = 0.85;
const LOW_QUALITY_FACTOR = 0.92;
const SCHEMA_FACTOR = 0.6;
const DOB_ADJUST = { exact: 0.08, partial: 0.05, 'same-year': 0, near: 0, conflict: -0.15, unknown: 0 } as const;
const NAT_ADJUST = { match: 0.04, conflict: -0.1, unknown: 0 } as const;
const GENDER_ADJUST = { match: 0, conflict: -0.15, unknown: 0 } as const;
/** An identifier match: the name score plus this, and at least ID_ALONE. */
const ID_BONUS = 0.2;
const ID_ALONE = 0.9;
/** Identifiers shorter than this (normalised) identify nothing ("1", "A12"). */
const MIN_IDENTIFIER = 5;
const NON_TARGET_FACTOR = 0.7;
const MAX_QUERY_IDENTIFIERS = 50;
const MAX_QUERY_NAMES = 20;
const MAX_QUERY_TOKENS = 8;
/** Postings of one term read when it drives (see the header); the names it weighs most in come first. */
const TERM_CAP = 3_000;
/** The most a date of birth and a nationality can add to a name score. */
const MAX_BONUS = DOB_ADJUST.exact + NAT_ADJUST.match;
/** An initial weighs half a rare word, wherever it is. */
const INITIAL_WEIGHT = 0.5;

type DobFeature = keyof typeof DOB_ADJUST;
type NatFeature = keyof typeof NAT_ADJUST;
type GenderFeature = keyof typeof GENDER_ADJUST;

/** Kinds that may hold the same number: a passport number is often given as an id number, an INN as a registration. */
const KIND_GROUP: Record<ListIdentifierKind, string> = {
  passport: 'document',
  national_id: 'document',
  registration: 'register',
  tax: 'register',
  imo: 'imo',
  mmsi: 'mmsi',
  lei: 'lei',
  bic: 'bic',
  crypto: 'crypto',
  other: '*',
};

/** How each kind reads in an explanation. */
const KIND_LABEL: Record<ListIdentifierKind, string> = {
  passport: 'passport',
  national_id: 'national ID',
  registration: 'registration number',
  tax: 'tax number',
  imo: 'IMO number',
  mmsi: 'MMSI',
  lei: 'LEI',
  bic: 'BIC',
  crypto: 'crypto wallet',
  other: 'identifier',
};

/** True when identifiers of these kinds may be compared ('other' compares with anything). */
export function identifierKindsCompatible(a: ListIdentifierKind, b: ListIdentifierKind): boolean {
  return a === 'other' || b === 'other' || KIND_GROUP[a] === KIND_GROUP[b];
}

/** An identifier as compared: NFKC, upper case, letters and digits only; an IMO number without its "IMO" prefix. */
export function normaliseIdentifier(value: string): string {
  const v = value.normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return /^IMO\d{7}$/.test(v) ? v.slice(3) : v;
}

/** FtM genders the matcher compares ('other' and anything else is unknown). */
function genderOf(v: string | undefined): 'male' | 'female' | null {
  const g = v?.trim().toLowerCase();
  return g === 'male' || g === 'm' ? 'male' : g === 'female' || g === 'f' ? 'female' : null;
}

/** A query identifier matched to a listed one. */
interface IdMatch {
  q: { kind: ListIdentifierKind; value: string };
  l: ListIdentifier;
}

interface Term extends VocabTerm {
  tid: number;
  norm: string;
  skeleton: string;
  initial: boolean;
  /** Names containing it (in name order, or lightest first when longer than TERM_CAP). */
  postings: number[];
  /** Names that are this one word. */
  singles: number[];
  mark: number;
  /** Entries with a name containing it, the last one counted, its rarity weight (./rarity.ts), and is it common. */
  df: number;
  lastEntry: number;
  weight: number;
  common: boolean;
}

interface NameRec {
  entry: number;
  name: ListName;
  terms: Term[];
  /** Each token as written (explanations) and its first letter after transliteration (initials). */
  texts: string[];
  firsts: string;
  /** Sum of its terms' weights. */
  weight: number;
}

// -------------------------------------------------------------------------------------------- schemata

const LEGAL = new Set(['Person', 'Organization', 'Company', 'LegalEntity', 'PublicBody']);
const ORGS = new Set(['Organization', 'Company', 'LegalEntity', 'PublicBody']);

/** FtM schema compatibility: one a descendant of the other (Company is an Organization is a LegalEntity). */
export function schemataCompatible(a: string, b: string): boolean {
  if (a === b || a === 'Thing' || b === 'Thing' || a === '' || b === '') return true;
  if (a === 'LegalEntity') return LEGAL.has(b);
  if (b === 'LegalEntity') return LEGAL.has(a);
  return ORGS.has(a) && ORGS.has(b);
}

// ------------------------------------------------------------------------------------- dates, countries

const YMD = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

function cleanDates(values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    const d = v.trim().slice(0, 10);
    if (YMD.test(d) && !out.includes(d)) out.push(d);
  }
  return out;
}

const DOB_RANK: Record<DobFeature, number> = { exact: 5, partial: 4, 'same-year': 3, near: 2, conflict: 1, unknown: 0 };

/** How a query's dates of birth relate to an entry's: the best relation over all pairs. */
export function compareBirthDates(query: readonly string[], listed: readonly string[]): { feature: DobFeature; q?: string; l?: string } {
  if (!query.length || !listed.length) return { feature: 'unknown' };
  let best: { feature: DobFeature; q?: string; l?: string } = { feature: 'unknown' };
  for (const q of query) {
    for (const l of listed) {
      let f: DobFeature;
      if (q === l && q.length === 10) f = 'exact';
      else if (q.startsWith(l) || l.startsWith(q)) f = 'partial';
      else {
        const dy = Math.abs(Number(q.slice(0, 4)) - Number(l.slice(0, 4)));
        f = dy === 0 ? 'same-year' : dy === 1 ? 'near' : 'conflict';
      }
      if (DOB_RANK[f] > DOB_RANK[best.feature]) best = { feature: f, q, l };
    }
  }
  return best;
}

function cleanCountries(values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    const c = countryCode(v) ?? (/^[a-z]{2}$/i.test(v.trim()) ? v.trim().toLowerCase() : null);
    if (c && !out.includes(c)) out.push(c);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ index

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const round2 = (n: number) => Math.round(n * 100) / 100;

interface QueryName {
  value: string;
  tokens: NameToken[];
  /** Per token: term id -> match, for the terms it reaches. */
  sims: Map<number, TokenMatch>[];
  /** Per token: its weight when it is left unaligned (its own rarity in the list; 1 if the list lacks it). */
  own: number[];
  /** Per token: common in the list as written (then no match of it is distinctive, whatever it matched). */
  ownCommon: boolean[];
}

interface Pair {
  q: number;
  n: number;
  sim: number;
  kind: MatchKind;
}

/** What scoring one candidate name leaves behind (scratch, overwritten by the next). */
interface Scored {
  score: number;
  covQ: number;
  covN: number;
  /** No aligned part is distinctive: every one is common in the list, or an initial. */
  commonOnly: boolean;
}

/** The best name of one entry so far, by entry index (typed arrays, stamped per query). */
interface EntryBest {
  stamp: Uint32Array;
  score: Float64Array;
  nid: Int32Array;
  qn: Int32Array;
  /** Date-of-birth, nationality and gender adjustment, schema compatibility, and the factor (schema, target). */
  adj: Float64Array;
  compat: Uint8Array;
  mult: Float64Array;
  touched: number[];
  epoch: number;
  /**
   * The first final score of each entry seen, the best `limit` of them (a min-heap): a lower bound of the
   * limit-th best result, below which a candidate cannot rank.
   */
  heap: number[];
}

/** Per query word of one query name: the most it adds to either side when aligned, the least it weighs if not. */
interface WordBounds {
  hiQ: Float64Array;
  hiN: Float64Array;
  lo: Float64Array;
}

/** What a query brings to candidate scoring. */
interface QueryContext {
  query: ScreenQuery;
  qDates: string[];
  qNats: string[];
  cutoff: number;
  limit: number;
  /** Entries a query identifier matched (by entry index). */
  ids: Map<number, IdMatch>;
}

function heapPush(h: number[], cap: number, v: number): void {
  if (h.length < cap) {
    h.push(v);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (h[p]! <= h[i]!) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
    return;
  }
  if (v <= h[0]!) return;
  h[0] = v;
  for (let i = 0; ; ) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l]! < h[m]!) m = l;
    if (r < h.length && h[r]! < h[m]!) m = r;
    if (m === i) break;
    [h[m], h[i]] = [h[i]!, h[m]!];
    i = m;
  }
}

/** initialSimilarity, as a token match (the kind says which rule fired). */
function initialMatch(q: NameToken, t: Term, first: string | undefined): TokenMatch | null {
  const sim = initialSimilarity(q, t, first);
  return sim === 0 ? null : { sim, kind: sim === 1 ? 'exact' : 'initial' };
}

export class ListMatcher {
  readonly entries: readonly ListEntry[];
  readonly #names: NameRec[] = [];
  /** Terms by norm, their text, skeleton and trigram keys (shared/search/vocabulary.ts, as the name index). */
  readonly #vocab = new TermVocabulary<Term>();
  readonly #termById: Term[] = [];
  #stamp: Uint32Array;
  #mask: Uint16Array;
  #epoch = 0;
  /** Per query word, the similarity of each term it reaches, by term id (0 elsewhere; reset after each name). */
  readonly #bufs: Float32Array[] = [];
  #best: EntryBest;
  #adjStamps: Uint32Array;
  /**
   * Names flat, for the candidate loop and scoring: from nOff[nid] to nOff[nid + 1] each token's term id, weight
   * and 1 when it is distinctive (neither common nor an initial); the name's total weight.
   */
  #nOff = new Int32Array(0);
  #nTids = new Int32Array(0);
  #nWs = new Float64Array(0);
  #nRare = new Uint8Array(0);
  #nWeight = new Float64Array(0);
  #adjStamp = 0;
  /** Scratch for scoring: similarity matrix, its best pair per query word, used flags. */
  #matrix = new Float64Array(MAX_QUERY_TOKENS * 32);
  readonly #pairN = new Int32Array(MAX_QUERY_TOKENS);
  #usedN = new Uint8Array(32);
  readonly #scored: Scored = { score: 0, covQ: 0, covN: 0, commonOnly: false };
  /** Normalised identifier -> the entries listing it (entry index, identifier index), flat pairs. */
  readonly #ids = new Map<string, number[]>();
  /** Names of entry e are nids entryNames[e] .. entryNames[e + 1] - 1 (names are added in entry order). */
  #entryNames = new Int32Array(1);
  /** Entries an identifier of the current query reached (stamped with the query's epoch). */
  #idStamps: Uint32Array;

  constructor(entries: ListEntry[]) {
    this.entries = entries;
    this.#entryNames = new Int32Array(entries.length + 1);
    entries.forEach((e, i) => {
      this.#entryNames[i] = this.#names.length;
      (e.identifiers ?? []).forEach((id, j) => {
        const k = normaliseIdentifier(id.value);
        if (k.length < MIN_IDENTIFIER) return;
        const at = this.#ids.get(k);
        if (at) at.push(i, j);
        else this.#ids.set(k, [i, j]);
      });
      const seen = new Set<string>();
      for (const name of e.names) {
        const tokens = contentTokens(nameTokens(name.value));
        if (!tokens.length) continue;
        const key = tokens.map((t) => t.norm).join(' ');
        // The same name in two spellings that normalise alike is one candidate, not two.
        if (seen.has(key)) continue;
        seen.add(key);
        this.#addName(i, name, tokens);
      }
    });
    this.#entryNames[entries.length] = this.#names.length;
    // Rarity: entries per term (counted once per entry), then each name's total weight.
    for (const t of this.#termById) {
      t.weight = t.initial ? INITIAL_WEIGHT : rarityWeight(t.df, entries.length);
      t.common = !t.initial && isCommon(t.df, entries.length);
    }
    for (const rec of this.#names) rec.weight = rec.terms.reduce((a, t) => a + t.weight, 0);
    // Very common terms are read only up to TERM_CAP postings when they drive: the names they weigh most in
    // (lightest total weight: "Muhammad Ali" before "Muhammad Ali Zuwayy") first.
    const names = this.#names;
    for (const t of this.#termById) {
      if (t.postings.length > TERM_CAP) t.postings.sort((a, b) => names[a]!.weight - names[b]!.weight || a - b);
    }
    this.#nOff = new Int32Array(names.length + 1);
    for (let i = 0; i < names.length; i++) this.#nOff[i + 1] = this.#nOff[i]! + names[i]!.terms.length;
    const total = this.#nOff[names.length]!;
    this.#nTids = new Int32Array(total);
    this.#nWs = new Float64Array(total);
    this.#nRare = new Uint8Array(total);
    this.#nWeight = Float64Array.from(names, (r) => r.weight);
    names.forEach((r, i) => {
      r.terms.forEach((t, j) => {
        const at = this.#nOff[i]! + j;
        this.#nTids[at] = t.tid;
        this.#nWs[at] = t.weight;
        this.#nRare[at] = t.initial || t.common ? 0 : 1;
      });
    });
    this.#stamp = new Uint32Array(this.#names.length);
    this.#mask = new Uint16Array(this.#names.length);
    const n = entries.length;
    this.#adjStamps = new Uint32Array(n);
    this.#idStamps = new Uint32Array(n);
    this.#best = { stamp: new Uint32Array(n), score: new Float64Array(n), nid: new Int32Array(n), qn: new Int32Array(n), adj: new Float64Array(n), compat: new Uint8Array(n), mult: new Float64Array(n), touched: [], epoch: 0, heap: [] };
  }

  /** Names indexed (after de-duplication of spellings that normalise alike). */
  get nameCount(): number {
    return this.#names.length;
  }

  /** The rarity weight of a (normalised) name part in this list, and how many entries have it (0: none). */
  rarity(word: string): { weight: number; entries: number; common: boolean } {
    const tok = contentTokens(nameTokens(word))[0];
    const t = tok && this.#vocab.get(tok.norm);
    return t ? { weight: t.weight, entries: t.df, common: t.common } : { weight: 1, entries: 0, common: false };
  }

  #addName(entry: number, name: ListName, tokens: NameToken[]): void {
    const nid = this.#names.length;
    const terms: Term[] = [];
    let firsts = '';
    for (const tok of tokens) {
      const t = this.#term(tok);
      if (t.postings[t.postings.length - 1] !== nid) t.postings.push(nid);
      if (t.lastEntry !== entry) {
        t.lastEntry = entry;
        t.df++;
      }
      terms.push(t);
      firsts += tok.raw[0] ?? ' ';
    }
    if (terms.length === 1) terms[0]!.singles.push(nid);
    this.#names.push({ entry, name, terms, texts: tokens.map((t) => t.text), firsts, weight: 0 });
  }

  #term(tok: NameToken): Term {
    const existing = this.#vocab.get(tok.norm);
    if (existing) return existing;
    const t: Term = {
      tid: this.#termById.length,
      norm: tok.norm,
      skeleton: tok.skeleton,
      initial: tok.initial || tok.norm.length === 1,
      postings: [],
      singles: [],
      mark: 0,
      df: 0,
      lastEntry: -1,
      weight: 1,
      common: false,
    };
    if (tok.tail !== undefined) {
      t.tail = tok.tail;
      if (tok.tailSkeleton !== undefined) t.tailSkeleton = tok.tailSkeleton;
    }
    this.#termById.push(t);
    this.#vocab.add(t);
    return t;
  }

  /** Every term query word `q` could match, with its similarity (exact, tail, skeleton, stored initial, typo). */
  #termMatches(q: NameToken): Map<number, TokenMatch> {
    const out = new Map<number, TokenMatch>();
    this.#vocab.lookup(q, (t) => {
      let m = tokenSimilarity(q, t);
      if (m?.kind === 'skeleton' && q.skeleton.length <= SHORT_SKELETON && Math.min(q.norm.length, t.norm.length) <= SHORT_WORD) {
        m = { sim: Math.min(m.sim, SHORT_SKELETON_SIM), kind: 'skeleton' };
      }
      if (m && m.sim >= MIN_TOKEN_SIM) out.set(t.tid, m);
    });
    return out;
  }

  #nextEpoch(): number {
    this.#epoch = (this.#epoch + 1) >>> 0;
    if (this.#epoch === 0) {
      this.#stamp.fill(0);
      this.#epoch = 1;
    }
    return this.#epoch;
  }

  /** Put the term similarities of one query name into the per-word buffers (or take them out again). */
  #load(qn: QueryName, on: boolean): void {
    const size = this.#termById.length;
    for (let i = 0; i < qn.tokens.length; i++) {
      let b = this.#bufs[i];
      if (!b || b.length < size) b = this.#bufs[i] = new Float32Array(Math.max(size, 1));
      for (const [tid, m] of qn.sims[i]!) b[tid] = on ? m.sim : 0;
    }
  }

  /**
   * Candidate names of one query name, each scored; the best per entry kept. A listed name is a candidate when
   * at least two query words (or all of them, or all of its own, if fewer) match one of its words. Every such
   * name contains a match of one of the rarer words, so the query word with the most postings never drives: it
   * is checked on the candidates the others reach (and on the one-word names it could match alone).
   */
  #nameCandidates(qn: QueryName, qi: number, ctx: QueryContext): void {
    const words = qn.tokens.map((t, i) => ({ i, t })).filter((x) => !x.t.initial).map((x) => x.i);
    if (!words.length) return;
    this.#load(qn, true);
    try {
      const touched = this.#reach(qn, words);
      const buckets = this.#buckets(qn, words, touched);
      this.#scoreCandidates(qn, qi, ctx, buckets, this.#wordBounds(qn));
    } finally {
      this.#load(qn, false);
    }
  }

  /**
   * The names the driving words reach (every word but the one with the most postings, each term read up to
   * TERM_CAP postings), and the one-word names the heavy word reaches; each marked with the words that reached it.
   */
  #reach(qn: QueryName, words: readonly number[]): number[] {
    const sized = words
      .map((i) => {
        let size = 0;
        for (const tid of qn.sims[i]!.keys()) size += Math.min(this.#termById[tid]!.postings.length, TERM_CAP);
        return { i, size };
      })
      .sort((a, b) => a.size - b.size || a.i - b.i);
    const heavy = sized.length >= 2 ? sized[sized.length - 1]!.i : -1;
    const drivers = heavy >= 0 ? sized.slice(0, -1) : sized;
    const epoch = this.#nextEpoch();
    const stamp = this.#stamp;
    const mask = this.#mask;
    const touched: number[] = [];
    const visit = (nid: number, bit: number) => {
      if (stamp[nid] !== epoch) {
        stamp[nid] = epoch;
        mask[nid] = 0;
        touched.push(nid);
      }
      mask[nid]! |= bit;
    };
    for (const { i } of drivers) {
      for (const tid of qn.sims[i]!.keys()) {
        const p = this.#termById[tid]!.postings;
        for (let k = 0, n = Math.min(p.length, TERM_CAP); k < n; k++) visit(p[k]!, 1 << i);
      }
    }
    if (heavy >= 0) for (const tid of qn.sims[heavy]!.keys()) for (const nid of this.#termById[tid]!.singles) visit(nid, 1 << heavy);
    return touched;
  }

  /**
   * Bounds: the most and least a query word can weigh (its own weight, or that of a term it reaches). hiQ: the
   * most it adds to the query side (weight x similarity), hiN: to the listed side, lo: the least it weighs
   * unaligned. Initials may stand for anything.
   */
  #wordBounds(qn: QueryName): WordBounds {
    const k = qn.tokens.length;
    const hiQ = new Float64Array(k);
    const hiN = new Float64Array(k);
    const lo = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const own = qn.own[i]!;
      lo[i] = own;
      if (qn.tokens[i]!.initial) {
        hiQ[i] = own;
        hiN[i] = 1;
        continue;
      }
      let maxSim = 0;
      let maxW = own;
      for (const [tid, mt] of qn.sims[i]!) {
        const w = this.#termById[tid]!.weight;
        if (w > maxW) maxW = w;
        if (w < lo[i]!) lo[i] = w;
        if (mt.sim > maxSim) maxSim = mt.sim;
        if (w * mt.sim > hiN[i]!) hiN[i] = w * mt.sim;
      }
      hiQ[i] = maxW * maxSim;
    }
    return { hiQ, hiN, lo };
  }

  /**
   * The names reached, by how many query words they match (exactly: the heavy word was not read, and capped
   * postings may have missed one), leaving out those matching fewer than two (or all, if fewer).
   */
  #buckets(qn: QueryName, words: readonly number[], touched: readonly number[]): number[][] {
    const buckets: number[][] = Array.from({ length: qn.tokens.length + 1 }, () => []);
    const mask = this.#mask;
    const off = this.#nOff;
    const flat = this.#nTids;
    const wordIdx = Int32Array.from(words);
    const wordBufs = words.map((i) => this.#bufs[i]!);
    const need2 = Math.min(2, words.length);
    for (const nid of touched) {
      let m = mask[nid]!;
      const a = off[nid]!;
      const z = off[nid + 1]!;
      for (let w = 0; w < wordIdx.length; w++) {
        const bit = 1 << wordIdx[w]!;
        if (m & bit) continue;
        const buf = wordBufs[w]!;
        for (let j = a; j < z; j++) {
          if (buf[flat[j]!]! > 0) {
            m |= bit;
            break;
          }
        }
      }
      mask[nid] = m;
      let matched = 0;
      for (; m; m &= m - 1) matched++;
      if (matched < Math.min(need2, z - a)) continue;
      buckets[matched]!.push(nid);
    }
    return buckets;
  }

  /**
   * Score the candidates, those matching the most query words first (the strong ones raise the floor early),
   * skipping each whose upper bound cannot reach the cutoff or the `limit`-th result so far.
   */
  #scoreCandidates(qn: QueryName, qi: number, ctx: QueryContext, buckets: readonly number[][], bounds: WordBounds): void {
    const heap = this.#best.heap;
    const mask = this.#mask;
    for (let b = qn.tokens.length; b > 0; b--) {
      for (const nid of buckets[b]!) {
        const ub = this.#upperBound(qn, mask[nid]!, nid, bounds);
        const floor = heap.length < ctx.limit ? ctx.cutoff : Math.max(ctx.cutoff, heap[0]!);
        if (ub + MAX_BONUS + 0.001 < floor) continue;
        const e = this.#names[nid]!.entry;
        // An entry an identifier reached was scored against all its names already.
        if (ctx.ids.has(e)) continue;
        this.#entryAdjust(ctx, e);
        if (this.#finalRaw(e, ub) + 0.001 < floor) continue;
        const s = this.#score(qn, nid, null);
        if (s.score > 0) this.#keepBest(ctx, e, nid, qi, s.score);
      }
    }
  }

  /** Upper bound of a name score: every matched word at its best weight and similarity (initials match anything). */
  #upperBound(qn: QueryName, m: number, nid: number, { hiQ, hiN, lo }: WordBounds): number {
    let inQ = 0;
    let inN = 0;
    let outW = 0;
    for (let i = 0; i < qn.tokens.length; i++) {
      if (qn.tokens[i]!.initial || m & (1 << i)) {
        inQ += hiQ[i]!;
        inN += hiN[i]!;
      } else outW += lo[i]!;
    }
    return (inQ / (inQ + outW) + Math.min(1, inN / this.#nWeight[nid]!)) / 2;
  }

  /** Keep name `nid` as entry e's best when it scores higher (on a tie: the earlier query name, then listed name). */
  #keepBest(ctx: QueryContext, e: number, nid: number, qi: number, score: number): void {
    const best = this.#best;
    if (best.stamp[e] !== best.epoch) {
      best.stamp[e] = best.epoch;
      best.touched.push(e);
      heapPush(best.heap, ctx.limit, this.#final(e, score));
    } else {
      const prev = best.score[e]!;
      if (score < prev || (score === prev && (qi > best.qn[e]! || (qi === best.qn[e]! && nid > best.nid[e]!)))) return;
    }
    best.score[e] = score;
    best.nid[e] = nid;
    best.qn[e] = qi;
  }

  /**
   * Align a query name with listed name `nid` (greedy one-to-one, best pairs first, the rarer part on a tie) from
   * the similarities in the per-word buffers, and score it. Allocates nothing unless `pairs` is given.
   */
  #score(qn: QueryName, nid: number, pairs: Pair[] | null): Scored {
    const rec = this.#names[nid]!;
    const q = qn.tokens;
    const k = q.length;
    const terms = rec.terms;
    const m = terms.length;
    if (this.#matrix.length < k * m) this.#matrix = new Float64Array(k * m * 2);
    if (this.#usedN.length < m) this.#usedN = new Uint8Array(m * 2);
    const mat = this.#matrix;
    const usedN = this.#usedN;
    const pairN = this.#pairN;
    const base = this.#nOff[nid]!;
    const tids = this.#nTids;
    const ws = this.#nWs;
    const rare = this.#nRare;
    for (let i = 0; i < k; i++) {
      const qt = q[i]!;
      const buf = this.#bufs[i]!;
      for (let j = 0; j < m; j++) {
        mat[i * m + j] = qt.initial ? (initialMatch(qt, terms[j]!, rec.firsts[j])?.sim ?? 0) : buf[tids[base + j]!]!;
      }
      pairN[i] = -1;
    }
    usedN.fill(0, 0, m);
    let npairs = 0;
    for (;;) {
      let bi = -1;
      let bj = -1;
      let bs = MIN_TOKEN_SIM - 1e-9;
      let bw = 0;
      for (let i = 0; i < k; i++) {
        if (pairN[i]! >= 0) continue;
        for (let j = 0; j < m; j++) {
          if (usedN[j]) continue;
          const v = mat[i * m + j]!;
          if (v > bs || (v === bs && ws[base + j]! > bw)) {
            bs = v;
            bw = ws[base + j]!;
            bi = i;
            bj = j;
          }
        }
      }
      if (bi < 0) break;
      pairN[bi] = bj;
      usedN[bj] = 1;
      npairs++;
    }
    const out = this.#scored;
    if (!npairs) {
      out.score = 0;
      return out;
    }
    let qW = 0;
    let mQ = 0;
    let mN = 0;
    let distinctive = false;
    for (let i = 0; i < k; i++) {
      const j = pairN[i]!;
      const qt = q[i]!;
      if (j < 0) {
        qW += qn.own[i]!;
        continue;
      }
      const sim = mat[i * m + j]!;
      // An aligned word weighs what it matched in the list weighs; an initial half, whatever it stands for.
      const tInitial = ws[base + j] === INITIAL_WEIGHT && terms[j]!.initial;
      const wq = qt.initial || tInitial ? qn.own[i]! : ws[base + j]!;
      qW += wq;
      mQ += wq * sim;
      mN += ws[base + j]! * sim;
      if (!qt.initial && rare[base + j] && !qn.ownCommon[i]) distinctive = true;
      if (pairs) {
        const t = terms[j]!;
        const match = qt.initial ? initialMatch(qt, t, rec.firsts[j])! : qn.sims[i]!.get(t.tid)!;
        pairs.push({ q: i, n: j, sim, kind: match.kind });
      }
    }
    const covQ = mQ / qW;
    const covN = mN / rec.weight;
    let score = (covQ + covN) / 2;
    if (Math.min(k, m) === 1 && Math.max(k, m) > 1) score *= ONE_WORD_FACTOR;
    if (rec.name.quality === 'low') score *= LOW_QUALITY_FACTOR;
    out.score = score;
    out.covQ = covQ;
    out.covN = covN;
    out.commonOnly = !distinctive;
    return out;
  }

  screen(query: ScreenQuery, opts: ScreenOptions = {}): ScreenResult[] {
    return this.screenCounted(query, opts).results;
  }

  /** `screen`, and how many entries scored at or above the cut-off before `limit` (yente's `total`). */
  screenCounted(query: ScreenQuery, opts: ScreenOptions = {}): { results: ScreenResult[]; total: number } {
    const limit = Math.max(1, Math.min(opts.limit ?? 10, 1000));
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const possible = threshold - POSSIBLE_BAND;
    const cutoff = Math.min(opts.cutoff ?? DEFAULT_CUTOFF, possible);
    const qNames: QueryName[] = [];
    for (const value of [...new Set(query.names.map((n) => n.trim()).filter(Boolean))].slice(0, MAX_QUERY_NAMES)) {
      const tokens = contentTokens(nameTokens(value)).slice(0, MAX_QUERY_TOKENS);
      if (!tokens.length) continue;
      const own = tokens.map((t) => (t.initial ? INITIAL_WEIGHT : (this.#vocab.get(t.norm)?.weight ?? 1)));
      const ownCommon = tokens.map((t) => this.#vocab.get(t.norm)?.common === true);
      qNames.push({ value, tokens, sims: tokens.map((t) => (t.initial ? new Map() : this.#termMatches(t))), own, ownCommon });
    }
    const best = this.#best;
    best.epoch = (best.epoch + 1) >>> 0;
    if (best.epoch === 0) {
      best.stamp.fill(0);
      this.#idStamps.fill(0);
      best.epoch = 1;
    }
    best.touched = [];
    best.heap = [];
    const qDates = cleanDates(query.birthDates);
    const qNats = cleanCountries(query.nationalities);
    this.#adjStamp = best.epoch;
    const ctx: QueryContext = { query, qDates, qNats, cutoff, limit, ids: this.#identifierMatches(query) };
    this.#identifierEntries(qNames, ctx);
    qNames.forEach((qn, i) => this.#nameCandidates(qn, i, ctx));
    // Final scores from the numbers alone; explanations only for the results returned.
    const ranked: { e: number; score: number }[] = [];
    for (const e of best.touched) {
      const score = this.#final(e, best.score[e]!);
      if (score >= cutoff) ranked.push({ e, score });
    }
    ranked.sort((a, b) => b.score - a.score || (this.entries[a.e]!.id < this.entries[b.e]!.id ? -1 : 1));
    const results = ranked.slice(0, limit).map(({ e }) => {
      const qn = qNames[best.qn[e]!];
      const pairs: Pair[] = [];
      let s: Scored = { score: 0, covQ: 0, covN: 0, commonOnly: true };
      if (qn && best.score[e]! > 0) {
        this.#load(qn, true);
        try {
          s = { ...this.#score(qn, best.nid[e]!, pairs) };
        } finally {
          this.#load(qn, false);
        }
      }
      return this.#result(query, e, qn ?? null, best.nid[e]!, s, pairs, ctx, threshold, possible);
    });
    return { results, total: ranked.length };
  }

  /** Entries listing one of the query's identifiers (one map lookup each), with the pair that matched. */
  #identifierMatches(query: ScreenQuery): Map<number, IdMatch> {
    const out = new Map<number, IdMatch>();
    for (const q of (query.identifiers ?? []).slice(0, MAX_QUERY_IDENTIFIERS)) {
      const k = normaliseIdentifier(q.value);
      if (k.length < MIN_IDENTIFIER) continue;
      const at = this.#ids.get(k);
      if (!at) continue;
      for (let x = 0; x < at.length; x += 2) {
        const e = at[x]!;
        const l = this.entries[e]!.identifiers![at[x + 1]!]!;
        if (!identifierKindsCompatible(q.kind, l.kind)) continue;
        const prev = out.get(e);
        // The same kind on both sides explains best.
        if (!prev || (prev.q.kind !== prev.l.kind && q.kind === l.kind)) out.set(e, { q, l });
      }
    }
    return out;
  }

  /**
   * Entries an identifier reached: scored against every one of their names (the best name of the best query
   * name kept, 0 when none is alike), before the name candidates, so their scores raise the floor early.
   */
  #identifierEntries(qNames: QueryName[], ctx: QueryContext): void {
    if (!ctx.ids.size) return;
    const best = this.#best;
    for (const e of ctx.ids.keys()) {
      this.#idStamps[e] = best.epoch;
      best.stamp[e] = best.epoch;
      best.touched.push(e);
      best.score[e] = 0;
      best.nid[e] = this.#entryNames[e]! < this.#entryNames[e + 1]! ? this.#entryNames[e]! : -1;
      best.qn[e] = -1;
      this.#entryAdjust(ctx, e);
    }
    qNames.forEach((qn, qi) => {
      this.#load(qn, true);
      try {
        for (const e of ctx.ids.keys()) {
          for (let nid = this.#entryNames[e]!; nid < this.#entryNames[e + 1]!; nid++) {
            const s = this.#score(qn, nid, null).score;
            if (s > best.score[e]!) {
              best.score[e] = s;
              best.nid[e] = nid;
              best.qn[e] = qi;
            }
          }
        }
      } finally {
        this.#load(qn, false);
      }
    });
    for (const e of ctx.ids.keys()) heapPush(best.heap, ctx.limit, this.#final(e, best.score[e]!));
  }

  /** Entry `e`'s adjustments for this query (computed once per entry and query). */
  #entryAdjust(ctx: QueryContext, e: number): void {
    const best = this.#best;
    if (this.#adjStamps[e] !== this.#adjStamp) {
      this.#adjStamps[e] = this.#adjStamp;
      const f = this.#finalScore(ctx, this.entries[e]!, e, 0);
      best.adj[e] = DOB_ADJUST[f.dob.feature] + NAT_ADJUST[f.nat] + GENDER_ADJUST[f.gender];
      best.compat[e] = f.compatible ? 1 : 0;
      best.mult[e] = (f.compatible ? 1 : SCHEMA_FACTOR) * (f.target ? 1 : NON_TARGET_FACTOR);
    }
  }

  /** The final score of entry `e` for name score `name` (as #finalScore computes it), unrounded. */
  #finalRaw(e: number, name: number): number {
    const best = this.#best;
    const base = this.#idStamps[e] === best.epoch ? Math.max(ID_ALONE, Math.min(1, name + ID_BONUS)) : name;
    return Math.max(0, Math.min(1, base + best.adj[e]!)) * best.mult[e]!;
  }

  #final(e: number, name: number): number {
    return round3(this.#finalRaw(e, name));
  }

  #finalScore(ctx: QueryContext, e: ListEntry, index: number, name: number) {
    const { query, qDates, qNats } = ctx;
    const dob = compareBirthDates(qDates, e.birthDates);
    const shared = qNats.filter((n) => e.nationalities.includes(n));
    const nat: NatFeature = !qNats.length || !e.nationalities.length ? 'unknown' : shared.length ? 'match' : 'conflict';
    const qg = genderOf(query.gender);
    const lg = genderOf(e.gender);
    const gender: GenderFeature = !qg || !lg ? 'unknown' : qg === lg ? 'match' : 'conflict';
    const compatible = schemataCompatible(query.schema, e.schema);
    const target = e.target !== false;
    const id = ctx.ids.get(index);
    const base = id ? Math.max(ID_ALONE, Math.min(1, name + ID_BONUS)) : name;
    let score = Math.max(0, Math.min(1, base + DOB_ADJUST[dob.feature] + NAT_ADJUST[nat] + GENDER_ADJUST[gender]));
    if (!compatible) score *= SCHEMA_FACTOR;
    if (!target) score *= NON_TARGET_FACTOR;
    return { score: round3(score), dob, nat, shared, gender, compatible, target, id };
  }

  #result(query: ScreenQuery, index: number, qn: QueryName | null, nid: number, c: Scored, pairs: Pair[], ctx: QueryContext, threshold: number, possible: number): ScreenResult {
    const { qDates, qNats } = ctx;
    const e = this.entries[index]!;
    // nid is -1 for an entry an identifier reached that has no indexed name (nothing but punctuation).
    const rec = (this.#names[nid] ?? { entry: index, name: e.names[0]!, terms: [], texts: [], firsts: '', weight: 0 }) as NameRec;
    const reasons: ScreenReason[] = [];
    const q = qn?.tokens ?? [];
    const nameLabel = rec.name.kind === 'primary' ? 'listed name' : rec.name.kind === 'original-script' ? 'original-script name' : `${rec.name.former ? 'former name' : 'alias'}${rec.name.quality ? ` (${rec.name.quality} quality)` : ''}`;
    if (qn && pairs.length) {
      const pairText = pairs.map((p) => `${q[p.q]!.text} = ${rec.texts[p.n]} (${p.kind}${p.kind === 'exact' ? '' : ` ${p.sim.toFixed(2)}`})`).join(', ');
      reasons.push({
        feature: 'name',
        score: round3(c.score),
        detail: `name: "${qn.value}" ~ ${nameLabel} "${rec.name.value}": ${pairText}; covers ${Math.round(c.covQ * 100)}% of the query name and ${Math.round(c.covN * 100)}% of the listed name → ${c.score.toFixed(2)}`,
        query: qn.value,
        candidate: rec.name.value,
      });
    } else {
      const listed = e.names[0]!.value;
      reasons.push({
        feature: 'name',
        score: 0,
        detail: query.names.length ? `name: no part of "${query.names[0]}" is alike any listed name (listed as "${listed}") → 0.00` : `name: the query has no name (listed as "${listed}") → 0.00`,
        ...(query.names[0] ? { query: query.names[0] } : {}),
        candidate: listed,
      });
    }
    // Rarity of the aligned parts (only those that weigh less than a rare part).
    const n = this.entries.length.toLocaleString('en-US');
    const weighed = pairs.filter((p) => !rec.terms[p.n]!.initial && !q[p.q]!.initial);
    const light = weighed.filter((p) => rec.terms[p.n]!.weight < 1);
    if (light.length) {
      const parts = light.map((p) => {
        const t = rec.terms[p.n]!;
        return `'${q[p.q]!.text.toLowerCase()}' is ${t.common ? 'common' : 'frequent'} in this list (${t.df.toLocaleString('en-US')} of ${n} entries) → weight ${t.weight.toFixed(2)}`;
      });
      const rare = weighed.length - light.length;
      const mean = weighed.reduce((a, p) => a + rec.terms[p.n]!.weight, 0) / weighed.length;
      reasons.push({ feature: 'rarity', score: round3(mean), detail: `rarity: ${parts.join('; ')}${rare ? `; ${rare === 1 ? 'the other part is' : `the other ${rare} parts are`} rare → weight 1` : ''}` });
    }
    const f = this.#finalScore(ctx, e, index, c.score);
    const { dob, nat, shared, gender, compatible, target, id } = f;
    if (id) {
      const as = id.q.value !== id.l.value ? ` as "${id.l.value}"` : '';
      const kind = id.q.kind === id.l.kind ? KIND_LABEL[id.l.kind] : `${KIND_LABEL[id.q.kind]} (listed as ${KIND_LABEL[id.l.kind]})`;
      const meta = [id.l.country ? `country ${id.l.country.toUpperCase()}` : '', id.l.note ?? ''].filter(Boolean).join('; ');
      reasons.push({
        feature: 'identifier',
        score: 1,
        detail: `identifier: ${kind} ${id.q.value} is listed${as}${meta ? ` (${meta})` : ''} → name score +${ID_BONUS.toFixed(2)}, at least ${ID_ALONE.toFixed(2)} whatever the names`,
        query: id.q.value,
        candidate: id.l.value,
      });
    }
    const dobAdj = DOB_ADJUST[dob.feature];
    const dobWhy: Record<DobFeature, string> = {
      exact: `date of birth ${dob.q} is the listed date`,
      partial: `date of birth ${dob.q} is consistent with the listed ${dob.l}`,
      'same-year': `date of birth ${dob.q} is in the same year as the listed ${dob.l}, another day`,
      near: `date of birth ${dob.q} is a year from the listed ${dob.l} (lists approximate)`,
      conflict: `date of birth ${qDates.join(', ')} conflicts with the listed ${e.birthDates.join(', ')}`,
      unknown: qDates.length ? 'no date of birth listed' : 'no date of birth in the query',
    };
    reasons.push({ feature: 'birth_date', score: dobAdj, detail: `${dobWhy[dob.feature]}${dobAdj ? ` → ${dobAdj > 0 ? '+' : ''}${dobAdj.toFixed(2)}` : ''}` });
    const natAdj = NAT_ADJUST[nat];
    reasons.push({
      feature: 'nationality',
      score: natAdj,
      detail:
        nat === 'match'
          ? `nationality ${shared.join(', ')} is listed → +${natAdj.toFixed(2)}`
          : nat === 'conflict'
            ? `nationality ${qNats.join(', ')} differs from the listed ${e.nationalities.join(', ')} → ${natAdj.toFixed(2)}`
            : qNats.length
              ? 'no nationality listed'
              : 'no nationality in the query',
    });
    const genderAdj = GENDER_ADJUST[gender];
    if (gender !== 'unknown') {
      reasons.push({
        feature: 'gender',
        score: genderAdj,
        detail: gender === 'match' ? `gender ${e.gender} is the listed gender` : `gender ${query.gender} differs from the listed ${e.gender} → ${genderAdj.toFixed(2)}, never a match`,
      });
    }
    if (!target) {
      reasons.push({
        feature: 'target',
        score: NON_TARGET_FACTOR,
        detail: `listed only as context, not as a sanctions target (FtM target: false — a relative, associate or owned asset of a listed party) → ×${NON_TARGET_FACTOR}, never a match`,
      });
    }
    if (!compatible) reasons.push({ feature: 'schema', score: SCHEMA_FACTOR, detail: `schema ${query.schema} cannot be a ${e.schema} → ×${SCHEMA_FACTOR}, never a match` });
    const score = f.score;
    let verdict: ScreenResult['verdict'] = score >= threshold ? 'match' : score >= possible ? 'possible' : 'none';
    const caps: string[] = [];
    if (!compatible) caps.push('the schemata are incompatible');
    if (dob.feature === 'conflict') caps.push(nat === 'conflict' ? 'date of birth and nationality both conflict' : 'the date of birth conflicts');
    if (gender === 'conflict') caps.push('the gender differs');
    if (!target) caps.push('the entry is not a sanctions target');
    const supported = dob.feature === 'exact' || dob.feature === 'partial' || nat === 'match' || id !== undefined;
    if (c.commonOnly && !supported) {
      const common = weighed.filter((p) => rec.terms[p.n]!.common || qn!.ownCommon[p.q]).map((p) => `'${q[p.q]!.text.toLowerCase()}'`);
      caps.push(`only ${common.length ? `common name parts (${common.join(', ')})` : 'initials'} match and no date of birth, nationality or identifier supports them`);
    }
    if (verdict === 'match' && caps.length) {
      verdict = 'possible';
      reasons.push({ feature: 'verdict', score, detail: `verdict: possible, not a match, because ${caps.join(' and ')} (score ${score.toFixed(2)})` });
    } else {
      reasons.push({ feature: 'verdict', score, detail: `verdict: ${verdict} (score ${score.toFixed(2)}; match from ${threshold.toFixed(2)}, possible from ${possible.toFixed(2)})` });
    }
    return {
      id: e.id,
      caption: e.caption,
      schema: e.schema,
      score,
      verdict,
      features: {
        name: round3(c.score),
        nameQueryCoverage: round3(c.covQ),
        nameListCoverage: round3(c.covN),
        nameMatched: qn && pairs.length ? rec.name.value : '',
        nameKind: rec.name.kind,
        ...(rec.name.quality ? { nameQuality: rec.name.quality } : {}),
        queryName: qn?.value ?? '',
        nameWeights: weighed.map((p) => `${q[p.q]!.text.toLowerCase()} ${round2(rec.terms[p.n]!.weight)}`).join(', '),
        nameCommonOnly: c.commonOnly ? 'yes' : 'no',
        identifier: id ? 'match' : 'none',
        ...(id ? { identifierKind: id.l.kind, identifierMatched: id.l.value } : {}),
        dob: dob.feature,
        dobAdjust: dobAdj,
        nationality: nat,
        nationalityAdjust: natAdj,
        gender,
        genderAdjust: genderAdj,
        target: target ? 'yes' : 'no',
        schema: compatible ? 'compatible' : 'incompatible',
      },
      explanation: reasons.map((r) => r.detail),
      reasons,
    };
  }
}
