/**
 * How well one name token matches another, and how the tokens of two names align. Used by the search index to
 * score candidates, and meant for sanctions screening (issue 5), which aligns name parts the same way and
 * reports which part matched which and how.
 */
import type { NameToken } from './normalise';

/** Why two tokens match, strongest first. */
export type MatchKind = 'exact' | 'skeleton' | 'tail' | 'fuzzy' | 'prefix' | 'initial';

export interface TokenMatch {
  sim: number;
  kind: MatchKind;
}

/** The part of a token similarity depends on (vocabulary entries of the index have exactly this). */
export type TokenLike = Pick<NameToken, 'norm' | 'skeleton' | 'tail' | 'tailSkeleton' | 'initial'> & { raw?: string };

/** Below this a token pair does not count as matching. */
export const MIN_TOKEN_SIM = 0.5;

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), giving up as soon as it
 * exceeds `max` (returns max + 1).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Typos tolerated in a norm of this length: none below 4 letters, one up to 7, two from 8. */
export function maxEdits(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/** 1 - distance / longer length. */
function closeness(a: string, b: string, max: number): number {
  const d = editDistance(a, b, max);
  return d > max ? 0 : 1 - d / Math.max(a.length, b.length);
}

/**
 * Similarity of query token q to name token n in [0, 1], and why. `prefix`: q may be unfinished (the last word
 * while typing), so "Abd al-Rah" matches "Abd al-Rahman". Tiers, each below the one before:
 *   exact    same norm (spelling variants and families already folded by the normaliser)            1
 *   skeleton same consonant skeleton: other script, other vowels ("mhmd" / "muhamad")              0.8-0.95
 *   tail     "Rahman" against the X of "Abd al-Rahman" (or the reverse), by norm or skeleton       0.75-0.85
 *   fuzzy    one typo in 4-7 letters, two from 8 (also against the tail)                            0.6-0.85
 *   prefix   unfinished last word, by norm, tail or skeleton; longer prefixes score higher         0.55-0.9
 *   initial  "A." against any word starting with A (or the reverse)                                0.7
 */
export function tokenSimilarity(q: TokenLike, n: TokenLike, prefix = false): TokenMatch | null {
  if (q.norm === n.norm) return { sim: 1, kind: 'exact' };
  if (q.initial || n.initial) {
    const [letter, word] = q.initial ? [q.norm, n] : [n.norm, q];
    if (word.initial) return null;
    return word.norm[0] === letter || word.tail?.[0] === letter || word.raw?.[0] === letter ? { sim: 0.7, kind: 'initial' } : null;
  }
  let best: TokenMatch | null = null;
  const offer = (sim: number, kind: MatchKind) => {
    if (sim >= MIN_TOKEN_SIM && (!best || sim > best.sim)) best = { sim, kind };
  };
  const qs = q.skeleton;
  if (qs && qs === n.skeleton && (qs.length >= 2 || q.norm[0] === n.norm[0])) offer(0.8 + 0.15 * closeness(q.norm, n.norm, Infinity), 'skeleton');
  if (n.tail !== undefined) {
    if (q.norm === n.tail) offer(0.85, 'tail');
    else if (qs && qs.length >= 2 && qs === n.tailSkeleton) offer(0.75, 'tail');
  }
  if (q.tail !== undefined) {
    if (q.tail === n.norm) offer(0.85, 'tail');
    else if (q.tailSkeleton && q.tailSkeleton.length >= 2 && q.tailSkeleton === n.skeleton) offer(0.75, 'tail');
  }
  const edits = maxEdits(Math.min(q.norm.length, n.norm.length));
  if (edits > 0) {
    const c = closeness(q.norm, n.norm, edits);
    if (c > 0) offer(0.9 * c, 'fuzzy');
  }
  if (n.tail !== undefined && q.norm !== n.tail) {
    const e = maxEdits(Math.min(q.norm.length, n.tail.length));
    const c = e > 0 ? closeness(q.norm, n.tail, e) : 0;
    if (c > 0) offer(0.8 * c, 'fuzzy');
  }
  if (prefix && q.norm.length >= 2) {
    if (n.norm.startsWith(q.norm)) offer(0.65 + 0.25 * (q.norm.length / n.norm.length), 'prefix');
    if (n.tail?.startsWith(q.norm)) offer(0.6 + 0.25 * (q.norm.length / n.tail.length), 'prefix');
    if (qs.length >= 2 && n.skeleton.startsWith(qs)) offer(0.55 + 0.25 * (qs.length / n.skeleton.length), 'prefix');
  }
  return best;
}

export interface TokenPair {
  /** Index into the query's tokens and the name's tokens. */
  q: number;
  n: number;
  sim: number;
  kind: MatchKind;
}

export interface Alignment {
  /** Weighted mean similarity over the query's tokens, less a little for each name token left over. */
  score: number;
  pairs: TokenPair[];
  /** Query tokens (initials excluded) with no partner at or above MIN_TOKEN_SIM. */
  missing: number;
  /** Name tokens with no partner. */
  extra: number;
}

/** Each name token left unaligned costs this much (a query for "Milad" prefers "Milad" to a four-part name). */
export const EXTRA_TOKEN_PENALTY = 0.04;

/**
 * Align the content tokens of a query with those of a name: greedy one-to-one, best pairs first. `sim(i, j)`
 * defaults to tokenSimilarity with the last query token as a prefix; the index passes precomputed values.
 */
export function alignTokens(
  q: readonly TokenLike[],
  n: readonly TokenLike[],
  opts: { prefixLast?: boolean; sim?: (i: number, j: number) => TokenMatch | null } = {},
): Alignment {
  const sim = opts.sim ?? ((i: number, j: number) => tokenSimilarity(q[i]!, n[j]!, opts.prefixLast === true && i === q.length - 1));
  const cands: TokenPair[] = [];
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j < n.length; j++) {
      const m = sim(i, j);
      if (m && m.sim >= MIN_TOKEN_SIM) cands.push({ q: i, n: j, sim: m.sim, kind: m.kind });
    }
  }
  cands.sort((a, b) => b.sim - a.sim);
  const usedQ = new Set<number>();
  const usedN = new Set<number>();
  const pairs: TokenPair[] = [];
  for (const c of cands) {
    if (usedQ.has(c.q) || usedN.has(c.n)) continue;
    usedQ.add(c.q);
    usedN.add(c.n);
    pairs.push(c);
  }
  let total = 0;
  let weight = 0;
  let missing = 0;
  const simOf = new Map(pairs.map((p) => [p.q, p.sim]));
  for (let i = 0; i < q.length; i++) {
    // An initial says little: it counts half.
    const w = q[i]!.initial ? 0.5 : 1;
    weight += w;
    const s = simOf.get(i);
    if (s === undefined) {
      if (!q[i]!.initial) missing++;
    } else total += w * s;
  }
  const extra = n.length - pairs.length;
  const score = weight ? (total / weight) * (1 - EXTRA_TOKEN_PENALTY * Math.min(extra, 5)) : 0;
  return { score, pairs: pairs.sort((a, b) => a.q - b.q), missing, extra };
}
