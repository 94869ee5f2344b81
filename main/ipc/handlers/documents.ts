import { documentSuggestions, entityMentions } from '../../core/documents/mention-service';
import type { Handlers } from '../router';

/**
 * Documents (issue 14). Extracted text: reading it is a logged view; extraction is a cancellable job. Mentions
 * and suggestions: computed on request from the extracted text, in slices that leave IPC responsive.
 */
export const documentHandlers: Pick<Handlers, 'evidence.text' | 'evidence.extractText' | 'entity.mentions' | 'evidence.suggestions'> = {
  'evidence.text': async (r, ctx) => ({ evidenceId: r.evidenceId, text: await ctx.session.workspace().text.view(r.evidenceId) }),
  'evidence.extractText': async (r, ctx) => {
    const w = ctx.session.workspace();
    const c = w.cases.get(r.caseId);
    const total = r.evidenceIds?.length ?? w.evidence.list(r.caseId).filter((e) => e.data.file && !e.data.partOf).length;
    return ctx.jobs.run(r.jobId, `Reading the text of the evidence in ${c.data.name}`, total, (signal, progress) =>
      w.text.extractCase(r.caseId, { ...(r.evidenceIds ? { evidenceIds: r.evidenceIds } : {}), force: r.force, signal, onProgress: (done) => progress(done) }),
    );
  },
  'entity.mentions': (r, ctx) => entityMentions(ctx.session.workspace().repo, r.entityId, ctx.session.workspace().text),
  'evidence.suggestions': (r, ctx) => documentSuggestions(ctx.session.workspace().repo, r.evidenceId, ctx.session.workspace().text),
};
