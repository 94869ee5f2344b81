/** The criteria matrix and trafficking test as they cross IPC (mirrors main/core/criteria/*). */
import { z } from 'zod';
import { AUTHORITIES, Citation, Confidence, EvidentiaryStandard, MEASURES, type Measure } from '../../catalog/types';

const Status = z.enum(['met', 'partly', 'not_supported', 'excluded']);

export const GradedEvidenceView = z.object({
  evidenceId: z.string(),
  title: z.string(),
  sourceId: z.string().nullable(),
  sourceName: z.string().nullable(),
  origin: z.string().nullable(),
  reliability: z.string().nullable(),
  ungraded: z.boolean(),
  credibility: z.number().int(),
  firstHand: z.boolean(),
  verifiedDocument: z.boolean(),
  qualifies: z.boolean(),
  why: z.string().nullable(),
});

export const SupportingClaimView = z.object({
  claimId: z.string(),
  via: z.enum(['conduct', 'participation', 'association']),
  conduct: z.string().nullable(),
  eventId: z.string().nullable(),
  linkId: z.string().nullable(),
  country: z.string().nullable(),
  nexus: z.boolean(),
  assessment: z.enum(['confirmed', 'probable', 'possible', 'doubtful']),
  statement: z.string(),
  evidence: z.array(GradedEvidenceView),
  counts: z.boolean(),
});

export const CriterionResultView = z.object({
  id: z.string(),
  title: z.string(),
  paraphrase: z.string(),
  citation: Citation,
  confidence: Confidence,
  measures: z.array(z.enum(Object.keys(MEASURES) as [Measure, ...Measure[]])),
  status: Status,
  supporting: z.array(SupportingClaimView),
  independentSources: z.number().int(),
  verifiedDocument: z.boolean(),
  gaps: z.array(z.string()),
  caveats: z.array(z.string()),
  via: z.array(z.string()),
  /** Per legal element, its status and the claims that carry it. */
  elements: z.array(z.object({ id: z.string(), label: z.string(), status: z.enum(['met', 'partly', 'not_supported']), claimIds: z.array(z.string()), independentSources: z.number().int() })),
  /** Possible associations: leads, never support. */
  leads: z.array(z.string()),
});
export type CriterionResultView = z.infer<typeof CriterionResultView>;

export const RegimeResultView = z.object({
  regimeId: z.string(),
  name: z.string(),
  authority: z.enum(AUTHORITIES),
  active: z.boolean(),
  standard: EvidentiaryStandard,
  nexus: z.object({ type: z.enum(['country', 'group', 'global']), satisfied: z.boolean(), explanation: z.string() }),
  excluded: z.object({ reason: z.string() }).nullable(),
  override: z.object({ reason: z.string() }).nullable(),
  criteria: z.array(CriterionResultView),
  counts: z.record(Status, z.number().int()),
});
export type RegimeResultView = z.infer<typeof RegimeResultView>;

export const EntityAssessmentView = z.object({
  entityId: z.string(),
  name: z.string(),
  kind: z.string(),
  regimes: z.array(RegimeResultView),
  suggestedRegimes: z.array(z.string()),
});
export type EntityAssessmentView = z.infer<typeof EntityAssessmentView>;

const ElementFindingView = z.object({
  id: z.string(),
  label: z.string(),
  recorded: z.array(z.string()),
  evidenced: z.array(z.object({ tag: z.string(), claimIds: z.array(z.string()), eventId: z.string(), independentSources: z.number().int(), corroborated: z.boolean() })),
  status: z.enum(['evidenced', 'uncorroborated', 'recorded', 'absent']),
});

const Age = z.enum(['children', 'adults', 'unknown']);

export const TraffickingTestView = z.object({
  eventId: z.string(),
  title: z.string(),
  act: ElementFindingView,
  means: ElementFindingView,
  purpose: ElementFindingView,
  childVictims: z.boolean(),
  age: Age,
  meansNotRequired: z.boolean(),
  consent: z.string().nullable(),
  trafficking: z.enum(['established', 'partly', 'not_shown']),
  outcome: z.enum(['trafficking', 'smuggling', 'smuggling_turned_trafficking', 'not_shown', 'undetermined']),
  establishedVia: z.string().nullable(),
  smuggling: z.object({
    entry: ElementFindingView,
    benefit: ElementFindingView,
    aggravation: ElementFindingView,
    crossBorder: z.boolean().nullable(),
    status: z.enum(['established', 'partly', 'not_shown']),
  }),
  smugglingTurnedTrafficking: z.boolean(),
  chains: z.array(
    z.object({
      victimEntityId: z.string(),
      victimName: z.string(),
      eventIds: z.array(z.string()),
      act: ElementFindingView,
      means: ElementFindingView,
      purpose: ElementFindingView,
      age: Age,
      trafficking: z.enum(['established', 'partly', 'not_shown']),
    }),
  ),
  standard: z.object({ authority: z.string(), minIndependentSources: z.number().int() }),
  explanation: z.array(z.string()),
});
export type TraffickingTestView = z.infer<typeof TraffickingTestView>;

/** A regime as the UI lists it (the full catalog is compiled into the renderer from shared/catalog). */
export const RegimeSummary = z.object({ id: z.string(), name: z.string(), authority: z.enum(AUTHORITIES), active: z.boolean() });
