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
 * typos), as shared/search/name-index.ts keeps. Each query word looks up the terms it could match; a listed
 * name is a candidate when at least two query words (or all of them, or all of its own, if fewer) match one of
 * its words. Only candidates are aligned, so the cost follows the few names that share words with the query.
 *
 * Score = name score + date-of-birth and nationality adjustments, scaled down for an incompatible schema:
 *   name         the mean of how much of the query name and how much of the listed name the aligned words
 *                cover, weighted by their similarity (a two-word query inside a four-part listed name is a
 *                "possible", not a "match", until a date or nationality supports it); one word against several
 *                ×0.85; a low-quality alias ×0.92. A skeleton-only match of a short two-consonant word (Omar /
 *                Amar / Amir) counts at most 0.75: too many names share it.
 *   birth date   same day +0.08, consistent partial date (1988 / 1988-05-07) +0.05, same year 0, a year apart 0
 *                (lists approximate), further apart −0.15 and never a "match".
 *   nationality  shared +0.04, disjoint −0.10 (never a "match" together with a conflicting birth date).
 *   schema       Person against Organization, Company or Vessel (and so on) ×0.6, never a "match".
 */
import { contentTokens, nameTokens, type NameToken } from '../../../shared/search/normalise';
import { alignTokens, maxEdits, MIN_TOKEN_SIM, tokenSimilarity, type MatchKind, type TokenLike, type TokenMatch } from '../../../shared/search/similarity';
import { countryCode } from './countries';
import type { ListEntry, ListName } from './list-model';

export interface ScreenQuery {
  id: string;
  schema: string;
  names: string[];
  birthDates?: string[];
  nationalities?: string[];
}

export interface ScreenResult {
  id: string;
  caption: string;
  schema: string;
  score: number;
  verdict: 'match' | 'possible' | 'none';
  features: Record<string, number | string>;
  explanation: string[];
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
const MAX_QUERY_NAMES = 20;
const MAX_QUERY_TOKENS = 8;
/** Typo lookups stop after this many keys. */
const KEY_BUDGET = 2_000;

type DobFeature = keyof typeof DOB_ADJUST;
type NatFeature = keyof typeof NAT_ADJUST;

interface Term extends TokenLike {
  tid: number;
  norm: string;
  skeleton: string;
  initial: boolean;
  postings: number[];
  mark: number;
}

interface NameRec {
  entry: number;
  name: ListName;
  terms: Term[];
  /** Each token as written (explanations) and its first letter after transliteration (initials). */
  texts: string[];
  firsts: string;
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

function trigramsOf(key: string): string[] {
  const s = `^${key}$`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3));
  return out;
}

function bagAdd<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const weight = (t: { initial: boolean }) => (t.initial ? 0.5 : 1);

interface QueryName {
  value: string;
  tokens: NameToken[];
  /** Per token: term id -> match, for the terms it reaches. */
  sims: Map<number, TokenMatch>[];
}

interface NameCandidate {
  nameId: number;
  queryName: QueryName;
  score: number;
  covQ: number;
  covN: number;
  pairs: { q: number; n: number; sim: number; kind: MatchKind }[];
}

export class ListMatcher {
  readonly entries: readonly ListEntry[];
  readonly #names: NameRec[] = [];
  readonly #terms = new Map<string, Term>();
  readonly #termById: Term[] = [];
  readonly #textKeys = new Map<string, Term[]>();
  readonly #skelKeys = new Map<string, Term[]>();
  readonly #keyList: string[] = [];
  readonly #keyId = new Map<string, number>();
  /** Trigram -> key ids, per key length. */
  readonly #trigrams: Map<string, number[]>[] = [];
  #gramCounts = new Uint16Array(0);
  #mark = 0;
  #stamp: Uint32Array;
  #mask: Uint16Array;
  #epoch = 0;

