/**
 * How informative a name part is in one list: an inverse document frequency over the list's normalised tokens,
 * rescaled to a weight in [WEIGHT_FLOOR, 1].
 *
 *   share    p = entries whose names contain the token / max(entries, MIN_LIST_SIZE). A list of a few dozen
 *            entries says little about how common a name is, so small lists count as MIN_LIST_SIZE entries
 *            (every part of the 13-entry test list weighs 1).
 *   weight   1 up to RARE_SHARE, WEIGHT_FLOOR from FLOOR_SHARE, and in between linear in ln(1/p) (the IDF):
 *            w = 1 - (1 - WEIGHT_FLOOR) · ln(p / RARE_SHARE) / ln(FLOOR_SHARE / RARE_SHARE).
 *            The floor keeps common names counting: "Muhammad" still has to match for "Muhammad Kashlaf".
 *   common   a share of COMMON_SHARE or more. A name match carried only by common parts (and initials) is never
 *            a "match" without a date of birth or nationality that supports it (see matcher.ts).
 *
 * On the UN list (1,014 entries) "muhammad" is in 192 entries (weight 0.25, common), "ahmad" in 66 (0.48,
 * common), "ali" in 49 (0.54, common), "salih" in 19 (0.73, not common), anything in five or fewer weighs 1.
 */

export const RARE_SHARE = 0.005;
export const FLOOR_SHARE = 0.2;
export const WEIGHT_FLOOR = 0.25;
export const COMMON_SHARE = 0.02;
export const MIN_LIST_SIZE = 1000;

const SPAN = Math.log(FLOOR_SHARE / RARE_SHARE);

/** Weight of a token found in `df` of `listSize` entries. */
export function rarityWeight(df: number, listSize: number): number {
  const p = df / Math.max(listSize, MIN_LIST_SIZE);
  if (p <= RARE_SHARE) return 1;
  if (p >= FLOOR_SHARE) return WEIGHT_FLOOR;
  return 1 - ((1 - WEIGHT_FLOOR) * Math.log(p / RARE_SHARE)) / SPAN;
}

/** Is a token found in `df` of `listSize` entries common (too frequent to identify anyone on its own)? */
export function isCommon(df: number, listSize: number): boolean {
  return df / Math.max(listSize, MIN_LIST_SIZE) >= COMMON_SHARE;
}
