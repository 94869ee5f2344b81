/**
 * The term vocabulary both in-memory name indexes keep — the entity search index (name-index.ts) and the
 * sanctions list matcher (main/core/screening/matcher.ts) — and the one lookup of the terms a query word could
 * match. Each index owns its terms (ids, postings, weights); this module knows only their keys:
 *
 *  terms        norm -> term (one per distinct token norm);
 *  text keys    norm -> terms, and tail -> terms ("rahman" -> the term "abdrahman"), each with a dense key id;
 *               sorted on first use, so a prefix is a binary search (results while typing);
 *  skeleton keys the same for consonant skeletons (other scripts, other vowels);
 *  trigrams     by key length, trigram -> ids of the text keys (3+ letters) containing it, for typos: only keys of
 *               about the same length sharing enough trigrams are offered (one edit changes at most three
 *               trigrams, a transposition four); the caller scores what it is offered.
 *
 * lookup() offers each term once per query word, in a fixed order: exact and tail, skeleton and tail skeleton,
 * a stored initial, prefixes (of the word being typed), then typos — looked for only when the word is not
 * itself in the vocabulary, as a spelling checker does.
 */
import { bagAdd, trigramsOf } from './index-keys';
import type { NameToken } from './normalise';
import { maxEdits, type TokenLike } from './similarity';

/** What the vocabulary needs of a term: its keys, and a mark it sets to offer it once per lookup. */
export interface VocabTerm extends TokenLike {
  /** Last lookup that offered this term (dedupes without a Set per lookup). */
  mark: number;
}

/** Prefix and typo lookups stop after this many keys (a one-letter prefix would otherwise reach everything). */
export const KEY_BUDGET = 2_000;

/** A text key (norm or tail) with a dense id, for counting shared trigrams in a typed array. */
interface TextKey<T> {
  key: string;
  kid: number;
  terms: T[];
}