  constructor(entries: ListEntry[]) {
    this.entries = entries;
    entries.forEach((e, i) => {
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
    this.#stamp = new Uint32Array(this.#names.length);
    this.#mask = new Uint16Array(this.#names.length);
  }

  /** Names indexed (after de-duplication of spellings that normalise alike). */
  get nameCount(): number {
    return this.#names.length;
  }

  #addName(entry: number, name: ListName, tokens: NameToken[]): void {
    const nid = this.#names.length;
    const terms: Term[] = [];
    let firsts = '';
    for (const tok of tokens) {
      const t = this.#term(tok);
      if (t.postings[t.postings.length - 1] !== nid) t.postings.push(nid);
      terms.push(t);
      firsts += tok.raw[0] ?? ' ';
    }
    this.#names.push({ entry, name, terms, texts: tokens.map((t) => t.text), firsts });
  }

  #term(tok: NameToken): Term {
    const existing = this.#terms.get(tok.norm);
    if (existing) return existing;
    const t: Term = { tid: this.#termById.length, norm: tok.norm, skeleton: tok.skeleton, initial: tok.initial || tok.norm.length === 1, postings: [], mark: 0 };
    if (tok.tail !== undefined) {
      t.tail = tok.tail;
      if (tok.tailSkeleton !== undefined) t.tailSkeleton = tok.tailSkeleton;
    }
    this.#terms.set(t.norm, t);
    this.#termById.push(t);
    this.#addTextKey(t.norm, t);
    if (t.tail !== undefined) this.#addTextKey(t.tail, t);
    if (t.skeleton) bagAdd(this.#skelKeys, t.skeleton, t);
    if (t.tailSkeleton) bagAdd(this.#skelKeys, t.tailSkeleton, t);
    return t;
  }

  #addTextKey(key: string, t: Term): void {
    const existing = this.#textKeys.get(key);
    if (existing) {
      if (!existing.includes(t)) existing.push(t);
      return;
    }
    this.#textKeys.set(key, [t]);
    const kid = this.#keyList.length;
    this.#keyList.push(key);
    this.#keyId.set(key, kid);
    if (key.length >= 3) {
      const byGram = (this.#trigrams[key.length] ??= new Map());
      for (const g of trigramsOf(key)) bagAdd(byGram, g, kid);
    }
  }

  /** Every term query word `q` could match, with its similarity (exact, tail, skeleton, stored initial, typo). */
  #termMatches(q: NameToken): Map<number, TokenMatch> {
    const out = new Map<number, TokenMatch>();
    const mark = ++this.#mark;
    const consider = (t: Term) => {
      if (t.mark === mark) return;
      t.mark = mark;
      let m = tokenSimilarity(q, t);
      if (m?.kind === 'skeleton' && q.skeleton.length <= SHORT_SKELETON && Math.min(q.norm.length, t.norm.length) <= SHORT_WORD) {
        m = { sim: Math.min(m.sim, SHORT_SKELETON_SIM), kind: 'skeleton' };
      }
      if (m && m.sim >= MIN_TOKEN_SIM) out.set(t.tid, m);
    };
    const fromText = (k: string | undefined) => {
      if (k !== undefined) for (const t of this.#textKeys.get(k) ?? []) consider(t);
    };
    const fromSkel = (k: string | undefined) => {
      if (k) for (const t of this.#skelKeys.get(k) ?? []) consider(t);
    };
    fromText(q.norm);
    fromText(q.tail);
    fromSkel(q.skeleton);
    fromSkel(q.tailSkeleton);
    const stored = this.#terms.get(q.norm[0] ?? '');
    if (stored?.initial) consider(stored);
    const edits = maxEdits(q.norm.length);
    // Typos only for words the list does not have as written: keys of about the same length sharing enough
    // trigrams (one edit changes at most three, a transposition four).
    if (edits > 0 && !this.#textKeys.has(q.norm)) {
      const grams = trigramsOf(q.norm);
      const need = Math.max(1, grams.length - 4 * edits);
      if (this.#gramCounts.length < this.#keyList.length) this.#gramCounts = new Uint16Array(this.#keyList.length);
      const counts = this.#gramCounts;
      const touched: number[] = [];
      const len = q.norm.length;
      for (const g of grams) {
        for (let l = len - edits; l <= len + edits; l++) {
          for (const kid of this.#trigrams[l]?.get(g) ?? []) {
            if (counts[kid] === 0) touched.push(kid);
            counts[kid]!++;
          }
        }
      }
      let n = 0;
      for (const kid of touched) {
        if (counts[kid]! >= need && n++ < KEY_BUDGET) fromText(this.#keyList[kid]);
        counts[kid] = 0;
      }
    }
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

  /** Candidate names of one query name, each aligned and scored. */
  #nameCandidates(qn: QueryName, out: NameCandidate[]): void {
    const words = qn.tokens.map((t, i) => ({ t, i })).filter((x) => !x.t.initial);
    if (!words.length) return;
    const epoch = this.#nextEpoch();
    const stamp = this.#stamp;
    const mask = this.#mask;
    const touched: number[] = [];
    for (const { i } of words) {
      for (const tid of qn.sims[i]!.keys()) {
        for (const nid of this.#termById[tid]!.postings) {
          if (stamp[nid] !== epoch) {
            stamp[nid] = epoch;
            mask[nid] = 0;
            touched.push(nid);
          }
          mask[nid]! |= 1 << i;
        }
      }
    }
    for (const nid of touched) {
      const rec = this.#names[nid]!;
      let matched = 0;
      for (let m = mask[nid]!; m; m &= m - 1) matched++;
      if (matched < Math.min(2, words.length, rec.terms.length)) continue;
      const c = this.#align(qn, nid);
      if (c) out.push(c);
    }
  }

  #align(qn: QueryName, nid: number): NameCandidate | null {
    const rec = this.#names[nid]!;
    const q = qn.tokens;
    const sim = (i: number, j: number): TokenMatch | null => {
      const qt = q[i]!;
      const t = rec.terms[j]!;
      if (qt.initial) {
        if (qt.norm === t.norm) return { sim: 1, kind: 'exact' };
        if (t.initial) return null;
        return t.norm[0] === qt.norm || t.tail?.[0] === qt.norm || rec.firsts[j] === qt.norm ? { sim: 0.7, kind: 'initial' } : null;
      }
      return qn.sims[i]!.get(t.tid) ?? null;
    };
    const a = alignTokens(q, rec.terms, { sim });
    if (!a.pairs.length) return null;
    let qW = 0;
    let nW = 0;
    let mQ = 0;
    let mN = 0;
    for (const t of q) qW += weight(t);
    for (const t of rec.terms) nW += weight(t);
    for (const p of a.pairs) {
      mQ += weight(q[p.q]!) * p.sim;
      mN += weight(rec.terms[p.n]!) * p.sim;
    }
    const covQ = mQ / qW;
    const covN = mN / nW;
    let score = (covQ + covN) / 2;
    if (Math.min(q.length, rec.terms.length) === 1 && Math.max(q.length, rec.terms.length) > 1) score *= ONE_WORD_FACTOR;
    if (rec.name.quality === 'low') score *= LOW_QUALITY_FACTOR;
    return { nameId: nid, queryName: qn, score, covQ, covN, pairs: a.pairs };
  }

  screen(query: ScreenQuery, opts: ScreenOptions = {}): ScreenResult[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 10, 1000));
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const possible = threshold - POSSIBLE_BAND;
    const cutoff = Math.min(opts.cutoff ?? DEFAULT_CUTOFF, possible);
    const qNames: QueryName[] = [];
    for (const value of [...new Set(query.names.map((n) => n.trim()).filter(Boolean))].slice(0, MAX_QUERY_NAMES)) {
      const tokens = contentTokens(nameTokens(value)).slice(0, MAX_QUERY_TOKENS);
      if (tokens.length) qNames.push({ value, tokens, sims: tokens.map((t) => (t.initial ? new Map() : this.#termMatches(t))) });
    }
    const cands: NameCandidate[] = [];
    for (const qn of qNames) this.#nameCandidates(qn, cands);
    // Best name per entry.
    const best = new Map<number, NameCandidate>();
    for (const c of cands) {
      const e = this.#names[c.nameId]!.entry;
      const prev = best.get(e);
      if (!prev || c.score > prev.score) best.set(e, c);
    }
    const qDates = cleanDates(query.birthDates);
    const qNats = cleanCountries(query.nationalities);
    const results: ScreenResult[] = [];
    for (const [ei, c] of best) {
      const r = this.#result(query, this.entries[ei]!, c, qDates, qNats, threshold, possible);
      if (r.score >= cutoff) results.push(r);
    }
    results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return results.slice(0, limit);
  }

  #result(query: ScreenQuery, e: ListEntry, c: NameCandidate, qDates: string[], qNats: string[], threshold: number, possible: number): ScreenResult {
    const rec = this.#names[c.nameId]!;
    const explanation: string[] = [];
    const q = c.queryName.tokens;
    const pairText = c.pairs.map((p) => `${q[p.q]!.text} = ${rec.texts[p.n]} (${p.kind}${p.kind === 'exact' ? '' : ` ${p.sim.toFixed(2)}`})`).join(', ');
    const nameLabel = rec.name.kind === 'primary' ? 'listed name' : rec.name.kind === 'original-script' ? 'original-script name' : `${rec.name.former ? 'former name' : 'alias'}${rec.name.quality ? ` (${rec.name.quality} quality)` : ''}`;
    explanation.push(
      `name: "${c.queryName.value}" ~ ${nameLabel} "${rec.name.value}": ${pairText}; covers ${Math.round(c.covQ * 100)}% of the query name and ${Math.round(c.covN * 100)}% of the listed name → ${c.score.toFixed(2)}`,
    );
    const dob = compareBirthDates(qDates, e.birthDates);
    const dobAdj = DOB_ADJUST[dob.feature];
    const dobWhy: Record<DobFeature, string> = {
      exact: `date of birth ${dob.q} is the listed date`,
      partial: `date of birth ${dob.q} is consistent with the listed ${dob.l}`,
      'same-year': `date of birth ${dob.q} is in the same year as the listed ${dob.l}, another day`,
      near: `date of birth ${dob.q} is a year from the listed ${dob.l} (lists approximate)`,
      conflict: `date of birth ${qDates.join(', ')} conflicts with the listed ${e.birthDates.join(', ')}`,
      unknown: qDates.length ? 'no date of birth listed' : 'no date of birth in the query',
    };
    explanation.push(`${dobWhy[dob.feature]}${dobAdj ? ` → ${dobAdj > 0 ? '+' : ''}${dobAdj.toFixed(2)}` : ''}`);
    const shared = qNats.filter((n) => e.nationalities.includes(n));
    const nat: NatFeature = !qNats.length || !e.nationalities.length ? 'unknown' : shared.length ? 'match' : 'conflict';
    const natAdj = NAT_ADJUST[nat];
    explanation.push(
      nat === 'match'
        ? `nationality ${shared.join(', ')} is listed → +${natAdj.toFixed(2)}`
        : nat === 'conflict'
          ? `nationality ${qNats.join(', ')} differs from the listed ${e.nationalities.join(', ')} → ${natAdj.toFixed(2)}`
          : qNats.length
            ? 'no nationality listed'
            : 'no nationality in the query',
    );
    const compatible = schemataCompatible(query.schema, e.schema);
    let score = Math.max(0, Math.min(1, c.score + dobAdj + natAdj));
    if (!compatible) {
      score *= SCHEMA_FACTOR;
      explanation.push(`schema ${query.schema} cannot be a ${e.schema} → ×${SCHEMA_FACTOR}, never a match`);
    }
    score = round3(score);
    let verdict: ScreenResult['verdict'] = score >= threshold ? 'match' : score >= possible ? 'possible' : 'none';
    const caps: string[] = [];
    if (!compatible) caps.push('the schemata are incompatible');
    if (dob.feature === 'conflict') caps.push(nat === 'conflict' ? 'date of birth and nationality both conflict' : 'the date of birth conflicts');
    if (verdict === 'match' && caps.length) {
      verdict = 'possible';
      explanation.push(`verdict: possible, not a match, because ${caps.join(' and ')} (score ${score.toFixed(2)})`);
    } else {
      explanation.push(`verdict: ${verdict} (score ${score.toFixed(2)}; match from ${threshold.toFixed(2)}, possible from ${possible.toFixed(2)})`);
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
        nameMatched: rec.name.value,
        nameKind: rec.name.kind,
        ...(rec.name.quality ? { nameQuality: rec.name.quality } : {}),
        queryName: c.queryName.value,
        dob: dob.feature,
        dobAdjust: dobAdj,
        nationality: nat,
        nationalityAdjust: natAdj,
        schema: compatible ? 'compatible' : 'incompatible',
      },
      explanation,
    };
  }
}
