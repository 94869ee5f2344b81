/**
 * Full-text index over everything in a case (issue 14): evidence text, statements, claims, notes, sources,
 * events and entity names. Pure TypeScript (no Node, no DOM): the full-text worker holds one
 * (main/core/search/fulltext-worker.ts), the CLI builds one in process.
 *
 *  tokens    runs of letters, digits and combining marks (a regex over Unicode classes: Intl.Segmenter is ~20x
 *            slower and scripts without spaces are not in our material), folded: NFKD, marks dropped, lower
 *            case (normalise.ts foldLatin), then Arabic variants (ٱ -> ا, ى -> ي, ة -> ه, tatweel dropped;
 *            أ إ آ lose their hamza/madda with the other marks, as do the harakat).
 *  postings  per term, two growable byte buffers of varints: (doc delta, term frequency) and the positions,
 *            delta-coded; 200 MB of text make ~2-3 bytes per occurrence instead of 16 in JS arrays.
 *  names     entity names also go through the name normaliser (normalise.ts nameTokens): their norms are indexed
 *            as extra terms (NAME_MARK + norm), and every query word looks them up too, so "Mohammed" finds
 *            "Muhammad", and a romanisation finds the Arabic-script name, as name search does.
 *  queries   words (all must match), "a phrase" (positions), pref* (a range of the sorted term list), ~fuzzy
 *            (terms within 1 or 2 edits, by length); BM25 scoring; filters by case, kind, date, source grade.
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
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
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

export interface Token {
  term: string;
  start: number;
  end: number;
}

/** Tokens of a text with their [start, end) offsets; tokens that fold to nothing or are too long are skipped. */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const raw = m[0];
    if (raw.length > MAX_TOKEN) continue;
    const term = foldToken(raw);
    if (term) out.push({ term, start: m.index, end: m.index + raw.length });
  }
  return out;
}

/** The folded terms of a text, in order (what indexing needs). */
export function terms(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const raw = m[0];
    if (raw.length > MAX_TOKEN) continue;
    const term = foldToken(raw);
    if (term) out.push(term);
  }
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

// ------------------------------------------------------------------------------------------ postings

class Bytes {
  /** May be a view into a deserialised index (then exactly `len` long, so the next push copies it). */
  buf: Uint8Array;
  len = 0;
  constructor(size = 8) {
    this.buf = new Uint8Array(size);
  }
  push(v: number): void {
    if (this.len + 5 > this.buf.length) {
      const next = new Uint8Array(Math.max(16, this.buf.length * 2));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
  }
  trim(): void {
    if (this.buf.length > this.len + 16) this.buf = this.buf.slice(0, this.len);
  }
}

class Posting {
  readonly docs = new Bytes(4);
  readonly pos = new Bytes(4);
  last = -1;
  df = 0;
}

/** Reads varints from a buffer. */
class Reader {
  i = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly end: number,
  ) {}
  get more(): boolean {
    return this.i < this.end;
  }
  next(): number {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.buf[this.i++]!;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  }
}

interface Doc {
  item: string;
  key: string;
  text: string;
  page: number | undefined;
  len: number;
  /** Units with names: the name norms in them, for highlighting name matches. */
  names: boolean;
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
  readonly #terms = new Map<string, Posting>();
  readonly #byKey = new Map<string, number[]>();
  readonly #items = new Map<string, ItemMeta>();
  /** Sorted text terms (no name terms) for prefix and fuzzy lookups; terms added since are in #fresh. */
  #sorted: string[] = [];
  #fresh: string[] = [];

  get docCount(): number {
    return this.#live;
  }

