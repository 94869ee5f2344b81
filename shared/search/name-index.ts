/**
 * In-memory name index: every name, original-script name and alias of every entity, normalised
 * (./normalise.ts), searchable by any spelling, in any word order, while typing. Pure TypeScript: the search
 * worker holds one, the CLI builds one in process, and the renderer could too.
 *
 * fuse.js alone compares the query with every name (~450 ms per query at 100k names, measured in the issue),
 * so the index narrows the candidates first and lets fuse.js rank only those:
 *
 *  vocabulary   one Term per distinct token norm, holding the ids of the names that contain it (postings);
 *  text keys    norm -> terms, and tail -> terms ("rahman" -> the term "abdrahman"), kept sorted too, so a
 *               prefix is a binary search (results while typing);
 *  skeleton keys the same for consonant skeletons (other scripts, other vowels);
 *  trigrams     trigram -> text keys, for typos (only keys of similar length and enough shared trigrams are
 *               compared with the edit distance).
 *
 * A query is normalised; each of its words looks up the terms it could match (exact, skeleton, tail, prefix
 * for the last word, typo) and scores each term once with tokenSimilarity. The word with the fewest postings
 * drives: only the names it reaches are candidates (every word must match, but one may be missing from a query
 * of three or more). Each candidate's tokens are aligned one-to-one with the query's (alignTokens, from the
 * precomputed term scores), the best few per entity go to fuse.js, which scores their normalised forms against
 * the normalised query, and the final score blends the two.
 */
import Fuse from 'fuse.js';
import { contentTokens, nameTokens, normaliseName, type NameToken } from './normalise';
import { bagAdd, initialSimilarity, trigramsOf } from './index-keys';
import { EXTRA_TOKEN_PENALTY, maxEdits, MIN_TOKEN_SIM, tokenSimilarity, type TokenLike } from './similarity';

/** What the index needs to know about an entity: never more than its names (no witness identity, no notes). */
export interface EntityNames {
  id: string;
  caseId: string;
  kind: string;
  name: string;
  originalScriptName?: string | undefined;
  aliases?: readonly (string | { value: string })[];
}

export type NameField = 'name' | 'originalScriptName' | 'alias';

export interface NameQueryOptions {
  caseId?: string | undefined;
  kinds?: readonly string[] | undefined;
  /** Hits to return (default 20). */
  limit?: number | undefined;
}

export interface NameHit {
  id: string;
  caseId: string;
  kind: string;
  /** The entity's primary name. */
  name: string;
  /** The name or alias that matched, when it is not the primary name. */
  matched: string | null;
  /** 0..1, higher is better. */
  score: number;
}

interface Term extends TokenLike {
  /** Dense id (reused after removal), so a query can keep per-term scores in typed arrays. */
  tid: number;
  /** Ids of the names containing it (a plain array: most terms have a handful, iteration is the hot path). */
  postings: number[];
  /** Last lookup that considered this term (dedupes without a Set per lookup). */
  mark: number;
}

/** A text key (norm or tail) with a dense id, for counting shared trigrams in a typed array. */
interface TextKey {
  key: string;
  kid: number;
  terms: Term[];
}

interface EntityEntry {
  id: string;
  caseId: string;
  kind: string;
  name: string;
  nameIds: number[];
}

interface NameEntry {
  entity: EntityEntry;
  value: string;
  field: NameField;
  /** Content tokens in written order, as shared vocabulary terms (a repeated word appears twice). */
  terms: Term[];
  /**
   * First letter of each token as written (after transliteration), for initials: "C." for "Chérif" (norm
   * "sherif"). Null when every one is also the first letter of its norm, as it almost always is.
   */
  firsts: string | null;
}

/** Candidate names scored per query, beyond which the lowest-scoring terms of the driving word are skipped. */
const CANDIDATE_BUDGET = 60_000;
/** Prefix and typo lookups stop after this many keys (a one-letter prefix would otherwise reach everything). */
const KEY_BUDGET = 2_000;
/** Query words considered (a pasted paragraph is not a name). */
const MAX_QUERY_TOKENS = 8;
/** Share of the final score that comes from fuse.js; the rest is the token alignment. */
const FUSE_WEIGHT = 0.2;

