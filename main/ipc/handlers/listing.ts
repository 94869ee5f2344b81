import { basename } from 'node:path';
import { SanctumError } from '../../core/errors';
import type { CallContext, Handlers } from '../router';

type ListingHandlers = Pick<Handlers, Extract<keyof Handlers, `listing.${string}`>>;

const svc = (ctx: CallContext) => ctx.session.workspace().listing;

export const listingHandlers: ListingHandlers = {
  'listing.draft': (r, ctx) => svc(ctx).draft(r.entityId, r.regimeId)?.data ?? null,
  'listing.saveDraft': (r, ctx) => svc(ctx).saveDraft(r.draft).data,
  'listing.preview': (r, ctx) => svc(ctx).build(r.entityId, r.regimeId, r.draft ?? {}),
  'listing.export': async (r, ctx) => {
    const path = ctx.grants.redeem(r.grant, 'write', 'listing.export');
    const named = <T extends { path: string }>({ path: written, ...rest }: T) => ({ ...rest, name: basename(written) });
    if (r.format !== 'pdf') return named(await svc(ctx).export(r.entityId, r.regimeId, r.format, path, r.review ?? []));
    // The PDF is the preview on screen, printed: a redaction decided in review is not in it. Say so rather than
    // file a PDF that still holds what the reviewer chose to redact (HTML and Word apply the decisions).
    if (r.review?.some((d) => d.decision === 'redact')) {
      throw new SanctumError('UNSUPPORTED_FORMAT', 'a redaction decided in review cannot be applied to a printed PDF; export Word or HTML, which apply it (and print that if a PDF is needed)', 'format');
    }
    // Refuse before printing anything (a victim, an unknown regime), then let the shell print the preview.
    svc(ctx).build(r.entityId, r.regimeId);
    const print = ctx.system?.printToPdf;
    if (!print) throw new SanctumError('UNSUPPORTED_FORMAT', 'printing to PDF is not available here; export HTML and print it from a browser', 'format');
    return named(await svc(ctx).exportPrinted(r.entityId, r.regimeId, await print.call(ctx.system), path, r.review ?? []));
  },
};