/** Remove one occurrence (order does not matter: the last element fills the gap). */
export function bagRemove<V>(a: V[], v: V): boolean {
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

/** A sorted array of keys for prefix ranges; additions are merged in lazily, removals filtered on read. */
class SortedKeys {
  #sorted: string[] = [];
  #pending: string[];
  #stale = 0;
  readonly #live: (key: string) => boolean;

  constructor(live: (key: string) => boolean, keys: Iterable<string>) {
    this.#live = live;
    this.#pending = [...keys];
  }

  add(key: string): void {
    this.#pending.push(key);
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

  /** Live keys starting with `prefix`, in lexical order (not shortest first), at most `max`. */
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

export class TermVocabulary<T extends VocabTerm> {
  /** norm -> term */
  readonly #terms = new Map<string, T>();
  /** norm or tail -> terms */
  readonly #textKeys = new Map<string, TextKey<T>>();
  readonly #keyById: (TextKey<T> | undefined)[] = [];
  readonly #freeKids: number[] = [];
  /** skeleton or tail skeleton -> terms */
  readonly #skelKeys = new Map<string, T[]>();
  /** By key length: trigram -> ids of the text keys (3+ letters) of that length containing it. */
  #trigrams: Map<string, number[]>[] = [];
  /** Built on the first prefix lookup (the list matcher never makes one). */
  #sortedText: SortedKeys | null = null;
  #sortedSkel: SortedKeys | null = null;
  #mark = 0;
  /** Shared-trigram counts by key id during a typo lookup; reset after each. */
  #gramCounts = new Uint16Array(1024);

  get size(): number {
    return this.#terms.size;
  }

  get(norm: string): T | undefined {
    return this.#terms.get(norm);
  }

  /** Register a new term under its norm, tail, skeleton and tail skeleton. */
  add(t: T): void {
    this.#terms.set(t.norm, t);
    this.#addTextKey(t.norm, t);
    if (t.tail !== undefined) this.#addTextKey(t.tail, t);
    if (t.skeleton) this.#addSkelKey(t.skeleton, t);
    if (t.tailSkeleton) this.#addSkelKey(t.tailSkeleton, t);
  }

  /** Unregister a term and the keys only it held; false when it is not the term registered under its norm. */
  remove(t: T): boolean {
    if (this.#terms.get(t.norm) !== t) return false;
    this.#terms.delete(t.norm);
    for (const key of t.tail !== undefined ? [t.norm, t.tail] : [t.norm]) {
      const k = this.#textKeys.get(key);
      if (!k || !bagRemove(k.terms, t) || k.terms.length) continue;
      this.#textKeys.delete(key);
      this.#keyById[k.kid] = undefined;
      this.#freeKids.push(k.kid);
      this.#sortedText?.removed();
      const byGram = this.#trigrams[key.length];
      if (byGram) for (const g of trigramsOf(key)) bagRemoveFrom(byGram, g, k.kid);
    }
    for (const key of [t.skeleton, t.tailSkeleton]) {
      if (key && bagRemoveFrom(this.#skelKeys, key, t)) this.#sortedSkel?.removed();
    }
    return true;
  }

  clear(): void {
    this.#terms.clear();
    this.#textKeys.clear();
    this.#keyById.length = 0;
    this.#freeKids.length = 0;
    this.#skelKeys.clear();
    this.#trigrams = [];
    this.#sortedText = null;
    this.#sortedSkel = null;
  }

  #addTextKey(key: string, t: T): void {
    const existing = this.#textKeys.get(key);
    if (existing) {
      if (!existing.terms.includes(t)) existing.terms.push(t);
      return;
    }
    const kid = this.#freeKids.pop() ?? this.#keyById.length;
    const k: TextKey<T> = { key, kid, terms: [t] };
    this.#textKeys.set(key, k);
    this.#keyById[kid] = k;
    this.#sortedText?.add(key);
    if (key.length >= 3) {
      const byGram = (this.#trigrams[key.length] ??= new Map());
      for (const g of trigramsOf(key)) bagAdd(byGram, g, kid);
    }
  }

  #addSkelKey(key: string, t: T): void {
    if (!this.#skelKeys.has(key)) this.#sortedSkel?.add(key);
    bagAdd(this.#skelKeys, key, t);
  }

  #textWithPrefix(prefix: string): string[] {
    this.#sortedText ??= new SortedKeys((k) => this.#textKeys.has(k), this.#textKeys.keys());
    return this.#sortedText.withPrefix(prefix, KEY_BUDGET);
  }

  #skelWithPrefix(prefix: string): string[] {
    this.#sortedSkel ??= new SortedKeys((k) => this.#skelKeys.has(k), this.#skelKeys.keys());
    return this.#sortedSkel.withPrefix(prefix, KEY_BUDGET);
  }

  /**
   * Offer `consider` every term query word `q` could match, each once. With `prefix` (the word being typed), also
   * the words it begins; an initial being typed reaches only the words starting with its letter.
   */
  lookup(q: NameToken, consider: (t: T) => void, prefix = false): void {
    const mark = ++this.#mark;
    const offer = (t: T) => {
      if (t.mark === mark) return;
      t.mark = mark;
      consider(t);
    };
    const fromText = (k: string | undefined) => {
      if (k) for (const t of this.#textKeys.get(k)?.terms ?? []) offer(t);
    };
    const fromSkel = (k: string | undefined) => {
      if (k) for (const t of this.#skelKeys.get(k) ?? []) offer(t);
    };
    if (prefix && q.initial) {
      for (const k of this.#textWithPrefix(q.norm)) fromText(k);
      return;
    }
    fromText(q.norm);
    fromText(q.tail);
    fromSkel(q.skeleton);
    fromSkel(q.tailSkeleton);
    // A stored initial ("A. Milad") can stand for this word.
    const first = this.#terms.get(q.norm[0] ?? '');
    if (first?.initial) offer(first);
    if (prefix) {
      if (q.norm.length >= 2) for (const k of this.#textWithPrefix(q.norm)) fromText(k);
      if (q.skeleton.length >= 2) for (const k of this.#skelWithPrefix(q.skeleton)) fromSkel(k);
    }
    if (!this.#textKeys.has(q.norm)) this.#typos(q.norm, (kid) => fromText(this.#keyById[kid]!.key));
  }

  /** Text keys of about the same length as `norm` sharing enough of its trigrams, at most KEY_BUDGET. */
  #typos(norm: string, onKey: (kid: number) => void): void {
    const edits = maxEdits(norm.length);
    if (edits <= 0) return;
    const grams = trigramsOf(norm);
    const need = Math.max(1, grams.length - 4 * edits);
    if (this.#gramCounts.length < this.#keyById.length) this.#gramCounts = new Uint16Array(this.#keyById.length * 2);
    const counts = this.#gramCounts;
    const touched: number[] = [];
    const len = norm.length;
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
      if (counts[kid]! >= need && n++ < KEY_BUDGET) onKey(kid);
      counts[kid] = 0;
    }
  }
}
