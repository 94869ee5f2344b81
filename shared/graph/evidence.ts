/**
 * Evidence strength of a link, from the claims that assert it.
 *
 * Independence is judged per source: two items from the same source are one source (a working copy carries its
 * original's source). Items with no recorded source are pooled as one unknown source, since nothing shows they
 * are independent of each other.
 *
 * `strength` (0..1) is a noisy-OR over independent sources: each source s supports the link with
 * p_s = reliability(grade) × credibility(best item), a verified document counting at least 0.9; then
 * strength = 1 − Π(1 − p_s). It grows with every independent source and with better grades, is 0 for a link no
 * evidence supports, and reads as "how likely is it that at least one source is right". It is a ranking aid for
 * styling and weighting, not a legal standard of proof.
 *
 * Pure (no Node, no DOM).
 */
import type { Credibility, Grade, SupportClaim } from './snapshot';

/** Admiralty reliability A–F as a probability; F ("cannot be judged") is neutral. */
export const GRADE_WEIGHT: Record<Grade, number> = { A: 0.9, B: 0.75, C: 0.6, D: 0.4, E: 0.2, F: 0.5 };
/** Admiralty credibility 1–6 as a probability; 6 ("cannot be judged") is neutral. */
export const CREDIBILITY_WEIGHT: Record<Credibility, number> = { 1: 0.9, 2: 0.75, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.5 };
const VERIFIED_FLOOR = 0.9;
const NO_SOURCE = '(no source)';

export interface EdgeEvidence {
  /** Claims asserting the link. */
  claims: number;
  /** Distinct evidence items cited. */
  items: number;
  /** Independent sources. */
  sources: number;
  /** Best (A best) grade among the sources, null when no source is graded. */
  bestGrade: Grade | null;
  /** Best (1 best) credibility among the items, null when there are none. */
  bestCredibility: Credibility | null;
  /** A verified authentic document supports it. */
  verified: boolean;
  strength: number;
  /** Exactly one independent source: drawn dashed. */
  singleSource: boolean;
  /** No evidence at all: the analyst's assertion only. */
  unsupported: boolean;
}

export const NO_EVIDENCE: EdgeEvidence = {
  claims: 0,
  items: 0,
  sources: 0,
  bestGrade: null,
  bestCredibility: null,
  verified: false,
  strength: 0,
  singleSource: false,
  unsupported: true,
};

export function edgeEvidence(support: readonly SupportClaim[]): EdgeEvidence {
  if (support.length === 0) return NO_EVIDENCE;
  const items = new Set<string>();
  const bySource = new Map<string, number>();
  let bestGrade: Grade | null = null;
  let bestCredibility: Credibility | null = null;
  let verified = false;
  for (const claim of support) {
    for (const item of claim.evidence) {
      items.add(item.evidenceId);
      const key = item.sourceId ?? NO_SOURCE;
      let p = GRADE_WEIGHT[item.grade ?? 'F'] * CREDIBILITY_WEIGHT[item.credibility];
      if (item.verified) p = Math.max(p, VERIFIED_FLOOR);
      bySource.set(key, Math.max(bySource.get(key) ?? 0, p));
      if (item.grade && (bestGrade === null || item.grade < bestGrade)) bestGrade = item.grade;
      if (bestCredibility === null || item.credibility < bestCredibility) bestCredibility = item.credibility;
      verified ||= item.verified;
    }
  }
  let doubt = 1;
  for (const p of bySource.values()) doubt *= 1 - p;
  const sources = bySource.size;
  return {
    claims: support.length,
    items: items.size,
    sources,
    bestGrade,
    bestCredibility,
    verified,
    strength: sources ? 1 - doubt : 0,
    singleSource: sources === 1,
    unsupported: sources === 0,
  };
}

/** Is `grade` at least as good as `min` (A best)? */
export function gradeAtLeast(grade: Grade | null, min: Grade): boolean {
  return grade !== null && grade <= min;
}
