/**
 * Full-text index over everything in a case (issue 14): evidence text, statements, claims, notes, sources,
 * events and entity names. Pure TypeScript (no Node, no DOM): the full-text worker holds one
 * (main/core/search/fulltext-worker.ts), the CLI builds one in process.
 *
 *  tokens    runs of letters, digits and combining marks, found by one pass over the char codes with a lookup
 *            table per code unit (the same runs as /[\p{L}\p{N}\p{M}]+/u, without a match object per token),
 *            folded: NFKD, marks dropped, lower case (normalise.ts foldLatin), then Arabic variants (ٱ -> ا,
 *            ى -> ي, ة -> ه, tatweel dropped; أ إ آ lose their hamza/madda with the other marks, as do the
 *            harakat). Each distinct raw token is folded once per index (raw token -> term id).
 *  terms     numbered; per-term df / last doc / posting length live in Int32Arrays indexed by the number.
 *  postings  per term one growable byte buffer of varints (doc delta, term frequency): ~2 bytes a posting.
 *  forward   per doc its term numbers in order, varint-coded in one shared buffer (~1.3 bytes a token, frequent
 *            terms get the small numbers). Phrases are checked on it for the docs that have every term of
 *            the phrase, so no per-term position lists are built (they were most of the build time).
 *  names     entity names also go through the name normaliser (normalise.ts nameTokens): their norms are indexed
 *            as extra terms (NAME_MARK + norm), and every query word looks them up too, so "Mohammed" finds
 *            "Muhammad", and a romanisation finds the Arabic-script name, as name search does.
 *  queries   words (all must match), "a phrase" (forward index), pref* (a range of the sorted term list), ~fuzzy
 *            (terms within 1 or 2 edits, by length: a Levenshtein walk over the sorted term list as a trie,
 *            sharing rows between neighbours and skipping every term under a prefix already too far);
 *            BM25 scoring into typed arrays; filters by case, kind, date, source grade; snippets for the
 *            returned hits only.
 *  snippets  cut from the stored text around the densest cluster of matches (at most ~200 characters), with
 *            [start, end) highlight offsets into the snippet.
 *
 * A document is one searchable unit: an entity, an evidence item's title and notes, one page of its text, a
 * statement … Units belong to an item (what a hit names: the entity, the evidence item …) and are replaced per
 * source record (`key`). Removal leaves a tombstone; the index compacts itself when the dead outnumber the live.
 */
import { foldLatin, nameTokens } from './normalise';

export const FULLTEXT_KINDS = ['entity', 'evidence', 'statement', 'claim', 'note', 'source', 'event'] as const;
export type FullTextKind = (typeof FULLTEXT_KINDS)[number];
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'ungraded';

/** What a hit shows and what the filters test, shared by every unit of an item. */
export interface ItemMeta {
  id: string;
  kind: FullTextKind;
  caseId: string;
  title: string;
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD) of the item itself. */
  date?: string | undefined;
  grade?: Grade | undefined;
  entityKind?: string | undefined;
}

export interface TextUnit {
  /** The item (ItemMeta.id) a hit on this unit names. */
  item: string;
  text: string;
  /** Evidence text: the page (1-based). */
  page?: number | undefined;
  /** Names to index through the name normaliser as well (entities). */
  names?: readonly string[] | undefined;
}

export interface FullTextQuery {
  text: string;
  caseId?: string | undefined;
  kinds?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  grades?: readonly string[] | undefined;
  limit?: number | undefined;
}

export interface FullTextHit {
  kind: FullTextKind;
  id: string;
  caseId: string;
  title: string;
  snippet: string;
  highlights: [number, number][];
  score: number;
  page?: number;
  entityKind?: string;
  date?: string;
}

export interface FullTextResult {
  hits: FullTextHit[];
  counts: Record<FullTextKind, number>;
}

/** Prefix of the name-norm terms (never produced by the tokeniser, which keeps letters and digits only). */
export const NAME_MARK = '\u0001';
/** Inside a name term: the rest is a consonant skeleton, not a norm. */
const SKELETON_MARK = '\u0002';
const MAX_TOKEN = 64;
const SNIPPET = 200;
/** A prefix or fuzzy clause expands to at most this many terms (the most frequent win). */
const MAX_EXPANSIONS = 256;

// ------------------------------------------------------------------------------------------- folding

const ARABIC_FOLD: Record<string, string> = { 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ـ': '' };
const ARABIC_FOLDED = /[ٱىةـ]/g;
const foldCache = new Map<string, string>();

function computeFold(token: string): string {
  if (/^[a-z0-9]+$/.test(token)) return token;
  if (/^[A-Za-z0-9]+$/.test(token)) return token.toLowerCase();
  // foldLatin: NFKD (presentation forms, أ إ آ -> ا + mark), combining marks dropped (accents, harakat, hamza), lower case.
  return foldLatin(token).replace(ARABIC_FOLDED, (c) => ARABIC_FOLD[c]!);
}

/** The indexed form of one token (see the header); '' when nothing is left of it. */
export function foldToken(token: string): string {
  let f = foldCache.get(token);
  if (f === undefined) {
    f = computeFold(token);
    if (foldCache.size > 200_000) foldCache.clear();
    foldCache.set(token, f);
  }
  return f;
}

// ------------------------------------------------------------------------------------------ scanning

/** Per UTF-16 code unit: 0 not yet known, 1 a letter/digit/mark, 2 not, 3 a surrogate (decided per pair). */
const UNIT_CLASS = new Uint8Array(65536);
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const astral = new Map<number, boolean>();
for (let c = 0; c < 128; c++) UNIT_CLASS[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 2;

/** Code units taken by the word character at `i` (1 or 2), or 0 when it is not one. */
function wordWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  let k = UNIT_CLASS[c]!;
  if (k === 0) {
    k = c >= 0xd800 && c <= 0xdfff ? 3 : WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    UNIT_CLASS[c] = k;
  }
  if (k !== 3) return k === 1 ? 1 : 0;
  // A surrogate: a word character only as a high + low pair whose code point is one (as the /u regex sees it).
  if (c > 0xdbff || i + 1 >= text.length) return 0;
  const lo = text.charCodeAt(i + 1);
  if (lo < 0xdc00 || lo > 0xdfff) return 0;
  const cp = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
  let w = astral.get(cp);
  if (w === undefined) {
    w = WORD_CHAR.test(String.fromCodePoint(cp));
    astral.set(cp, w);
  }
  return w ? 2 : 0;
}

/**
 * Calls `fn(start, end)` for every run of word characters in `text` (the runs /[\p{L}\p{N}\p{M}]+/gu finds), in
 * order. One pass over the char codes; ASCII letters and digits never leave the table.
 */
export function scanWords(text: string, fn: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let w = c < 128 ? (UNIT_CLASS[c] === 1 ? 1 : 0) : wordWidth(text, i);
    if (!w) {
      i++;
      continue;
    }
    const start = i;
    i += w;
    while (i < n) {
      const d = text.charCodeAt(i);
      w = d < 128 ? (UNIT_CLASS[d] === 1 ? 1 : 0) : wordWidth(text, i);
      if (!w) break;
      i += w;
    }
    fn(start, i);
  }
}