/** A sorted array of keys for prefix ranges; additions are merged in lazily, removals filtered on read. */
class SortedKeys {
  #sorted: string[] = [];
  #pending: string[] = [];
  #stale = 0;
  readonly #live: (key: string) => boolean;

  constructor(live: (key: string) => boolean) {
    this.#live = live;
  }

  add(key: string): void {
    this.#pending.push(key);
  }

  reset(): void {
    this.#sorted = [];
    this.#pending = [];
    this.#stale = 0;
  }

  removed(): void {
    this.#stale++;
  }

  #lowerBound(key: string): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#sorted[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #settle(): void {
    if (this.#pending.length > 64 || this.#stale > this.#sorted.length / 4) {
      const all = [...this.#sorted, ...this.#pending].filter((k) => this.#live(k)).sort();
      this.#sorted = all.filter((k, i) => i === 0 || k !== all[i - 1]);
      this.#stale = 0;
    } else {
      // A few edits after the initial build: insert in place rather than re-sort everything.
      for (const k of this.#pending) {
        const at = this.#lowerBound(k);
        if (this.#sorted[at] !== k) this.#sorted.splice(at, 0, k);
      }
    }
    this.#pending = [];
  }

  /** Live keys starting with `prefix`, shortest-first is not guaranteed (lexical order), at most `max`. */
  withPrefix(prefix: string, max: number): string[] {
    if (this.#pending.length || this.#stale) this.#settle();
    const out: string[] = [];
    for (let i = this.#lowerBound(prefix); i < this.#sorted.length && out.length < max; i++) {
      const k = this.#sorted[i]!;
      if (!k.startsWith(prefix)) break;
      if (this.#live(k)) out.push(k);
    }
    return out;
  }
}

/** Remove one occurrence (order does not matter: the last element fills the gap). */
function bagRemove<V>(a: V[], v: V): boolean {
  const i = a.lastIndexOf(v);
  if (i < 0) return false;
  const last = a.pop()!;
  if (i < a.length) a[i] = last;
  return true;
}

/** Remove from the bag under `k`; true when that emptied (and dropped) it. */
function bagRemoveFrom<K, V>(m: Map<K, V[]>, k: K, v: V): boolean {
  const a = m.get(k);
  if (!a || !bagRemove(a, v) || a.length) return false;
  m.delete(k);
  return true;
}

/** A bounded min-heap of the best candidates by score. */
class TopK<T> {
  readonly #items: { score: number; item: T }[] = [];
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#items.length;
  }

  get floor(): number {
    return this.#items.length < this.capacity ? -Infinity : this.#items[0]!.score;
  }

  push(score: number, item: T): void {
    const h = this.#items;
    if (h.length < this.capacity) {
      h.push({ score, item });
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p]!.score <= h[i]!.score) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    if (score <= h[0]!.score) return;
    h[0] = { score, item };
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.score < h[m]!.score) m = l;
      if (r < h.length && h[r]!.score < h[m]!.score) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }

  sorted(): { score: number; item: T }[] {
    return [...this.#items].sort((a, b) => b.score - a.score);
  }
}

export class NameIndex {
  readonly #entities = new Map<string, EntityEntry>();
  readonly #names: (NameEntry | undefined)[] = [];
  readonly #free: number[] = [];
  /** norm -> term */
  readonly #terms = new Map<string, Term>();
  readonly #freeTids: number[] = [];
  #nextTid = 0;
  /** norm or tail -> terms */
  readonly #textKeys = new Map<string, TextKey>();
  readonly #keyById: (TextKey | undefined)[] = [];
  readonly #freeKids: number[] = [];
  #termMark = 0;
  /** Shared-trigram counts by key id during a typo lookup; reset after each. */
  #gramCounts = new Uint16Array(1024);
  /** skeleton or tail skeleton -> terms */
  readonly #skelKeys = new Map<string, Term[]>();
  /** By key length: trigram -> ids of the text keys (3+ letters) of that length containing it. */
  #trigrams: Map<string, number[]>[] = [];
  readonly #sortedText = new SortedKeys((k) => this.#textKeys.has(k));
  readonly #sortedSkel = new SortedKeys((k) => this.#skelKeys.has(k));
  /** Per-query visit marks, by name id (cheaper than a Set per query). */
  #stamp = new Uint32Array(1024);
  #epoch = 0;
  /** Per-query term scores, one array per query word, indexed by term id; reset after each query. */
  #simBufs: Float32Array[] = [];

