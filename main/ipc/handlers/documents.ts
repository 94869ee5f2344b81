import { documentSuggestions, entityMentions } from '../../core/documents/mention-service';
import type { Handlers } from '../router';

/** Mentions and suggestions: computed on request from the extracted text, in slices that leave IPC responsive. */
export const documentHandlers: Pick<Handlers, 'entity.mentions' | 'evidence.suggestions'> = {
  'entity.mentions': (r, ctx) => entityMentions(ctx.session.workspace().repo, r.entityId),
  'evidence.suggestions': (r, ctx) => documentSuggestions(ctx.session.workspace().repo, r.evidenceId),
};
