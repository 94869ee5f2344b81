import { SanctumError } from '../../core/errors';
import type { Handlers } from '../router';

// Placeholder until the search service lands (issue 3, item 5): answers with a clear error, never fake hits.
export const searchHandlers: Pick<Handlers, 'search.query'> = {
  'search.query': () => {
    throw new SanctumError('INTERNAL', 'search is not available yet');
  },
};
