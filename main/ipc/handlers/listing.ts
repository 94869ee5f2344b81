import type { CallContext, Handlers } from '../router';

type ListingHandlers = Pick<Handlers, Extract<keyof Handlers, `listing.${string}`>>;

const svc = (ctx: CallContext) => ctx.session.workspace().listing;

export const listingHandlers: ListingHandlers = {
  'listing.draft': (r, ctx) => svc(ctx).draft(r.entityId, r.regimeId)?.data ?? null,
  'listing.saveDraft': (r, ctx) => svc(ctx).saveDraft(r.draft).data,
  'listing.preview': (r, ctx) => svc(ctx).build(r.entityId, r.regimeId),
  'listing.export': (r, ctx) => svc(ctx).export(r.entityId, r.regimeId, r.format, r.path),
};
