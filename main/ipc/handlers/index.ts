/** All handlers, one module per feature (Actual Budget style). The type forces every channel to be served. */
import type { Handlers } from '../router';
import { vaultHandlers } from './vault';
import { caseHandlers } from './case';
import { searchHandlers } from './search';
import { exchangeHandlers } from './exchange';
import { criteriaHandlers } from './criteria';
import { listingHandlers } from './listing';
import { graphHandlers } from './graph';
import { packageHandlers } from './packages';
import { screeningHandlers } from './screening';
import { mergeUnique } from '../../../shared/ipc/merge';
import { documentHandlers } from './documents';
import { draftHandlers } from './drafts';
import pkg from '../../../package.json';

export const APP_VERSION: string = pkg.version;

export function buildHandlers(): Handlers {
  const appHandlers: Pick<Handlers, 'app.info'> = { 'app.info': () => ({ version: APP_VERSION, platform: process.platform }) };
  return mergeUnique(
    appHandlers,
    vaultHandlers,
    caseHandlers,
    searchHandlers,
    exchangeHandlers,
    criteriaHandlers,
    listingHandlers,
    graphHandlers,
    packageHandlers,
    screeningHandlers,
    documentHandlers,
    draftHandlers,
  );
}
