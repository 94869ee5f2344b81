/** Drafts kept through the idle lock: live in the session's memory, sealed into the vault at lock. */
import { discardDraft, listDrafts, takeDraft } from '../../core/drafts/drafts';
import type { Handlers } from '../router';

type DraftHandlers = Pick<Handlers, 'drafts.put' | 'drafts.clear' | 'drafts.list' | 'drafts.take' | 'drafts.flushed' | 'drafts.discard'>;

export const draftHandlers: DraftHandlers = {
  'drafts.put': (req, { session }) => {
    session.drafts().put(req);
    return {};
  },
  'drafts.clear': (req, { session }) => {
    session.drafts().clear(req.key);
    return {};
  },
  'drafts.list': (_req, { session }) => listDrafts(session.repo()),
  'drafts.take': (req, { session }) => takeDraft(session.repo(), req.id, session.drafts()),
  'drafts.flushed': (_req, { session }) => {
    session.draftsFlushed();
    return {};
  },
  'drafts.discard': (req, { session }) => {
    discardDraft(session.repo(), req.id);
    return {};
  },
};