export interface Token {
  term: string;
  start: number;
  end: number;
}

/** Tokens of a text with their [start, end) offsets; tokens that fold to nothing or are too long are skipped. */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  scanWords(text, (start, end) => {
    if (end - start > MAX_TOKEN) return;
    const term = foldToken(text.slice(start, end));
    if (term) out.push({ term, start, end });
  });
  return out;
}

/** The folded terms of a text, in order (what queries need). */
export function terms(text: string): string[] {
  const out: string[] = [];
  scanWords(text, (start, end) => {
    if (end - start > MAX_TOKEN) return;
    const term = foldToken(text.slice(start, end));
    if (term) out.push(term);
  });
  return out;
}

/**
 * Name-normaliser keys of a name or a query word: each token's norm ("Mohammed" and "Muhammad" share one) and,
 * marked with SKELETON_MARK, its consonant skeleton (what Arabic script without short vowels shares with a
 * romanisation: "عبد الرحمن" and "Abdulrahman").
 */
export function nameNorms(text: string): string[] {
  const out = new Set<string>();
  for (const t of nameTokens(text)) {
    if (t.particle || !t.norm) continue;
    out.add(t.norm);
    if (t.skeleton) out.add(SKELETON_MARK + t.skeleton);
  }
  return [...out];
}

// ------------------------------------------------------------------------------------------ buffers

function grownInt32(a: Int32Array, need: number, fill = 0): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  if (fill) b.fill(fill, a.length);
  return b;
}

function grownBytes(a: Uint8Array, used: number, need: number): Uint8Array {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length * 2, 16));
  b.set(a.subarray(0, used));
  return b;
}

