/** The criteria engine: matrix per entity, per-event trafficking test, designations, overrides, standards. */
import { z } from 'zod';
import { AUTHORITIES, EvidentiaryStandard, StandardPatch } from '../../catalog/types';
import { DesignationData, Id } from '../../model/records';
import { EntityAssessmentView, TraffickingTestView } from '../schemas/criteria';
import { Empty, Ok, recordInput, type ChannelMap } from './common';

const DesignationView = z.object({ id: Id, createdAt: z.string(), updatedAt: z.string(), data: DesignationData });

export const criteriaChannels = {
  'criteria.assess': { request: z.object({ entityId: Id, regimes: z.array(z.string()).optional() }).strict(), response: EntityAssessmentView },
  'criteria.assessCase': {
    request: z.object({ caseId: Id, regimes: z.array(z.string()).optional() }).strict(),
    /** Per entity: counts of met / partly criteria per regime (flags for tables and the graph). */
    response: z.array(
      z.object({
        entityId: Id,
        name: z.string(),
        excluded: z.boolean(),
        met: z.array(z.string()),
        partly: z.array(z.string()),
        /** Regimes the entity is already listed under, with references: proposing it again is warned about. */
        listed: z.object({ regimeIds: z.array(z.string()), references: z.array(z.string()) }).nullable(),
      }),
    ),
  },
  'criteria.traffickingTest': { request: z.object({ eventId: Id }).strict(), response: TraffickingTestView },
  /** Per event of a case, the trafficking test's verdict and outcome (the Events list), in one pass. */
  'criteria.traffickingOutcomes': {
    request: z.object({ caseId: Id }).strict(),
    response: z.array(z.object({ eventId: Id, trafficking: TraffickingTestView.shape.trafficking, outcome: TraffickingTestView.shape.outcome })),
  },
  'criteria.designations': { request: z.object({ entityId: Id }).strict(), response: z.array(DesignationView) },
  'criteria.addDesignation': { request: z.object({ data: recordInput(DesignationData) }).strict(), response: DesignationView },
  'criteria.removeDesignation': { request: z.object({ id: Id }).strict(), response: Ok },
  'criteria.setOverride': { request: z.object({ caseId: Id, entityId: Id, reason: z.string().max(5000) }).strict(), response: Ok },
  'criteria.clearOverride': { request: z.object({ entityId: Id }).strict(), response: Ok },
  'criteria.standards': { request: Empty, response: z.record(z.enum(AUTHORITIES), EvidentiaryStandard) },
  'criteria.setStandard': { request: z.object({ authority: z.enum(AUTHORITIES), patch: StandardPatch }).strict(), response: EvidentiaryStandard },
} as const satisfies ChannelMap;
