import { SanctumError } from '../../core/errors';
import type { Handlers } from '../router';

// Placeholder until FtM import/export lands (issue 3, item 6): answers with a clear error.
export const exchangeHandlers: Pick<Handlers, 'ftm.import' | 'ftm.export'> = {
  'ftm.import': () => {
    throw new SanctumError('INTERNAL', 'FtM import is not available yet');
  },
  'ftm.export': () => {
    throw new SanctumError('INTERNAL', 'FtM export is not available yet');
  },
};