/** Write a varint at `at`; returns the offset after it (the buffer has room for 5 bytes). */
function putVar(buf: Uint8Array, at: number, v: number): number {
  while (v >= 0x80) {
    buf[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[at++] = v;
  return at;
}

/** A decoding cursor shared by the readers below (one varint at a time, no allocation). */
let cur = 0;
function getVar(buf: Uint8Array): number {
  let b = buf[cur++]!;
  if (b < 0x80) return b;
  let v = b & 0x7f;
  let shift = 7;
  do {
    b = buf[cur++]!;
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return v;
}

const EMPTY = new Uint8Array(0);

/** Bytes putVar takes for v. */
function varSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

interface Doc {
  item: string;
  /** Number of the item (per index) for the filters' per-query cache. */
  itemNo: number;
  key: string;
  text: string;
  page: number | undefined;
  /** Text tokens (name terms not counted). */
  len: number;
  /** Units with names: the name norms in them, for highlighting name matches. */
  names: boolean;
  /** Name terms (NAME_MARK + norm) of the unit: postings, not in the forward index. */
  nameIds: number[] | null;
}

// --------------------------------------------------------------------------------------------- query

type Clause =
  | { type: 'word'; terms: string[]; raw: string }
  | { type: 'prefix'; prefix: string; before: string[] }
  | { type: 'fuzzy'; term: string }
  | { type: 'phrase'; terms: string[] };

/** Parse the query syntax: words, "a phrase", pref*, ~fuzzy. An unclosed quote runs to the end. */
export function parseQuery(text: string): Clause[] {
  const out: Clause[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) {
      const t = terms(m[1]);
      if (t.length === 1) out.push({ type: 'word', terms: t, raw: m[1] });
      else if (t.length > 1) out.push({ type: 'phrase', terms: t });
      continue;
    }
    const w = m[2]!;
    if (w.startsWith('~') && w.length > 1) {
      const t = terms(w.slice(1));
      if (t.length === 1) out.push({ type: 'fuzzy', term: t[0]! });
      else if (t.length > 1) out.push({ type: 'phrase', terms: t });
      continue;
    }
    if (w.endsWith('*') && w.length > 1) {
      const t = terms(w.slice(0, -1));
      if (t.length) out.push({ type: 'prefix', prefix: t[t.length - 1]!, before: t.slice(0, -1) });
      continue;
    }
    const t = terms(w);
    if (t.length === 1) out.push({ type: 'word', terms: t, raw: w });
    else if (t.length > 1) out.push({ type: 'phrase', terms: t });
  }
  return out;
}

/** Edits allowed for a fuzzy term of this length. */
export function fuzzyEdits(len: number): number {
  return len <= 2 ? 0 : len <= 5 ? 1 : 2;
}

let rowA = new Int32Array(MAX_TOKEN + 1);
let rowB = new Int32Array(MAX_TOKEN + 1);

/** Levenshtein distance if <= max, else max + 1. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  if (b.length + 1 > rowA.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, max + 1);
}

function datePasses(date: string | undefined, from: string | undefined, to: string | undefined): boolean {
  if (from === undefined && to === undefined) return true;
  if (!date) return false;
  if (from !== undefined && date.slice(0, from.length) < from) return false;
  if (to !== undefined && date.slice(0, to.length) > to) return false;
  return true;
}

const K1 = 1.2;
const B = 0.75;

/** A min-heap of the best `limit` (score, doc) pairs. */
class TopK {
  readonly s: number[] = [];
  readonly d: number[] = [];
  constructor(readonly limit: number) {}
  offer(score: number, doc: number): void {
    const { s, d } = this;
    if (s.length < this.limit) {
      s.push(score);
      d.push(doc);
      let i = s.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (s[p]! <= s[i]!) break;
        [s[p], s[i]] = [s[i]!, s[p]!];
        [d[p], d[i]] = [d[i]!, d[p]!];
        i = p;
      }
      return;
    }
    if (score <= s[0]!) return;
    s[0] = score;
    d[0] = doc;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < s.length && s[l]! < s[m]!) m = l;
      if (r < s.length && s[r]! < s[m]!) m = r;
      if (m === i) break;
      [s[m], s[i]] = [s[i]!, s[m]!];
      [d[m], d[i]] = [d[i]!, d[m]!];
      i = m;
    }
  }
  sorted(): { score: number; doc: number }[] {
    return this.s.map((score, i) => ({ score, doc: this.d[i]! })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}

export interface IndexStats {
  docs: number;
  items: number;
  terms: number;
  postingBytes: number;
  textChars: number;
}

// --------------------------------------------------------------------------------------------- index

export class FullTextIndex {
  #docs: (Doc | null)[] = [];
  #live = 0;
  #totalLen = 0;
  /** Folded term -> number; the number indexes the arrays below. */
  #ids = new Map<string, number>();
  /** Raw tokens (as they appear in text): an open-addressing table (see #rawNo) and each entry's text. */
  #rawTable: Int32Array = new Int32Array(1 << 14);
  #rawStr: string[] = [];
  #str: string[] = [];
  #df: Int32Array = new Int32Array(1024);
  #last: Int32Array = new Int32Array(1024).fill(-1);
  /**
   * Postings of docs below #baseDocs: one buffer, term by term ([#bStart[id], #bStart[id + 1]) for terms below
   * #baseTerms), built from the forward index by #rebuild. Docs indexed after that: per term a tail buffer
   * (#post, #plen bytes used) that continues the same doc deltas. Docs from #pending on have no postings yet.
   */
  #base: Uint8Array = EMPTY;
  #bStart: Int32Array = new Int32Array(1);
  #baseTerms = 0;
  #plen: Int32Array = new Int32Array(1024);
  #post: Uint8Array[] = [];
  #pending = 0;
  /** The forward index: every doc's text term numbers, varint-coded, one doc after another; doc i at [#fwdAt[i], #fwdAt[i + 1]). */
  #fwd: Uint8Array = new Uint8Array(1 << 16);
  #fwdLen = 0;
  #fwdAt: Int32Array = new Int32Array(1024);
  /** Per doc its length in text tokens, -1 once removed (the scorer reads this, not the Doc). */
  #dlen: Int32Array = new Int32Array(1024);
  /** Per doc its item's number (the filters' per-query cache). */
  #docItem: Int32Array = new Int32Array(1024);
  readonly #byKey = new Map<string, number[]>();
  readonly #items = new Map<string, ItemMeta>();
  #itemNos = new Map<string, number>();
  /** Sorted text terms (no name terms) for prefix and fuzzy lookups; terms added since are in #fresh. */
  #sorted: string[] = [];
  #fresh: string[] = [];
  // Scratch for indexing one doc: its term numbers, the distinct ones, frequency and a per-doc stamp per term.
  #tok: Int32Array = new Int32Array(4096);
  #tokStart: Int32Array = new Int32Array(4096);
  #tokEnd: Int32Array = new Int32Array(4096);
  #distinct: Int32Array = new Int32Array(1024);
  #tf: Int32Array = new Int32Array(1024);
  #stamp: Int32Array = new Int32Array(1024);
  #docStamp = 0;
  // Scratch for queries, indexed by doc: generation stamps, a clause's best score, the running total.
  #seen: Int32Array = new Int32Array(0);
  #seen2: Int32Array = new Int32Array(0);
  #best: Float64Array = new Float64Array(0);
  #total: Float64Array = new Float64Array(0);
  #gen = 0;

  get docCount(): number {
    return this.#live;
  }

  stats(): IndexStats {
    this.#absorb();
    let postingBytes = this.#fwdLen + this.#base.length;
    for (let i = 0; i < this.#post.length; i++) postingBytes += this.#post[i]!.length;
    let textChars = 0;
    for (const d of this.#docs) if (d) textChars += d.text.length;
    return { docs: this.#live, items: this.#items.size, terms: this.#str.length, postingBytes, textChars };
  }

  setItem(meta: ItemMeta): void {
    this.#items.set(meta.id, meta);
  }

  removeItem(id: string): void {
    this.#items.delete(id);
  }

  /** Replace the units indexed under `key` (a source record's id) with these. */
  setUnits(key: string, units: readonly TextUnit[]): void {
    this.removeUnits(key);
    if (!units.length) return;
    const ids: number[] = [];
    for (const u of units) ids.push(this.#add(key, u));
    this.#byKey.set(key, ids);
  }

  removeUnits(key: string): void {
    const ids = this.#byKey.get(key);
    if (!ids) return;
    this.#byKey.delete(key);
    for (const i of ids) {
      const d = this.#docs[i];
      if (!d) continue;
      this.#docs[i] = null;
      this.#dlen[i] = -1;
      this.#live--;
      this.#totalLen -= d.len;
    }
    const dead = this.#docs.length - this.#live;
    if (dead > 1000 && dead > this.#live) this.#compact();
  }

  clear(): void {
    this.#docs = [];
    this.#live = 0;
    this.#totalLen = 0;
    this.#ids = new Map();
    this.#rawTable = new Int32Array(1 << 14);
    this.#rawStr = [];
    this.#str = [];
    this.#df = new Int32Array(1024);
    this.#last = new Int32Array(1024).fill(-1);
    this.#base = EMPTY;
    this.#bStart = new Int32Array(1);
    this.#baseTerms = 0;
    this.#plen = new Int32Array(1024);
    this.#post = [];
    this.#pending = 0;
    this.#fwd = new Uint8Array(1 << 16);
    this.#fwdLen = 0;
    this.#fwdAt = new Int32Array(1024);
    this.#dlen = new Int32Array(1024);
    this.#docItem = new Int32Array(1024);
    this.#byKey.clear();
    this.#items.clear();
    this.#itemNos = new Map();
    this.#sorted = [];
    this.#fresh = [];
    this.#tf = new Int32Array(1024);
    this.#stamp = new Int32Array(1024);
    this.#docStamp = 0;
    this.#seen = new Int32Array(0);
    this.#seen2 = new Int32Array(0);
    this.#best = new Float64Array(0);
    this.#total = new Float64Array(0);
    this.#gen = 0;
  }

  /** Called once after a bulk load: postings for every doc in one buffer, the new terms merged into the sorted list. */
  seal(): void {
    if (this.#pending < this.#docs.length || this.#postedSince()) this.#rebuild();
    this.#mergeFresh();
  }

  /** True when docs have postings in tail buffers. */
  #postedSince(): boolean {
    return this.#pending > this.#baseDocs;
  }

  #baseDocs = 0;

  /**
   * Give the docs added since the last call their postings (queries, stats and serialise call this first): a
   * few are appended to the tail buffers, many (a quarter of the index or more) rebuild the base buffer.
   */
  #absorb(): void {
    if (this.#fresh.length > 20_000) this.#mergeFresh();
    const n = this.#docs.length;
    if (this.#pending === n) return;
    if ((n - this.#pending) * 4 >= n || n - this.#pending > 50_000) {
      this.#rebuild();
      return;
    }
    for (let doc = this.#pending; doc < n; doc++) this.#postDoc(doc);
    this.#pending = n;
  }

  /** Term numbers and frequencies of a doc's forward range and names into #distinct / #tf; returns how many. */
  #docTerms(doc: number, d: Doc): number {
    const stamp = ++this.#docStamp;
    const seenIn = this.#stamp;
    const freq = this.#tf;
    let distinct = this.#distinct;
    let nd = 0;
    const fwd = this.#fwd;
    cur = this.#fwdAt[doc]!;
    const end = this.#fwdAt[doc + 1]!;
    if (distinct.length < end - cur + (d.nameIds?.length ?? 0)) distinct = this.#distinct = grownInt32(distinct, end - cur + (d.nameIds?.length ?? 0));
    while (cur < end) {
      const id = getVar(fwd);
      if (seenIn[id] !== stamp) {
        seenIn[id] = stamp;
        freq[id] = 1;
        distinct[nd++] = id;
      } else freq[id] = freq[id]! + 1;
    }
    if (d.nameIds) {
      for (const id of d.nameIds) {
        if (seenIn[id] !== stamp) {
          seenIn[id] = stamp;
          freq[id] = 1;
          distinct[nd++] = id;
        } else freq[id] = freq[id]! + 1;
      }
    }
    return nd;
  }

  /** Append one doc's postings to the tail buffers. */
  #postDoc(doc: number): void {
    const d = this.#docs[doc];
    if (!d) return;
    const nd = this.#docTerms(doc, d);
    const distinct = this.#distinct;
    const post = this.#post;
    const plen = this.#plen;
    const last = this.#last;
    const tf = this.#tf;
    const df = this.#df;
    for (let k = 0; k < nd; k++) {
      const id = distinct[k]!;
      let b = post[id]!;
      let l = plen[id]!;
      if (l + 10 > b.length) b = post[id] = grownBytes(b, l, l + 10);
      l = putVar(b, l, doc - last[id]!);
      plen[id] = putVar(b, l, tf[id]!);
      last[id] = doc;
      df[id] = df[id]! + 1;
    }
  }

  /**
   * Every live doc's postings into one buffer, term by term, from the forward index (two passes: sizes, then
   * bytes). Much cheaper than growing a buffer per term while indexing; tails are emptied.
   */
  #rebuild(): void {
    const nt = this.#str.length;
    const n = this.#docs.length;
    const size = new Int32Array(nt + 1);
    const last = this.#last;
    const df = this.#df;
    last.fill(-1, 0, nt);
    df.fill(0, 0, nt);
    const tf = this.#tf;
    for (let doc = 0; doc < n; doc++) {
      const d = this.#docs[doc];
      if (!d) continue;
      const nd = this.#docTerms(doc, d);
      const distinct = this.#distinct;
      for (let k = 0; k < nd; k++) {
        const id = distinct[k]!;
        size[id] = size[id]! + varSize(doc - last[id]!) + varSize(tf[id]!);
        last[id] = doc;
        df[id] = df[id]! + 1;
      }
    }
    const start = new Int32Array(nt + 1);
    for (let i = 0; i < nt; i++) start[i + 1] = start[i]! + size[i]!;
    const base = new Uint8Array(start[nt]!);
    // size now serves as each term's write cursor.
    const at = size;
    at.set(start.subarray(0, nt));
    last.fill(-1, 0, nt);
    for (let doc = 0; doc < n; doc++) {
      const d = this.#docs[doc];
      if (!d) continue;
      const nd = this.#docTerms(doc, d);
      const distinct = this.#distinct;
      for (let k = 0; k < nd; k++) {
        const id = distinct[k]!;
        at[id] = putVar(base, putVar(base, at[id]!, doc - last[id]!), tf[id]!);
        last[id] = doc;
      }
    }
    this.#base = base;
    this.#bStart = start;
    this.#baseTerms = nt;
    this.#baseDocs = n;
    for (let i = 0; i < nt; i++) this.#post[i] = EMPTY;
    this.#plen.fill(0, 0, nt);
    this.#pending = n;
  }

  /** Terms added since the last merge, sorted and merged into the sorted list (linear, not a full sort). */
  #mergeFresh(): void {
    if (!this.#fresh.length) return;
    const fresh = this.#fresh.sort();
    const old = this.#sorted;
    const out = new Array<string>(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length) out[k++] = old[i]! < fresh[j]! ? old[i++]! : fresh[j++]!;
    while (i < old.length) out[k++] = old[i++]!;
    while (j < fresh.length) out[k++] = fresh[j++]!;
    this.#sorted = out;
    this.#fresh = [];
  }

  /** The number of a folded term, created if new. */
  #termNo(term: string): number {
    let id = this.#ids.get(term);
    if (id !== undefined) return id;
    id = this.#str.length;
    this.#str.push(term);
    this.#ids.set(term, id);
    this.#post.push(EMPTY);
    if (id >= this.#df.length) {
      const n = id + 1;
      this.#df = grownInt32(this.#df, n);
      this.#last = grownInt32(this.#last, n, -1);
      this.#plen = grownInt32(this.#plen, n);
      this.#tf = grownInt32(this.#tf, n);
      this.#stamp = grownInt32(this.#stamp, n);
    }
    if (term[0] !== NAME_MARK) this.#fresh.push(term);
    return id;
  }

  #item(id: string): number {
    let n = this.#itemNos.get(id);
    if (n === undefined) {
      n = this.#itemNos.size;
      this.#itemNos.set(id, n);
    }
    return n;
  }

  /**
   * The term number of the raw token text[start, start + len) with hash `h`, or -1 when it folds to nothing.
   * Raw tokens are looked up in an open-addressing table by comparing char codes, so a token already seen
   * costs no string (the slice and the fold happen once per distinct raw token).
   */
  #rawNo(text: string, start: number, len: number, h: number): number {
    // Four ints a slot (hash, entry + 1, term number, length): a probe reads one cache line, and the entry's
    // string only when hash and length agree.
    const table = this.#rawTable;
    const mask = (table.length >> 2) - 1;
    let slot = h & mask;
    for (;;) {
      const at = slot << 2;
      const e = table[at + 1]!;
      if (e === 0) break;
      if (table[at] === h && table[at + 3] === len) {
        const r = this.#rawStr[e - 1]!;
        let j = 0;
        while (j < len && r.charCodeAt(j) === text.charCodeAt(start + j)) j++;
        if (j === len) return table[at + 2]!;
      }
      slot = (slot + 1) & mask;
    }
    const r = text.slice(start, start + len);
    const f = computeFold(r);
    const id = f ? this.#termNo(f) : -1;
    const e = this.#rawStr.length;
    this.#rawStr.push(r);
    const at = slot << 2;
    table[at] = h;
    table[at + 1] = e + 1;
    table[at + 2] = id;
    table[at + 3] = len;
    if ((e + 1) * 2 > table.length >> 2) {
      // Rehash into a table twice the size.
      const next = new Int32Array(table.length * 2);
      const m = (next.length >> 2) - 1;
      for (let k = 0; k < table.length; k += 4) {
        if (table[k + 1] === 0) continue;
        let s = table[k]! & m;
        while (next[(s << 2) + 1] !== 0) s = (s + 1) & m;
        next.set(table.subarray(k, k + 4), s << 2);
      }
      this.#rawTable = next;
    }
    return id;
  }

  /**
   * The text's tokens as term numbers in #tok, their offsets in #tokStart / #tokEnd; returns how many. The runs
   * scanWords finds, hashed (FNV-1a) while they are scanned and looked up with #rawNo.
   */
  #tokens(text: string): number {
    let n = 0;
    let tok = this.#tok;
    let starts = this.#tokStart;
    let ends = this.#tokEnd;
    const end = text.length;
    let i = 0;
    while (i < end) {
      let c = text.charCodeAt(i);
      let w = c < 128 ? (UNIT_CLASS[c] === 1 ? 1 : 0) : wordWidth(text, i);
      if (!w) {
        i++;
        continue;
      }
      const start = i;
      let h = 0x811c9dc5 | 0;
      for (;;) {
        h = Math.imul(h ^ c, 16777619);
        if (w === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), 16777619);
        i += w;
        if (i >= end) break;
        c = text.charCodeAt(i);
        w = c < 128 ? (UNIT_CLASS[c] === 1 ? 1 : 0) : wordWidth(text, i);
        if (!w) break;
      }
      const len = i - start;
      if (len > MAX_TOKEN) continue;
      const id = this.#rawNo(text, start, len, h);
      if (id < 0) continue;
      if (n === tok.length) {
        tok = this.#tok = grownInt32(tok, n + 1);
        starts = this.#tokStart = grownInt32(starts, n + 1);
        ends = this.#tokEnd = grownInt32(ends, n + 1);
      }
      tok[n] = id;
      starts[n] = start;
      ends[n++] = i;
    }
    return n;
  }

  /** Index one unit: its tokens into the forward index, its names as terms; postings follow in #absorb. */
  #add(key: string, u: TextUnit): number {
    const doc = this.#docs.length;
    const text = u.text;
    const n = this.#tokens(text);
    const tok = this.#tok;
    let nameIds: number[] | null = null;
    if (u.names?.length) {
      for (const name of u.names) for (const norm of nameNorms(name)) (nameIds ??= []).push(this.#termNo(NAME_MARK + norm));
    }
    // The forward index.
    const start = this.#fwdLen;
    let fwd = this.#fwd;
    if (start + 5 * n > fwd.length) fwd = this.#fwd = grownBytes(fwd, start, start + 5 * n);
    let at = start;
    for (let i = 0; i < n; i++) at = putVar(fwd, at, tok[i]!);
    this.#fwdLen = at;
    if (doc + 2 > this.#fwdAt.length) {
      this.#fwdAt = grownInt32(this.#fwdAt, doc + 2);
      this.#dlen = grownInt32(this.#dlen, doc + 2);
      this.#docItem = grownInt32(this.#docItem, doc + 2);
    }
    this.#fwdAt[doc] = start;
    this.#fwdAt[doc + 1] = at;
    this.#dlen[doc] = n;
    const itemNo = this.#item(u.item);
    this.#docItem[doc] = itemNo;
    this.#docs.push({ item: u.item, itemNo, key, text, page: u.page, len: n, names: nameIds !== null, nameIds });
    this.#live++;
    this.#totalLen += n;
    return doc;
  }

  #compact(): void {
    const live = this.#docs.filter((d): d is Doc => d !== null);
    const items = new Map(this.#items);
    const byKey = new Map<string, Doc[]>();
    for (const d of live) {
      const a = byKey.get(d.key);
      if (a) a.push(d);
      else byKey.set(d.key, [d]);
    }
    // Names are not kept apart from the text: re-derive them from the item's title, which is the name.
    this.clear();
    for (const [id, m] of items) this.#items.set(id, m);
    for (const [key, docs] of byKey) {
      this.setUnits(
        key,
        docs.map((d) => ({ item: d.item, text: d.text, page: d.page, names: d.names ? namesOf(d.text) : undefined })),
      );
    }
    this.seal();
  }

  // ---------------------------------------------------------------------------------- serialisation

  /**
   * The whole index as bytes: [u32 header length][header JSON: docs, items, counts][terms, UTF-8, NUL between]
   * [i32 df][i32 last][i32 base starts][i32 forward starts][i32 sorted term numbers][texts, UTF-8][forward
   * buffer][postings]. Not used by the app (the index is never persisted, see ARCHITECTURE.md): the benchmark
   * measures loading it from a sealed blob against building it, which is how the choice was made.
   */
  serialise(): Uint8Array {
    this.seal();
    const enc = new TextEncoder();
    const texts: Uint8Array[] = [];
    const docs = this.#docs.map((d) => {
      if (!d) return null;
      const t = enc.encode(d.text);
      texts.push(t);
      return [d.item, d.key, d.page ?? null, t.length, d.nameIds ?? 0] as const;
    });
    const nt = this.#str.length;
    const nd = this.#docs.length;
    const termBytes = enc.encode(this.#str.join('\0'));
    const ints = [this.#df.subarray(0, nt), this.#last.subarray(0, nt), this.#bStart.subarray(0, nt + 1), this.#fwdAt.subarray(0, nd + 1), Int32Array.from(this.#sorted, (t) => this.#ids.get(t)!)];
    const header = enc.encode(JSON.stringify({ v: 3, docs, items: [...this.#items.values()], terms: nt, termBytes: termBytes.length, sorted: this.#sorted.length, live: this.#live, totalLen: this.#totalLen, fwdLen: this.#fwdLen }));
    const pad = (4 - ((4 + header.length + termBytes.length) % 4)) % 4;
    let size = 4 + header.length + termBytes.length + pad + this.#fwdLen + this.#base.length;
    for (const a of ints) size += a.byteLength;
    for (const t of texts) size += t.length;
    const out = new Uint8Array(size);
    new DataView(out.buffer).setUint32(0, header.length);
    let at = 4;
    const put = (b: Uint8Array) => {
      out.set(b, at);
      at += b.length;
    };
    put(header);
    put(termBytes);
    at += pad;
    for (const a of ints) put(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    for (const t of texts) put(t);
    put(this.#fwd.subarray(0, this.#fwdLen));
    put(this.#base);
    return out;
  }

  static deserialise(bytes: Uint8Array): FullTextIndex {
    const dec = new TextDecoder();
    const hl = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
    const h = JSON.parse(dec.decode(bytes.subarray(4, 4 + hl))) as {
      v: number;
      docs: ([string, string, number | null, number, number[] | 0] | null)[];
      items: ItemMeta[];
      terms: number;
      termBytes: number;
      sorted: number;
      live: number;
      totalLen: number;
      fwdLen: number;
    };
    if (h.v !== 3) throw new Error(`index format ${h.v} is not this version's`);
    const ix = new FullTextIndex();
    let at = 4 + hl;
    const nt = h.terms;
    const nd = h.docs.length;
    const str = nt ? dec.decode(bytes.subarray(at, at + h.termBytes)).split('\0') : [];
    at += h.termBytes;
    at += (4 - (at % 4)) % 4;
    // Copies (a Buffer's slice would be a view of its pool).
    const copy = (from: number, to?: number) => Uint8Array.prototype.slice.call(bytes, from, to);
    const ints = (n: number, min = n) => {
      const a = new Int32Array(Math.max(min, n));
      a.set(new Int32Array(copy(at, at + 4 * n).buffer));
      at += 4 * n;
      return a;
    };
    const cap = Math.max(1024, nt);
    ix.#df = ints(nt, cap);
    ix.#last = ints(nt, cap);
    ix.#bStart = ints(nt + 1);
    ix.#fwdAt = ints(nd + 1, Math.max(1024, nd + 2));
    const sorted = ints(h.sorted);
    ix.#plen = new Int32Array(cap);
    ix.#tf = new Int32Array(cap);
    ix.#stamp = new Int32Array(cap);
    ix.#dlen = new Int32Array(Math.max(1024, nd + 2));
    ix.#docItem = new Int32Array(Math.max(1024, nd + 2));
    ix.#str = str;
    ix.#ids = new Map(str.map((t, i) => [t, i]));
    ix.#post = new Array<Uint8Array>(nt).fill(EMPTY);
    ix.#sorted = Array.from(sorted, (i) => str[i]!);
    const textAt = at;
    for (const d of h.docs) if (d) at += d[3];
    const fwdAt = at;
    ix.#fwd = copy(at, at + h.fwdLen);
    ix.#fwdLen = h.fwdLen;
    at += h.fwdLen;
    ix.#base = copy(at);
    ix.#baseTerms = nt;
    at = textAt;
    ix.#docs = h.docs.map((d, i) => {
      if (!d) {
        ix.#dlen[i] = -1;
        return null;
      }
      const text = dec.decode(bytes.subarray(at, at + d[3]));
      at += d[3];
      const len = (ix.#fwdAt[i + 1]! - ix.#fwdAt[i]!) === 0 ? 0 : ix.#countFwd(i);
      ix.#dlen[i] = len;
      const a = ix.#byKey.get(d[1]);
      if (a) a.push(i);
      else ix.#byKey.set(d[1], [i]);
      const itemNo = ix.#item(d[0]);
      ix.#docItem[i] = itemNo;
      return { item: d[0], itemNo, key: d[1], page: d[2] ?? undefined, len, names: d[4] !== 0, nameIds: d[4] === 0 ? null : d[4], text };
    });
    if (at !== fwdAt) throw new Error('index texts do not add up');
    for (const m of h.items) ix.#items.set(m.id, m);
    ix.#live = h.live;
    ix.#totalLen = h.totalLen;
    ix.#baseDocs = nd;
    ix.#pending = nd;
    return ix;
  }

  /** Tokens in a doc's forward range (one per byte below 0x80). */
  #countFwd(doc: number): number {
    const fwd = this.#fwd;
    let n = 0;
    for (let i = this.#fwdAt[doc]!, end = this.#fwdAt[doc + 1]!; i < end; i++) if (fwd[i]! < 0x80) n++;
    return n;
  }

  // ------------------------------------------------------------------------------------------ query

  #dfOf(term: string): number {
    const id = this.#ids.get(term);
    return id === undefined ? 0 : this.#df[id]!;
  }

  #expandPrefix(prefix: string): string[] {
    const out: string[] = [];
    const sorted = this.#sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
    for (const t of this.#fresh) if (t.startsWith(prefix)) out.push(t);
    return this.#mostFrequent(out);
  }

  /**
   * Terms within fuzzyEdits(term) edits: the sorted term list walked as a trie. Neighbours share the Levenshtein
   * rows of their common prefix, and when a prefix's row is already past the bound every term under that
   * prefix is skipped (a binary search), so only the prefixes within reach are ever computed.
   */
  #expandFuzzy(term: string): string[] {
    const max = fuzzyEdits(term.length);
    if (max === 0) return this.#ids.has(term) ? [term] : [];
    const out: string[] = [];
    const sorted = this.#sorted;
    const m = term.length;
    const q = new Int32Array(m);
    for (let j = 0; j < m; j++) q[j] = term.charCodeAt(j);
    const rows: Int32Array[] = [];
    for (let d = 0; d <= MAX_TOKEN; d++) rows.push(new Int32Array(m + 1));
    for (let j = 0; j <= m; j++) rows[0]![j] = j;
    let prev = '';
    /** Rows 0..valid hold the prefixes of `prev`. */
    let valid = 0;
    let i = 0;
    while (i < sorted.length) {
      const t = sorted[i]!;
      const tl = t.length;
      let l = 0;
      const lim = Math.min(valid, tl);
      while (l < lim && prev.charCodeAt(l) === t.charCodeAt(l)) l++;
      let dead = 0;
      for (let d = l + 1; d <= tl; d++) {
        const up = rows[d - 1]!;
        const row = rows[d]!;
        const c = t.charCodeAt(d - 1);
        row[0] = d;
        let rowMin = d;
        for (let j = 1; j <= m; j++) {
          let v = up[j]! + 1;
          const left = row[j - 1]! + 1;
          if (left < v) v = left;
          const diag = up[j - 1]! + (q[j - 1] === c ? 0 : 1);
          if (diag < v) v = diag;
          row[j] = v;
          if (v < rowMin) rowMin = v;
        }
        if (rowMin > max) {
          dead = d;
          break;
        }
      }
      prev = t;
      if (dead) {
        // Nothing under t[0..dead) can come within reach: skip to the first term without that prefix.
        valid = dead - 1;
        const p = t.slice(0, dead);
        let lo = i + 1;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (sorted[mid]!.startsWith(p)) lo = mid + 1;
          else hi = mid;
        }
        i = lo;
        continue;
      }
      valid = tl;
      if (rows[tl]![m]! <= max) out.push(t);
      i++;
    }
    for (const t of this.#fresh) if (Math.abs(t.length - m) <= max && boundedEditDistance(term, t, max) <= max) out.push(t);
    return this.#mostFrequent(out);
  }

  #mostFrequent(ts: string[]): string[] {
    if (ts.length <= MAX_EXPANSIONS) return ts;
    return ts.sort((a, b) => this.#dfOf(b) - this.#dfOf(a)).slice(0, MAX_EXPANSIONS);
  }

  #idf(df: number): number {
    return Math.log(1 + (this.#live - df + 0.5) / (df + 0.5));
  }

  #bm25(tf: number, len: number, avg: number): number {
    return (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
  }

  /** Fresh query scratch for the current doc count; returns a new generation (a stamp no doc has yet). */
  #nextGen(): number {
    const n = this.#docs.length;
    if (this.#seen.length < n || this.#gen > 0x7ffffff0) {
      const size = Math.max(n, 1024);
      this.#seen = new Int32Array(size);
      this.#seen2 = new Int32Array(size);
      this.#best = new Float64Array(size);
      this.#total = new Float64Array(size);
      this.#gen = 0;
    }
    return ++this.#gen;
  }

  /**
   * Score every live doc that has any of these terms (weighted): docs marked `gen` in #seen with their clause
   * score in #best, listed in `out`. With `within` (a previous clause's generation), only docs marked with it.
   */
  #scoreTerms(ts: readonly { term: string; weight: number }[], within: number, gen: number, out: number[]): void {
    const avg = this.#live ? this.#totalLen / this.#live || 1 : 1;
    // BM25's length norm per doc: tf * (K1 + 1) / (tf + k0 + k1 * len).
    const k0 = K1 * (1 - B);
    const k1 = (K1 * B) / avg;
    const seen = this.#seen;
    const best = this.#best;
    const dlen = this.#dlen;
    for (const { term, weight } of ts) {
      const id = this.#ids.get(term);
      if (id === undefined) continue;
      const idf = this.#idf(this.#df[id]!) * weight * (K1 + 1);
      let doc = -1;
      for (let seg = 0; seg < 2; seg++) {
        const buf = seg === 0 ? this.#base : this.#post[id]!;
        let end: number;
        if (seg === 0) {
          if (id >= this.#baseTerms) continue;
          cur = this.#bStart[id]!;
          end = this.#bStart[id + 1]!;
        } else {
          cur = 0;
          end = this.#plen[id]!;
        }
        while (cur < end) {
          doc += getVar(buf);
          const tf = getVar(buf);
          const s0 = seen[doc]!;
          if (s0 !== gen && within && s0 !== within) continue;
          const len = dlen[doc]!;
          if (len < 0) continue;
          const s = (idf * tf) / (tf + k0 + k1 * len);
          // Expansions of one clause: the best of them counts, not their sum.
          if (s0 !== gen) {
            seen[doc] = gen;
            best[doc] = s;
            out.push(doc);
          } else if (s > best[doc]!) best[doc] = s;
        }
      }
    }
  }

  /** Calls fn(doc) for every doc in the postings of term `id` (removed docs included). */
  #eachDoc(id: number, fn: (doc: number) => void): void {
    let doc = -1;
    if (id < this.#baseTerms) {
      const buf = this.#base;
      cur = this.#bStart[id]!;
      const end = this.#bStart[id + 1]!;
      while (cur < end) {
        doc += getVar(buf);
        getVar(buf);
        fn(doc);
      }
    }
    const buf = this.#post[id]!;
    const end = this.#plen[id]!;
    cur = 0;
    while (cur < end) {
      doc += getVar(buf);
      getVar(buf);
      fn(doc);
    }
  }

  /** Docs (marked `within` when given) whose postings hold every one of these terms, rarest term first. */
  #withAll(ids: readonly number[], within: number): number[] {
    const seen2 = this.#seen2;
    const seen = this.#seen;
    const dlen = this.#dlen;
    const order = [...ids].sort((a, b) => this.#df[a]! - this.#df[b]!);
    let cand: number[] = [];
    let mark = ++this.#gen;
    this.#eachDoc(order[0]!, (doc) => {
      if ((within && seen[doc] !== within) || dlen[doc]! < 0) return;
      seen2[doc] = mark;
      cand.push(doc);
    });
    for (let k = 1; k < order.length && cand.length; k++) {
      if (order[k] === order[k - 1]) continue;
      const next = ++this.#gen;
      const prev = mark;
      this.#eachDoc(order[k]!, (doc) => {
        if (seen2[doc] === prev) seen2[doc] = next;
      });
      mark = next;
      cand = cand.filter((d) => seen2[d] === mark);
    }
    return cand;
  }

  /** Phrase matches: docs with every term, then the terms in a row in their forward index. */
  #phrase(ts: readonly string[], within: number, gen: number, out: number[]): void {
    const ids: number[] = [];
    for (const t of ts) {
      const id = this.#ids.get(t);
      if (id === undefined) return;
      ids.push(id);
    }
    const cand = this.#withAll(ids, within);
    if (!cand.length) return;
    const avg = this.#live ? this.#totalLen / this.#live || 1 : 1;
    let idf = 0;
    for (const id of ids) idf += this.#idf(this.#df[id]!);
    // The phrase as the forward index codes it: varints are prefix-free, so the phrase is at a token start
    // (the doc's first byte or after a byte < 0x80) exactly where these bytes are.
    const pat = new Uint8Array(5 * ids.length);
    let pl = 0;
    for (const id of ids) pl = putVar(pat, pl, id);
    const p0 = pat[0]!;
    const fwd = this.#fwd;
    const fwdAt = this.#fwdAt;
    const dlen = this.#dlen;
    for (const doc of cand) {
      const from = fwdAt[doc]!;
      const last = fwdAt[doc + 1]! - pl;
      let starts = 0;
      for (let at = from; at <= last; at++) {
        if (fwd[at] !== p0 || (at > from && fwd[at - 1]! >= 0x80)) continue;
        let j = 1;
        while (j < pl && fwd[at + j] === pat[j]) j++;
        if (j === pl) starts++;
      }
      if (!starts) continue;
      this.#seen[doc] = gen;
      this.#best[doc] = idf * this.#bm25(starts, dlen[doc]!, avg);
      out.push(doc);
    }
  }

  /** Tokens of an indexed text that fold to one of these terms (what makeSnippet finds, without a string per token). */
  #matches(text: string, terms: ReadonlySet<string>): Token[] {
    const want = new Set<number>();
    for (const t of terms) {
      const id = this.#ids.get(t);
      if (id !== undefined) want.add(id);
    }
    const found: Token[] = [];
    if (!want.size) return found;
    const n = this.#tokens(text);
    const tok = this.#tok;
    for (let k = 0; k < n; k++) if (want.has(tok[k]!)) found.push({ term: this.#str[tok[k]!]!, start: this.#tokStart[k]!, end: this.#tokEnd[k]! });
    return found;
  }

  #clauseTerms(c: Clause): { term: string; weight: number }[] {
    switch (c.type) {
      case 'word':
        return [{ term: c.terms[0]!, weight: 1 }, ...nameNorms(c.raw).map((n) => ({ term: NAME_MARK + n, weight: n[0] === SKELETON_MARK ? 0.6 : 0.9 }))];
      case 'prefix':
        return this.#expandPrefix(c.prefix).map((t) => ({ term: t, weight: t === c.prefix ? 1 : 0.8 }));
      case 'fuzzy':
        return this.#expandFuzzy(c.term).map((t) => ({ term: t, weight: t === c.term ? 1 : 0.7 }));
      case 'phrase':
        return c.terms.map((t) => ({ term: t, weight: 1 }));
    }
  }

  #estimate(c: Clause): number {
    if (c.type === 'phrase') return Math.min(...c.terms.map((t) => this.#dfOf(t)));
    if (c.type === 'word') return this.#dfOf(c.terms[0]!);
    return Number.MAX_SAFE_INTEGER;
  }

  query(q: FullTextQuery): FullTextResult {
    const counts = Object.fromEntries(FULLTEXT_KINDS.map((k) => [k, 0])) as Record<FullTextKind, number>;
    const clauses: Clause[] = [];
    for (const c of parseQuery(q.text)) {
      if (c.type === 'prefix' && c.before.length) clauses.push(c.before.length === 1 ? { type: 'word', terms: c.before, raw: c.before[0]! } : { type: 'phrase', terms: c.before });
      clauses.push(c);
    }
    if (!clauses.length || !this.#live) return { hits: [], counts };
    this.#absorb();
    clauses.sort((a, b) => this.#estimate(a) - this.#estimate(b));
    // Clause by clause, each restricted to the docs every earlier clause matched (marked `within`).
    let within = 0;
    let matched: number[] = [];
    const highlight = new Set<string>();
    let nameQuery: string[] = [];
    for (const c of clauses) {
      const ts = this.#clauseTerms(c);
      for (const t of ts) {
        if (t.term[0] === NAME_MARK) nameQuery.push(t.term.slice(1));
        else highlight.add(t.term);
      }
      const gen = this.#nextGen();
      const got: number[] = [];
      if (c.type === 'phrase') this.#phrase(c.terms, within, gen, got);
      else this.#scoreTerms(ts, within, gen, got);
      const best = this.#best;
      const total = this.#total;
      if (within) for (const doc of got) total[doc] = total[doc]! + best[doc]!;
      else for (const doc of got) total[doc] = best[doc]!;
      within = gen;
      matched = got;
      if (!matched.length) break;
    }
    nameQuery = [...new Set(nameQuery)];
    const kinds = q.kinds?.length ? new Set(q.kinds) : null;
    const grades = q.grades?.length ? new Set(q.grades) : null;
    /** Per item number: 0 not yet tested, 1 fails the filters, else 2 + the index of its kind (tested once a query). */
    const passes = new Uint8Array(this.#itemNos.size);
    const perKind = new Float64Array(FULLTEXT_KINDS.length);
    const top = new TopK(Math.max(1, q.limit ?? 50));
    const total = this.#total;
    const docItem = this.#docItem;
    for (const doc of matched) {
      const no = docItem[doc]!;
      let p = passes[no]!;
      if (p === 0) {
        const m = this.#items.get(this.#docs[doc]!.item);
        p = m && (!q.caseId || m.caseId === q.caseId) && (!kinds || kinds.has(m.kind)) && (!grades || (m.grade !== undefined && grades.has(m.grade))) && datePasses(m.date, q.from, q.to) ? 2 + FULLTEXT_KINDS.indexOf(m.kind) : 1;
        passes[no] = p;
      }
      if (p === 1) continue;
      perKind[p - 2]! += 1;
      top.offer(total[doc]!, doc);
    }
    FULLTEXT_KINDS.forEach((k, i) => (counts[k] = perKind[i]!));
    const hits = top.sorted().map(({ score, doc }) => {
      const d = this.#docs[doc]!;
      const m = this.#items.get(d.item)!;
      const { snippet, highlights } = d.names ? makeSnippet(d.text, highlight, nameQuery) : cutSnippet(d.text, this.#matches(d.text, highlight));
      const hit: FullTextHit = { kind: m.kind, id: m.id, caseId: m.caseId, title: m.title, snippet, highlights, score: Math.round(score * 1000) / 1000 };
      if (d.page !== undefined) hit.page = d.page;
      if (m.entityKind !== undefined) hit.entityKind = m.entityKind;
      if (m.date !== undefined) hit.date = m.date;
      return hit;
    });
    return { hits, counts };
  }
}

/** Entity units keep their names as their first lines (see main/core/search/fulltext-units.ts). */
function namesOf(text: string): string[] {
  const cut = text.indexOf('\n\n');
  return (cut < 0 ? text : text.slice(0, cut)).split('\n').filter(Boolean);
}

/**
 * A snippet of at most ~SNIPPET characters around the densest cluster of matching tokens, whitespace flattened
 * (one for one, so offsets hold), with [start, end) highlights into it. Without a match: the text's start.
 */
export function makeSnippet(text: string, match: ReadonlySet<string>, nameQuery: readonly string[] = []): { snippet: string; highlights: [number, number][] } {
  const found: Token[] = [];
  const wanted = new Set(nameQuery);
  for (const t of tokenise(text)) {
    if (match.has(t.term) || (wanted.size && nameNorms(text.slice(t.start, t.end)).some((n) => wanted.has(n)))) found.push(t);
  }
  return cutSnippet(text, found);
}

/** The snippet around the densest cluster of these matching tokens (in text order), with their highlights. */
function cutSnippet(text: string, found: readonly Token[]): { snippet: string; highlights: [number, number][] } {
  let start = 0;
  if (found.length) {
    // The window (starting at a match) holding the most distinct terms, then the most matches.
    let best = 0;
    let bestKey = -1;
    let j = 0;
    for (let i = 0; i < found.length; i++) {
      if (j < i) j = i;
      while (j + 1 < found.length && found[j + 1]!.end - found[i]!.start <= SNIPPET - 20) j++;
      const distinct = new Set(found.slice(i, j + 1).map((t) => t.term)).size;
      const key = distinct * 10_000 + (j - i + 1);
      if (key > bestKey) {
        bestKey = key;
        best = i;
      }
    }
    const anchor = found[best]!.start;
    start = Math.max(0, anchor - 30);
    if (start > 0) {
      // Start at a word: after the first space past the cut, if there is one before the match.
      const space = text.slice(start, anchor).search(/\s/);
      if (space >= 0) start += space + 1;
    }
  }
  let end = Math.min(text.length, start + SNIPPET);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + SNIPPET / 2) end = space;
  }
  const lead = start > 0 ? '…' : '';
  const body = text.slice(start, end).replace(/\s/g, ' ');
  const snippet = lead + body + (end < text.length ? '…' : '');
  const highlights: [number, number][] = [];
  for (const t of found) if (t.start >= start && t.end <= end) highlights.push([t.start - start + lead.length, t.end - start + lead.length]);
  return { snippet, highlights };
}
