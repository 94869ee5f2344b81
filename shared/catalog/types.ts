/**
 * The sanctions catalog's shape, as zod schemas: the data in this folder is validated against them by the
 * tests, so a typo in a criterion (an unknown conduct tag, a criterion without a citation) fails the build.
 *
 * Every criterion carries how far its citation was checked (`confidence`), copied from the research notes:
 * V = checked against a cited source, VR = partly checked — wording or paragraph recalled (the notes' mixed rows,
 * never shown as plain V), R = recalled and not yet checked against the resolution text, X = doubtful (letter or paragraph
 * inferred). The app shows unverified citations as such.
 */
import { z } from 'zod';
import { CONDUCT_TAGS, type ConductTag } from '../model/vocabulary';

export const MEASURES = {
  AF: 'Asset freeze',
  TB: 'Travel ban',
  'AE-c': 'Arms embargo (country-wide)',
  'AE-t': 'Arms embargo (targeted, on listed parties)',
  AE: 'Arms embargo',
  BLOCK: 'Blocking of property and interests in property',
  AID: 'Restrictions on assistance',
  OTHER: 'Other measures',
} as const;
export type Measure = keyof typeof MEASURES;

export const AUTHORITIES = ['UN', 'EU', 'UK', 'US'] as const;
export type Authority = (typeof AUTHORITIES)[number];

const Conduct = z.string().refine((t): t is ConductTag => (CONDUCT_TAGS as string[]).includes(t), { message: 'unknown conduct tag' });

export const Citation = z.object({
  /** The instrument, e.g. "S/RES/2213 (2015)", "Council Regulation (EU) 2020/1998". */
  instrument: z.string().min(1),
  /** Paragraph or article, e.g. "para 11(a)", "art. 2(1)(d)". */
  provision: z.string().optional(),
});
export type Citation = z.infer<typeof Citation>;

export const Confidence = z.enum(['V', 'VR', 'R', 'X']);
export type Confidence = z.infer<typeof Confidence>;

export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  V: 'Citation checked against a cited source',
  VR: 'Partly checked: the wording or the paragraph is recalled (see the note), not yet checked against the official text',
  R: 'Recalled; not yet checked against the official text',
  X: 'Doubtful: paragraph or letter inferred, not seen in a source',
};

/** The warning a citation carries wherever it is displayed; null only for a fully checked one (never for VR). */
export function citationWarning(confidence: string): string | null {
  switch (confidence) {
    case 'V':
      return null;
    case 'VR':
      return 'citation partly unverified';
    case 'R':
      return 'citation unverified';
    default:
      return 'citation doubtful';
  }
}

/**
 * What ties conduct to a regime.
 *  - country: the conduct happened in (or concerns) one of these countries;
 *  - group: the conduct was for, or in association with, one of these groups (ISIL/Al-Qaida, Al-Shabaab) — shown
 *    by a link to an entity marked as that group, or to a party listed under the regime;
 *  - global: thematic regimes (EU/UK/US human-rights regimes) need no nexus.
 */
export const Nexus = z.discriminatedUnion('type', [
  z.object({ type: z.literal('country'), countries: z.array(z.string().regex(/^[a-z]{2}$/)).min(1) }),
  z.object({ type: z.literal('group'), groups: z.array(z.string().min(1)).min(1), description: z.string() }),
  z.object({ type: z.literal('global') }),
]);
export type Nexus = z.infer<typeof Nexus>;

/**
 * One legal element of a criterion (issue 11 rule 3): every element must be shown for "met". An element is
 * carried by a claim asserting any of its conduct tags, or — for `association` — by an asserted link to a
 * listed party.
 */
export const LegalElement = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  conduct: z.array(Conduct).default([]),
  association: z.enum(['acting_for', 'owned_or_controlled', 'leader_of', 'member_of']).optional(),
});
export type LegalElement = z.infer<typeof LegalElement>;

