/**
 * In-memory name index: every name, original-script name and alias of every entity, normalised
 * (./normalise.ts), searchable by any spelling, in any word order, while typing. Pure TypeScript: the search
 * worker holds one, the CLI builds one in process, and the renderer could too.
 *
 * fuse.js alone compares the query with every name (~450 ms per query at 100k names, measured in the issue),
 * so the index narrows the candidates first and lets fuse.js rank only those:
 *
 *  vocabulary   one Term per distinct token norm, holding the ids of the names that contain it (postings); its
 *               text, skeleton and trigram keys, and the lookup of the terms a query word could match (exact,
 *               skeleton, tail, prefix, typo), are ./vocabulary.ts, shared with the sanctions list matcher.
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
import { initialSimilarity } from './index-keys';
import { EXTRA_TOKEN_PENALTY, MIN_TOKEN_SIM, tokenSimilarity } from './similarity';
import { bagRemove, TermVocabulary, type VocabTerm } from './vocabulary';

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

interface Term extends VocabTerm {
  /** Dense id (reused after removal), so a query can keep per-term scores in typed arrays. */
  tid: number;
  /** Ids of the names containing it (a plain array: most terms have a handful, iteration is the hot path). */
  postings: number[];
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
/** Query words considered (a pasted paragraph is not a name). */
const MAX_QUERY_TOKENS = 8;
/** Share of the final score that comes from fuse.js; the rest is the token alignment. */
const FUSE_WEIGHT = 0.2;

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
  /** Terms by norm, their text, skeleton and trigram keys (./vocabulary.ts). */
  readonly #vocab = new TermVocabulary<Term>();
  readonly #freeTids: number[] = [];
  #nextTid = 0;
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
    return this.#vocab.size;
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
    this.#vocab.clear();
    this.#freeTids.length = 0;
    this.#nextTid = 0;
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
    const existing = this.#vocab.get(tok.norm);
    if (existing) return existing;
    const tid = this.#freeTids.pop() ?? this.#nextTid++;
    const t: Term = { tid, norm: tok.norm, skeleton: tok.skeleton, initial: tok.norm.length === 1, postings: [], mark: 0 };
    if (tok.tail !== undefined) {
      t.tail = tok.tail;
      t.tailSkeleton = tok.tailSkeleton;
    }
    this.#vocab.add(t);
    return t;
  }

  #dropTerm(t: Term): void {
    if (this.#vocab.remove(t)) this.#freeTids.push(t.tid);
  }

  /**
   * Every term query word `q` could match, each scored once with tokenSimilarity: its score goes into `buf` (by
   * term id) and the term into the returned list. Lookups: exact and tail by text key, skeleton and tail
   * skeleton, a stored initial, prefixes of the last word, and typos through shared trigrams.
   */
  #termMatches(q: NameToken, prefix: boolean, buf: Float32Array): Term[] {
    const out: Term[] = [];
    this.#vocab.lookup(
      q,
      (t) => {
        const m = q.initial ? tokenSimilarity(q, t) : tokenSimilarity(q, t, prefix);
        if (m && m.sim >= MIN_TOKEN_SIM) {
          buf[t.tid] = m.sim;
          out.push(t);
        }
      },
      prefix,
    );
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

