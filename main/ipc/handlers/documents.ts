import { documentSuggestions, entityMentions, textOf } from '../../core/documents/mention-service';
import type { Handlers } from '../router';

/** Mentions and suggestions: computed on request from the extracted text, in slices that leave IPC responsive. */
export const documentHandlers: Pick<Handlers, 'entity.mentions' | 'evidence.suggestions' | 'evidence.text'> = {
  'entity.mentions': (r, ctx) => entityMentions(ctx.session.workspace().repo, r.entityId),
  'evidence.suggestions': (r, ctx) => documentSuggestions(ctx.session.workspace().repo, r.evidenceId),
  'evidence.text': (r, ctx) => {
    const repo = ctx.session.workspace().repo;
    repo.require(r.evidenceId, 'evidence');
    return { evidenceId: r.evidenceId, text: textOf(repo, r.evidenceId)?.data ?? null };
  },
};