export const Criterion = z.object({
  /** Stable id, e.g. "LY-05". */
  id: z.string().regex(/^[A-Z]{2,4}(-[A-Z0-9]+)+$/),
  /** A short name for tables. */
  title: z.string().min(1),
  /** The criterion in plain words (paraphrased, never quoted as if official). */
  paraphrase: z.string().min(1),
  citation: Citation,
  /** Further instruments cited for the same criterion (e.g. LY-05: 2174 (2014) para 4(a) with 2213 para 11(a)). */
  alsoCited: z.array(Citation).default([]),
  measures: z.array(z.enum(Object.keys(MEASURES) as [Measure, ...Measure[]])).min(1),
  confidence: Confidence,
  confidenceNote: z.string().optional(),
  /** Conduct tags that can satisfy the criterion. Empty for association-only criteria. */
  conduct: z.array(Conduct),
  /**
   * Association criteria (acting for, owned by, leading a listed party) are met through a link to a listed or
   * flagged party rather than by conduct alone.
   */
  association: z.enum(['acting_for', 'owned_or_controlled', 'leader_of', 'member_of']).optional(),
  /**
   * The legal elements that must all be shown. Absent: one element, carried by any of `conduct` (or the
   * association). A criterion that needs two things ("support to armed groups *through* illicit exploitation of
   * natural resources") lists both, so one of them alone is never "met".
   */
  elements: z.array(LegalElement).optional(),
  /** An umbrella criterion whose examples are other criteria of the same regime. */
  umbrella: z.boolean().default(false),
  examples: z.array(z.string()).default([]),
  /** Extra threshold the conduct must meet (EU GHR art. 2(1)(d): widespread, systematic or of serious concern). */
  threshold: z.enum(['widespread_or_systematic']).optional(),
  /** Notes for the panel expert (history of the criterion, caveats). */
  notes: z.string().optional(),
});
export type Criterion = z.infer<typeof Criterion>;

export const Regime = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  authority: z.enum(AUTHORITIES),
  name: z.string(),
  /** Committee or administering body. */
  body: z.string(),
  /** Founding and key resolutions / instruments. */
  instruments: z.array(z.string()).min(1),
  status: z.enum(['active', 'ended']),
  endedOn: z.string().optional(),
  endedNote: z.string().optional(),
  nexus: Nexus,
  /** UN Consolidated List: the UN_LIST_TYPE value and the reference-number prefixes (e.g. "LYi", "LYe"). */
  unList: z.object({ listType: z.string(), prefixes: z.array(z.string().regex(/^[A-Z]{2}[ie]$/)) }).optional(),
  measures: z.array(z.object({ measure: z.enum(Object.keys(MEASURES) as [Measure, ...Measure[]]), citation: Citation })),
  /** Which evidentiary standard applies (see standards.ts). */
  standard: z.enum(AUTHORITIES),
  /** The regime's own wording of the standard, where it has one (1267: the Ombudsperson's test). */
  threshold: z.object({ text: z.string().min(1), source: z.string().min(1) }).optional(),
  criteria: z.array(Criterion).min(1),
  sources: z.array(z.string()).default([]),
  notes: z.string().optional(),
});
export type Regime = z.infer<typeof Regime>;

/**
 * How much evidence "met" takes under an authority. These are the app's defaults, configurable per authority;
 * the legal threshold is quoted for the reader (and shown next to the sufficiency meter).
 */
export const EvidentiaryStandard = z.object({
  authority: z.enum(AUTHORITIES),
  threshold: z.string(),
  thresholdSource: z.string(),
  /** Independent sources needed for "met" (two items from one source count once). */
  minIndependentSources: z.number().int().min(1),
  /** Worst source reliability (A best … F) that counts towards corroboration. */
  maxReliability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']),
  /** Worst information credibility (1 best … 6) that counts. */
  maxCredibility: z.number().int().min(1).max(6),
  /** One verified authentic document of credibility 1 carries a finding on its own. */
  verifiedDocumentSuffices: z.boolean(),
  description: z.string(),
});
export type EvidentiaryStandard = z.infer<typeof EvidentiaryStandard>;

/** What an analyst may change of a standard: the corroboration defaults (the legal threshold stays as cited). */
export const StandardPatch = EvidentiaryStandard.pick({ minIndependentSources: true, maxReliability: true, maxCredibility: true, verifiedDocumentSuffices: true }).partial().strict();
export type StandardPatch = z.infer<typeof StandardPatch>;
