import type { CallContext, Handlers } from '../router';

type CriteriaHandlers = Pick<Handlers, Extract<keyof Handlers, `criteria.${string}`>>;

const svc = (ctx: CallContext) => ctx.session.workspace().criteria;

export const criteriaHandlers: CriteriaHandlers = {
  'criteria.assess': (r, ctx) => svc(ctx).assess(r.entityId, r.regimes),
  'criteria.assessCase': (r, ctx) => {
    const listed = svc(ctx).listedInCase(r.caseId);
    return svc(ctx)
      .assessCase(r.caseId, r.regimes)
      .map((a) => ({
        entityId: a.entityId,
        name: a.name,
        excluded: a.regimes.some((g) => g.excluded !== null),
        met: a.regimes.flatMap((g) => g.criteria.filter((c) => c.status === 'met').map((c) => c.id)),
        partly: a.regimes.flatMap((g) => g.criteria.filter((c) => c.status === 'partly').map((c) => c.id)),
        listed: listed.has(a.entityId) ? { regimeIds: listed.get(a.entityId)!.regimeIds, references: listed.get(a.entityId)!.references } : null,
      }));
  },
  'criteria.traffickingTest': (r, ctx) => svc(ctx).traffickingTest(r.eventId),
  'criteria.traffickingOutcomes': (r, ctx) => svc(ctx).traffickingOutcomes(r.caseId).map((t) => ({ eventId: t.eventId, trafficking: t.trafficking, outcome: t.outcome })),
  'criteria.designations': (r, ctx) => svc(ctx).designations(r.entityId),
  'criteria.addDesignation': (r, ctx) => svc(ctx).addDesignation(r.data),
  'criteria.removeDesignation': (r, ctx) => {
    svc(ctx).removeDesignation(r.id);
    return { ok: true as const };
  },
  'criteria.setOverride': (r, ctx) => {
    svc(ctx).setOverride(r);
    return { ok: true as const };
  },
  'criteria.clearOverride': (r, ctx) => {
    svc(ctx).clearOverride(r.entityId);
    return { ok: true as const };
  },
  'criteria.standards': (_r, ctx) => svc(ctx).standards(),
  'criteria.setStandard': (r, ctx) => svc(ctx).setStandard(r.authority, r.patch),
};