  get entityCount(): number {
    return this.#entities.size;
  }

  get nameCount(): number {
    return this.#names.length - this.#free.length;
  }

  get termCount(): number {
    return this.#terms.size;
  }

  has(id: string): boolean {
    return this.#entities.has(id);
  }

  /** Add an entity, or replace everything indexed for it. */
  upsert(e: EntityNames): void {
    this.remove(e.id);
    const entry: EntityEntry = { id: e.id, caseId: e.caseId, kind: e.kind, name: e.name, nameIds: [] };
    this.#entities.set(e.id, entry);
    const seen: string[] = [];
    const add = (value: string | undefined, field: NameField) => {
      const v = value?.trim();
      if (!v || seen.includes(v)) return;
      seen.push(v);
      this.#addName(entry, v, field);
    };
    add(e.name, 'name');
    add(e.originalScriptName, 'originalScriptName');
    for (const a of e.aliases ?? []) add(typeof a === 'string' ? a : a.value, 'alias');
  }

  remove(id: string): boolean {
    const entry = this.#entities.get(id);
    if (!entry) return false;
    for (const nid of entry.nameIds) {
      const n = this.#names[nid]!;
      for (const t of n.terms) {
        if (bagRemove(t.postings, nid) && t.postings.length === 0) this.#dropTerm(t);
      }
      this.#names[nid] = undefined;
      this.#free.push(nid);
    }
    this.#entities.delete(id);
    return true;
  }

  /** Drop everything (at lock the worker is simply terminated; this is for the in-process index). */
  clear(): void {
    this.#entities.clear();
    this.#names.length = 0;
    this.#free.length = 0;
    this.#terms.clear();
    this.#freeTids.length = 0;
    this.#nextTid = 0;
    this.#textKeys.clear();
    this.#keyById.length = 0;
    this.#freeKids.length = 0;
    this.#skelKeys.clear();
    this.#trigrams = [];
    this.#sortedText.reset();
    this.#sortedSkel.reset();
  }

  #addName(entity: EntityEntry, value: string, field: NameField): void {
    const tokens = contentTokens(nameTokens(value));
    if (!tokens.length) return;
    const nid = this.#free.pop() ?? this.#names.length;
    const terms: Term[] = [];
    let firsts = '';
    let differs = false;
    for (const tok of tokens) {
      const term = this.#term(tok);
      terms.push(term);
      firsts += tok.raw[0] ?? ' ';
      differs ||= tok.raw[0] !== tok.norm[0];
      term.postings.push(nid);
    }
    this.#names[nid] = { entity, value, field, terms, firsts: differs ? firsts : null };
    entity.nameIds.push(nid);
  }