  stats(): IndexStats {
    let postingBytes = 0;
    for (const p of this.#terms.values()) postingBytes += p.docs.buf.length + p.pos.buf.length;
    let textChars = 0;
    for (const d of this.#docs) if (d) textChars += d.text.length;
    return { docs: this.#live, items: this.#items.size, terms: this.#terms.size, postingBytes, textChars };
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
    this.#terms.clear();
    this.#byKey.clear();
    this.#items.clear();
    this.#sorted = [];
    this.#fresh = [];
  }

  /** Called once after a bulk load: merge the new terms into the sorted list, trim the buffers. */
  seal(): void {
    this.#mergeFresh();
    for (const p of this.#terms.values()) {
      p.docs.trim();
      p.pos.trim();
    }
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

  #posting(term: string): Posting {
    let p = this.#terms.get(term);
    if (!p) {
      p = new Posting();
      this.#terms.set(term, p);
      if (term[0] !== NAME_MARK) this.#fresh.push(term);
    }
    return p;
  }

  #add(key: string, u: TextUnit): number {
    const doc = this.#docs.length;
    const ts = terms(u.text);
    const positions = new Map<string, number[]>();
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      const a = positions.get(t);
      if (a) a.push(i);
      else positions.set(t, [i]);
    }
    let names = false;
    if (u.names?.length) {
      // Name norms sit past the text's positions, one name apart, so they never make a phrase with the text.
      let at = ts.length + 1;
      for (const n of u.names) {
        for (const norm of nameNorms(n)) {
          const t = NAME_MARK + norm;
          const a = positions.get(t);
          if (a) a.push(at);
          else positions.set(t, [at]);
          names = true;
          at++;
        }
        at++;
      }
    }
    for (const [t, ps] of positions) {
      const p = this.#posting(t);
      p.docs.push(doc - p.last);
      p.docs.push(ps.length);
      let prev = 0;
      for (const x of ps) {
        p.pos.push(x - prev);
        prev = x;
      }
      p.last = doc;
      p.df++;
    }
    this.#docs.push({ item: u.item, key, text: u.text, page: u.page, len: ts.length, names });
    this.#live++;
    this.#totalLen += ts.length;
    if (this.#fresh.length > 20_000) this.#mergeFresh();
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
   * The whole index as bytes: [u32 header length][header JSON][texts, UTF-8][posting buffers]. Not used by the
   * app (the index is never persisted, see ARCHITECTURE.md): the benchmark measures loading it from a sealed
   * blob against building it, which is how the choice was made.
   */
  serialise(): Uint8Array {
    this.seal();
    const enc = new TextEncoder();
    const texts: Uint8Array[] = [];
    const docs = this.#docs.map((d) => {
      if (!d) return null;
      const t = enc.encode(d.text);
      texts.push(t);
      return [d.item, d.key, d.page ?? null, d.len, d.names ? 1 : 0, t.length] as const;
    });
    const names = [...this.#terms.keys()].filter((t) => t[0] === NAME_MARK);
    const order = [...this.#sorted, ...names];
    const terms = order.map((t) => {
      const p = this.#terms.get(t)!;
      return [t, p.df, p.last, p.docs.len, p.pos.len] as const;
    });
    const header = enc.encode(JSON.stringify({ v: 1, docs, items: [...this.#items.values()], terms, sorted: this.#sorted.length, live: this.#live, totalLen: this.#totalLen }));
    let size = 4 + header.length;
    for (const t of texts) size += t.length;
    for (const t of order) size += this.#terms.get(t)!.docs.len + this.#terms.get(t)!.pos.len;
    const out = new Uint8Array(size);
    new DataView(out.buffer).setUint32(0, header.length);
    out.set(header, 4);
    let at = 4 + header.length;
    for (const t of texts) {
      out.set(t, at);
      at += t.length;
    }
    for (const t of order) {
      const p = this.#terms.get(t)!;
      out.set(p.docs.buf.subarray(0, p.docs.len), at);
      at += p.docs.len;
      out.set(p.pos.buf.subarray(0, p.pos.len), at);
      at += p.pos.len;
    }
    return out;
  }

  static deserialise(bytes: Uint8Array): FullTextIndex {
    const dec = new TextDecoder();
    const hl = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
    const h = JSON.parse(dec.decode(bytes.subarray(4, 4 + hl))) as {
      docs: ([string, string, number | null, number, number, number] | null)[];
      items: ItemMeta[];
      terms: [string, number, number, number, number][];
      sorted: number;
      live: number;
      totalLen: number;
    };
    const ix = new FullTextIndex();
    let at = 4 + hl;
    ix.#docs = h.docs.map((d) => {
      if (!d) return null;
      const text = dec.decode(bytes.subarray(at, at + d[5]));
      at += d[5];
      return { item: d[0], key: d[1], page: d[2] ?? undefined, len: d[3], names: d[4] === 1, text };
    });
    ix.#docs.forEach((d, i) => {
      if (!d) return;
      const a = ix.#byKey.get(d.key);
      if (a) a.push(i);
      else ix.#byKey.set(d.key, [i]);
    });
    for (const m of h.items) ix.#items.set(m.id, m);
    const sorted: string[] = [];
    h.terms.forEach(([t, df, last, dl, pl], i) => {
      const p = new Posting();
      p.docs.buf = bytes.subarray(at, at + dl);
      p.docs.len = dl;
      at += dl;
      p.pos.buf = bytes.subarray(at, at + pl);
      p.pos.len = pl;
      at += pl;
      p.df = df;
      p.last = last;
      ix.#terms.set(t, p);
      if (i < h.sorted) sorted.push(t);
    });
    ix.#sorted = sorted;
    ix.#live = h.live;
    ix.#totalLen = h.totalLen;
    return ix;
  }

  // ------------------------------------------------------------------------------------------ query

  #expandPrefix(prefix: string): string[] {
    const out: string[] = [];
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.#sorted.length && this.#sorted[i]!.startsWith(prefix); i++) out.push(this.#sorted[i]!);
    for (const t of this.#fresh) if (t.startsWith(prefix)) out.push(t);
    return this.#mostFrequent(out);
  }

  #expandFuzzy(term: string): string[] {
    const max = fuzzyEdits(term.length);
    if (max === 0) return this.#terms.has(term) ? [term] : [];
    const out: string[] = [];
    const check = (t: string) => {
      if (Math.abs(t.length - term.length) <= max && boundedEditDistance(term, t, max) <= max) out.push(t);
    };
    for (const t of this.#sorted) check(t);
    for (const t of this.#fresh) check(t);
    return this.#mostFrequent(out);
  }

  #mostFrequent(ts: string[]): string[] {
    if (ts.length <= MAX_EXPANSIONS) return ts;
    return ts.sort((a, b) => this.#terms.get(b)!.df - this.#terms.get(a)!.df).slice(0, MAX_EXPANSIONS);
  }

  #idf(df: number): number {
    return Math.log(1 + (this.#live - df + 0.5) / (df + 0.5));
  }

  #bm25(tf: number, len: number, avg: number): number {
    return (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
  }

  /** Score of every live doc that has any of these terms (weighted), restricted to `within` when given. */
  #scoreTerms(ts: readonly { term: string; weight: number }[], within: Map<number, number> | null): Map<number, number> {
    const out = new Map<number, number>();
    const avg = this.#live ? this.#totalLen / this.#live || 1 : 1;
    for (const { term, weight } of ts) {
      const p = this.#terms.get(term);
      if (!p) continue;
      const idf = this.#idf(p.df) * weight;
      const r = new Reader(p.docs.buf, p.docs.len);
      let doc = -1;
      while (r.more) {
        doc += r.next();
        const tf = r.next();
        const d = this.#docs[doc];
        if (!d || (within && !within.has(doc))) continue;
        const s = idf * this.#bm25(tf, d.len, avg);
        const prev = out.get(doc);
        // Expansions of one clause: the best of them counts, not their sum.
        if (prev === undefined || s > prev) out.set(doc, s);
      }
    }
    return out;
  }

  /** Positions of a term per doc (docs restricted to `within`). */
  #positions(term: string, within: Set<number> | null): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const p = this.#terms.get(term);
    if (!p) return out;
    const dr = new Reader(p.docs.buf, p.docs.len);
    const pr = new Reader(p.pos.buf, p.pos.len);
    let doc = -1;
    while (dr.more) {
      doc += dr.next();
      const tf = dr.next();
      const keep = this.#docs[doc] !== null && (!within || within.has(doc));
      let at = 0;
      const ps: number[] = keep ? [] : (undefined as never);
      for (let k = 0; k < tf; k++) {
        at += pr.next();
        if (keep) ps.push(at);
      }
      if (keep) out.set(doc, ps);
    }
    return out;
  }

  #phrase(ts: readonly string[], within: Map<number, number> | null): Map<number, number> {
    const ps = ts.map((t) => this.#terms.get(t));
    if (ps.some((p) => !p)) return new Map();
    // Start from the rarest term's docs.
    let order = ts.map((t, i) => ({ t, i, df: ps[i]!.df })).sort((a, b) => a.df - b.df);
    let cand: Set<number> | null = within ? new Set(within.keys()) : null;
    const pos = new Array<Map<number, number[]>>(ts.length);
    for (const o of order) {
      const m = this.#positions(o.t, cand);
      pos[o.i] = m;
      cand = new Set(m.keys());
      if (!cand.size) return new Map();
    }
    order = [];
    const out = new Map<number, number>();
    const avg = this.#live ? this.#totalLen / this.#live || 1 : 1;
    const idf = ps.reduce((s, p) => s + this.#idf(p!.df), 0);
    for (const doc of cand!) {
      const first = new Set(pos[0]!.get(doc)!);
      let starts = [...first];
      for (let k = 1; k < ts.length && starts.length; k++) {
        const at = new Set(pos[k]!.get(doc)!);
        starts = starts.filter((s) => at.has(s + k));
      }
      if (starts.length) out.set(doc, idf * this.#bm25(starts.length, this.#docs[doc]!.len, avg));
    }
    return out;
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
    if (c.type === 'phrase') return Math.min(...c.terms.map((t) => this.#terms.get(t)?.df ?? 0));
    if (c.type === 'word') return this.#terms.get(c.terms[0]!)?.df ?? 0;
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
    clauses.sort((a, b) => this.#estimate(a) - this.#estimate(b));
    let scores: Map<number, number> | null = null;
    const highlight = new Set<string>();
    let nameQuery: string[] = [];
    for (const c of clauses) {
      const ts = this.#clauseTerms(c);
      for (const t of ts) {
        if (t.term[0] === NAME_MARK) nameQuery.push(t.term.slice(1));
        else highlight.add(t.term);
      }
      const got: Map<number, number> = c.type === 'phrase' ? this.#phrase(c.terms, scores) : this.#scoreTerms(ts, scores);
      if (scores) {
        const prev: Map<number, number> = scores;
        for (const [doc, s] of got) got.set(doc, s + prev.get(doc)!);
      }
      scores = got;
      if (!scores.size) break;
    }
    nameQuery = [...new Set(nameQuery)];
    const kinds = q.kinds?.length ? new Set(q.kinds) : null;
    const grades = q.grades?.length ? new Set(q.grades) : null;
    const passes = new Map<string, ItemMeta | null>();
    const top = new TopK(Math.max(1, q.limit ?? 50));
    for (const [doc, score] of scores ?? []) {
      const d = this.#docs[doc]!;
      let meta = passes.get(d.item);
      if (meta === undefined) {
        const m = this.#items.get(d.item);
        const ok = !!m && (!q.caseId || m.caseId === q.caseId) && (!kinds || kinds.has(m.kind)) && (!grades || (m.grade !== undefined && grades.has(m.grade))) && datePasses(m.date, q.from, q.to);
        meta = ok ? m! : null;
        passes.set(d.item, meta);
      }
      if (!meta) continue;
      counts[meta.kind]++;
      top.offer(score, doc);
    }
    const hits = top.sorted().map(({ score, doc }) => {
      const d = this.#docs[doc]!;
      const m = this.#items.get(d.item)!;
      const { snippet, highlights } = makeSnippet(d.text, highlight, d.names ? nameQuery : []);
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
