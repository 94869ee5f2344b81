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
    const w = ctx.session.workspace();
    let size: number;
    try {
      const st = statSync(r.path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      throw new SanctumError('NOT_FOUND', `cannot read ${r.path}`, r.path);
    }
    return ctx.jobs.run(r.jobId, `Importing ${basename(r.path)}`, size, (signal, progress) =>
      importFtm(w, r.path, {
        ...(r.caseId ? { caseId: r.caseId } : {}),
        validLinesOnly: r.validLinesOnly,
        signal,
        onProgress: (p) => progress(p.bytes),
      }),
    );
  },
  'ftm.export': (r, ctx) => exportFtm(ctx.session.workspace(), r.caseId, r.path),
};