  #term(tok: NameToken): Term {
    const existing = this.#terms.get(tok.norm);
    if (existing) return existing;
    const tid = this.#freeTids.pop() ?? this.#nextTid++;
    const t: Term = { tid, norm: tok.norm, skeleton: tok.skeleton, initial: tok.norm.length === 1, postings: [], mark: 0 };
    if (tok.tail !== undefined) {
      t.tail = tok.tail;
      t.tailSkeleton = tok.tailSkeleton;
    }
    this.#terms.set(t.norm, t);
    this.#addTextKey(t.norm, t);
    if (t.tail !== undefined) this.#addTextKey(t.tail, t);
    if (t.skeleton) this.#addSkelKey(t.skeleton, t);
    if (t.tailSkeleton) this.#addSkelKey(t.tailSkeleton, t);
    return t;
  }

  #addTextKey(key: string, t: Term): void {
    const existing = this.#textKeys.get(key);
    if (existing) {
      if (!existing.terms.includes(t)) existing.terms.push(t);
      return;
    }
    const kid = this.#freeKids.pop() ?? this.#keyById.length;
    const k: TextKey = { key, kid, terms: [t] };
    this.#textKeys.set(key, k);
    this.#keyById[kid] = k;
    this.#sortedText.add(key);
    if (key.length >= 3) {
      const byGram = (this.#trigrams[key.length] ??= new Map());
      for (const g of trigramsOf(key)) bagAdd(byGram, g, kid);
    }
  }

  #addSkelKey(key: string, t: Term): void {
    if (!this.#skelKeys.has(key)) this.#sortedSkel.add(key);
    bagAdd(this.#skelKeys, key, t);
  }

  #dropTerm(t: Term): void {
    if (this.#terms.get(t.norm) !== t) return;
    this.#terms.delete(t.norm);
    this.#freeTids.push(t.tid);
    for (const key of t.tail !== undefined ? [t.norm, t.tail] : [t.norm]) {
      const k = this.#textKeys.get(key);
      if (!k || !bagRemove(k.terms, t) || k.terms.length) continue;
      this.#textKeys.delete(key);
      this.#keyById[k.kid] = undefined;
      this.#freeKids.push(k.kid);
      this.#sortedText.removed();
      const byGram = this.#trigrams[key.length];
      if (byGram) for (const g of trigramsOf(key)) bagRemoveFrom(byGram, g, k.kid);
    }
    for (const key of [t.skeleton, t.tailSkeleton]) {
      if (key && bagRemoveFrom(this.#skelKeys, key, t)) this.#sortedSkel.removed();
    }
  }

  /**
   * Every term query word `q` could match, each scored once with tokenSimilarity: its score goes into `buf` (by
   * term id) and the term into the returned list. Lookups: exact and tail by text key, skeleton and tail
   * skeleton, a stored initial, prefixes of the last word, and typos through shared trigrams.
   */
  #termMatches(q: NameToken, prefix: boolean, buf: Float32Array): Term[] {
    const out: Term[] = [];
    const mark = ++this.#termMark;
    const consider = (t: Term) => {
      if (t.mark === mark) return;
      t.mark = mark;
      const m = q.initial ? tokenSimilarity(q, t) : tokenSimilarity(q, t, prefix);
      if (m && m.sim >= MIN_TOKEN_SIM) {
        buf[t.tid] = m.sim;
        out.push(t);
      }
    };
    const fromText = (k: string | undefined) => {
      if (k) for (const t of this.#textKeys.get(k)?.terms ?? []) consider(t);
    };
    const fromSkel = (k: string | undefined) => {
      if (k) for (const t of this.#skelKeys.get(k) ?? []) consider(t);
    };
    if (q.initial) {
      // Only initials were typed: the last one reaches the words starting with its letter.
      for (const k of this.#sortedText.withPrefix(q.norm, KEY_BUDGET)) fromText(k);
      return out;
    }
    fromText(q.norm);
    fromText(q.tail);
    fromSkel(q.skeleton);
    fromSkel(q.tailSkeleton);
    // A stored initial ("A. Milad") can stand for this word.
    const first = this.#terms.get(q.norm[0] ?? '');
    if (first?.initial) consider(first);
    if (prefix) {
      if (q.norm.length >= 2) for (const k of this.#sortedText.withPrefix(q.norm, KEY_BUDGET)) fromText(k);
      if (q.skeleton.length >= 2) for (const k of this.#sortedSkel.withPrefix(q.skeleton, KEY_BUDGET)) fromSkel(k);
    }
    const edits = maxEdits(q.norm.length);
    // Typos, looked for only when the word is not itself in the vocabulary (as a spelling checker does): keys of
    // about the same length sharing enough trigrams (one edit changes at most three, a transposition four).
    if (edits > 0 && !this.#textKeys.has(q.norm)) {
      const grams = trigramsOf(q.norm);
      const need = Math.max(1, grams.length - 4 * edits);
      if (this.#gramCounts.length < this.#keyById.length) this.#gramCounts = new Uint16Array(this.#keyById.length * 2);
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
        if (counts[kid]! >= need && n++ < KEY_BUDGET) for (const t of this.#keyById[kid]!.terms) consider(t);
        counts[kid] = 0;
      }
    }
    return out;
  }

  query(text: string, opts: NameQueryOptions = {}): NameHit[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 20, 1000));
    const qn = normaliseName(text);
    const q = contentTokens(qn.tokens).slice(0, MAX_QUERY_TOKENS);
    if (!q.length) return [];
    const last = q.length - 1;
    const bufs = this.#scoreBuffers(q.length);
    const onlyInitials = q.every((t) => t.initial);
    // Initials are checked on each candidate (they depend on the letter as written), except when they are all
    // there is: then the last one drives.
    const matched: (Term[] | null)[] = q.map((t, i) => (t.initial && !(onlyInitials && i === last) ? null : this.#termMatches(t, i === last, bufs[i]!)));
    try {
      const drivers = matched
        .map((terms, i) => ({ i, terms, size: terms ? terms.reduce((n, t) => n + t.postings.length, 0) : Infinity }))
        .filter((d): d is { i: number; terms: Term[]; size: number } => d.terms !== null)
        .sort((a, b) => a.size - b.size);
      const scan = (allowMissing: number) => this.#scan(q, bufs, drivers.slice(0, 1 + allowMissing), allowMissing, opts, limit);
      let found = scan(0);
      // Every word must match; only when that finds too little may one word of three or more be missing.
      const words = q.filter((t) => !t.initial).length;
      if (found.size < limit && words >= 3 && drivers.length >= 2) found = scan(1);
      return this.#rank(qn.key, qn.skeletonKey, found.sorted(), limit);
    } finally {
      for (let i = 0; i < q.length; i++) for (const t of matched[i] ?? []) bufs[i]![t.tid] = 0;
    }
  }

  #scoreBuffers(n: number): Float32Array[] {
    const size = Math.max(this.#nextTid, 64);
    for (let i = 0; i < n; i++) {
      const b = this.#simBufs[i];
      if (!b || b.length < size) this.#simBufs[i] = new Float32Array(Math.max(size, (b?.length ?? 0) * 2));
    }
    return this.#simBufs;
  }

  /** Candidates reached from the driving words, scored by alignment; the best few names in a heap. */
  #scan(q: NameToken[], bufs: Float32Array[], sources: { i: number; terms: Term[] }[], allowMissing: number, opts: NameQueryOptions, limit: number): TopK<NameEntry> {
    const kinds = opts.kinds?.length ? new Set(opts.kinds) : null;
    const epoch = this.#nextEpoch();
    const stamp = this.#stamp;
    const heap = new TopK<NameEntry>(Math.max(limit * 5, 50));
    const minExtra = (m: number) => Math.min(Math.max(0, m - q.length), 5);
    let visited = 0;
    for (const src of sources) {
      // Strongest terms first, so the budget cuts only the weakest candidates.
      const buf = bufs[src.i]!;
      const terms = [...src.terms].sort((a, b) => buf[b.tid]! - buf[a.tid]!);
      for (const term of terms) {
        if (visited >= CANDIDATE_BUDGET) break;
        for (const nid of term.postings) {
          if (stamp[nid] === epoch) continue;
          stamp[nid] = epoch;
          visited++;
          const n = this.#names[nid]!;
          if (opts.caseId && n.entity.caseId !== opts.caseId) continue;
          if (kinds && !kinds.has(n.entity.kind)) continue;
          // The best this name could score (each unaligned name word costs): skip what cannot enter the heap.
          if (1 - EXTRA_TOKEN_PENALTY * minExtra(n.terms.length) <= heap.floor) continue;
          const score = alignScore(q, n, bufs, allowMissing);
          if (score >= MIN_TOKEN_SIM && score > heap.floor) heap.push(score, n);
        }
      }
    }
    return heap;
  }

  #nextEpoch(): number {
    if (this.#stamp.length < this.#names.length) {
      const grown = new Uint32Array(Math.max(this.#names.length, this.#stamp.length * 2));
      grown.set(this.#stamp);
      this.#stamp = grown;
    }
    this.#epoch = (this.#epoch + 1) >>> 0;
    if (this.#epoch === 0) {
      this.#stamp.fill(0);
      this.#epoch = 1;
    }
    return this.#epoch;
  }

  /** Best name per entity, ranked by fuse.js over the normalised forms and blended with the alignment score. */
  #rank(qKey: string, qSkel: string, scored: { score: number; item: NameEntry }[], limit: number): NameHit[] {
    const best = new Map<EntityEntry, { score: number; item: NameEntry }>();
    for (const s of scored) {
      const prev = best.get(s.item.entity);
      // On a tie the primary name wins over an alias, so `matched` is only set when an alias did better.
      if (!prev || s.score > prev.score || (s.score === prev.score && FIELD_RANK[s.item.field] < FIELD_RANK[prev.item.field])) best.set(s.item.entity, s);
    }
    const cands = [...best.values()].sort((a, b) => b.score - a.score).slice(0, Math.max(limit * 4, 40));
    if (!cands.length) return [];
    const docs = cands.map((c) => ({
      key: c.item.terms.map((t) => t.norm).sort().join(' '),
      skel: c.item.terms.map((t) => t.skeleton).sort().join(' '),
    }));
    const fuse = new Fuse(docs, {
      keys: ['key', 'skel'],
      includeScore: true,
      ignoreLocation: true,
      useExtendedSearch: true,
      threshold: 0.6,
      shouldSort: false,
    });
    const fuseScore = new Map<number, number>();
    // Extended search: each space-separated word is a fuzzy term; all must match. One-letter words (initials)
    // would match anything and are left to the alignment.
    const terms = (s: string) => s.split(' ').filter((w) => w.length > 1).join(' ');
    const expr = [terms(qKey) && { key: terms(qKey) }, terms(qSkel) && { skel: terms(qSkel) }].filter((x): x is { key: string } | { skel: string } => !!x);
    if (expr.length) for (const r of fuse.search({ $or: expr })) fuseScore.set(r.refIndex, r.score ?? 1);
    const hits = cands.map((c, i) => {
      const e = c.item.entity;
      const score = (1 - FUSE_WEIGHT) * c.score + FUSE_WEIGHT * (1 - (fuseScore.get(i) ?? 1));
      return { id: e.id, caseId: e.caseId, kind: e.kind, name: e.name, matched: c.item.field === 'name' ? null : c.item.value, score: Math.round(score * 1000) / 1000 };
    });
    hits.sort((a, b) => b.score - a.score || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1));
    return hits.slice(0, limit);
  }
}

const FIELD_RANK: Record<NameField, number> = { name: 0, originalScriptName: 1, alias: 2 };

// Scratch space for alignScore: a query has at most MAX_QUERY_TOKENS words; names longer than this are cut.
const MAX_NAME_TOKENS = 24;
const scratch = new Float64Array(MAX_QUERY_TOKENS * MAX_NAME_TOKENS);
const usedQ = new Uint8Array(MAX_QUERY_TOKENS);
const usedN = new Uint8Array(MAX_NAME_TOKENS);

/**
 * alignTokens (./similarity.ts) for one candidate, without allocating: term scores come from the per-query
 * buffers, initials are checked here (they depend on the letter as written). Same greedy, same score.
 * Returns -1 when more query words are unmatched than allowed.
 */
function alignScore(q: readonly NameToken[], n: NameEntry, bufs: readonly Float32Array[], allowMissing: number): number {
  const k = q.length;
  const m = Math.min(n.terms.length, MAX_NAME_TOKENS);
  if (k === 1 && !q[0]!.initial) {
    // The common case, one word typed so far.
    const buf = bufs[0]!;
    let best = 0;
    for (let j = 0; j < m; j++) best = Math.max(best, buf[n.terms[j]!.tid]!);
    if (best < MIN_TOKEN_SIM) return -1;
    return best * (1 - EXTRA_TOKEN_PENALTY * Math.min(n.terms.length - 1, 5));
  }
  for (let i = 0; i < k; i++) {
    const qi = q[i]!;
    for (let j = 0; j < m; j++) {
      const t = n.terms[j]!;
      scratch[i * m + j] = qi.initial ? initialSimilarity(qi, t, n.firsts?.[j]) : bufs[i]![t.tid]!;
    }
  }
  usedQ.fill(0, 0, k);
  usedN.fill(0, 0, m);
  let total = 0;
  let weight = 0;
  let missing = 0;
  let pairs = 0;
  for (;;) {
    let bi = -1;
    let bj = -1;
    let bs = MIN_TOKEN_SIM - 1e-9;
    for (let i = 0; i < k; i++) {
      if (usedQ[i]) continue;
      for (let j = 0; j < m; j++) {
        const v = scratch[i * m + j]!;
        if (!usedN[j] && v > bs) {
          bs = v;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) break;
    usedQ[bi] = 1;
    usedN[bj] = 1;
    pairs++;
    total += (q[bi]!.initial ? 0.5 : 1) * bs;
  }
  for (let i = 0; i < k; i++) {
    weight += q[i]!.initial ? 0.5 : 1;
    if (!usedQ[i] && !q[i]!.initial) missing++;
  }
  if (missing > allowMissing) return -1;
  const extra = n.terms.length - pairs;
  return (total / weight) * (1 - EXTRA_TOKEN_PENALTY * Math.min(extra, 5));
}

