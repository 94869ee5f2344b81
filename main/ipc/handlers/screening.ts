import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { SanctumError } from '../../core/errors';
import { ScreeningService } from '../../core/screening/screening-service';
import type { CallContext, Handlers } from '../router';

type ScreeningHandlers = Pick<Handlers, Extract<keyof Handlers, `screening.${string}`>>;

const svc = (ctx: CallContext) => ctx.session.workspace().screening;

export const screeningHandlers: ScreeningHandlers = {
  'screening.lists': (_r, ctx) => svc(ctx).lists(),
  'screening.importList': (r, ctx) => {
    const path = ctx.grants.redeem(r.grant, 'read', 'screening.importList');
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
    } catch {
      throw new SanctumError('NOT_FOUND', `cannot read ${basename(path)}`, basename(path));
    }
    // Three steps the person can follow: reading and parsing, sealing into the vault, replaying decisions.
    return ctx.jobs.run(r.jobId, `Importing ${basename(path)}`, 3, async (signal, progress) => {
      const snap = await ScreeningService.parse(path, r.format);
      progress(1);
      if (signal.aborted) throw new SanctumError('CANCELLED', 'import cancelled');
      const result = await svc(ctx).importSnapshot(snap, { ...(r.listId ? { listId: r.listId } : {}), ...(r.name ? { name: r.name } : {}), signal });
      progress(3);
      return result;
    });
  },
  'screening.removeList': async (r, ctx) => {
    await svc(ctx).removeSnapshot(r.id);
    return { ok: true as const };
  },
  'screening.screenCase': (r, ctx) => ctx.jobs.run(r.jobId, 'Screening the case', null, (signal, progress) => svc(ctx).screenCase(r.caseId, { signal, onProgress: (done) => progress(done) })),
  'screening.screenEntity': (r, ctx) => svc(ctx).screenEntity(r.entityId),
  'screening.lastRun': (r, ctx) => svc(ctx).lastScreening(r.caseId),
  'screening.decide': async (r, ctx) => {
    await svc(ctx).decide(r);
    return { ok: true as const };
  },
  'screening.ledger': (r, ctx) => svc(ctx).ledger(r.caseId),
};
