import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { exportFtm, importFtm } from '../../core/exchange/ftm';
import { SanctumError } from '../../core/errors';
import type { Handlers } from '../router';

/**
 * FollowTheMoney in and out. An import is a job (progress in bytes of the file, cancel until the commit starts);
 * an export refuses to replace an existing file (the channel has no "replace" flag).
 */
export const exchangeHandlers: Pick<Handlers, 'ftm.import' | 'ftm.export'> = {
  'ftm.import': async (r, ctx) => {
    const path = ctx.grants.redeem(r.grant, 'read', 'ftm.import');
    const w = ctx.session.workspace();
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      throw new SanctumError('NOT_FOUND', `cannot read ${basename(path)}`, basename(path));
    }
    return ctx.jobs.run(r.jobId, `Importing ${basename(path)}`, size, (signal, progress) =>
      importFtm(w, path, {
        ...(r.caseId ? { caseId: r.caseId } : {}),
        validLinesOnly: r.validLinesOnly,
        signal,
        onProgress: (p) => progress(p.bytes),
      }),
    );
  },
  'ftm.export': async (r, ctx) => {
    const path = ctx.grants.redeem(r.grant, 'write', 'ftm.export');
    const { path: written, ...rest } = await exportFtm(ctx.session.workspace(), r.caseId, path, r.review ? { review: r.review } : {});
    return { ...rest, name: basename(written) };
  },
};
