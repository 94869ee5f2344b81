/**
 * Small pieces both in-memory name indexes use — the entity search index (name-index.ts) and the sanctions
 * list matcher (main/core/screening/matcher.ts): trigram keys for typo lookup, multimap insertion, and the
 * similarity of an initial ("M.") to a stored word.
 */

/** Trigrams of a key with start and end marks ("^ab", "abc", "bc$"), for finding keys within a few edits. */
export function trigramsOf(key: string): string[] {
  const s = `^${key}$`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3));
  return out;
}

/** Append v to the list under k. */
export function bagAdd<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** A stored word as the initial test needs it: its form, whether it is itself an initial, its tail after a particle. */
export interface InitialTarget {
  norm: string;
  initial: boolean;
  tail?: string | undefined;
}

/**
 * Similarity of an initial query word to a stored word: 1 when both are the same initial, 0.7 when the letter
 * starts the word (or its tail, or the name's first word), else 0.
 */
export function initialSimilarity(q: { norm: string }, t: InitialTarget, first: string | undefined): number {
  if (q.norm === t.norm) return 1;
  if (t.initial) return 0;
  return t.norm[0] === q.norm || t.tail?.[0] === q.norm || first === q.norm ? 0.7 : 0;
}
