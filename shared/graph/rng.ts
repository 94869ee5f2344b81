/**
 * A seeded PRNG (mulberry32) so Louvain and sampled betweenness give the same answer on every run and machine:
 * an analyst who reruns an analysis, or a reviewer who checks it, must see the same communities.
 *
 * Pure (no Node, no DOM).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
