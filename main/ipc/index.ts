import type { EventName, EventOf } from '../../shared/ipc/contract';
import { Session, type SessionOptions } from '../core/session';
import { GrantStore } from './grants';
import { buildHandlers } from './handlers';
import { Jobs } from './jobs';
import { createRouter, type Router, type RouterOptions, type SystemBridge } from './router';

export { createRouter, type Router, type SystemBridge } from './router';
export { GrantStore, grantDropped } from './grants';

/** A session and its router, as the Electron shell and the e2e harness both need them. */
export function createApp(sessionOptions: SessionOptions, routerOptions: RouterOptions = {}, system?: SystemBridge): { session: Session; router: Router; grants: GrantStore } {
  const grants = new GrantStore(sessionOptions.now ? { now: sessionOptions.now } : {});
  const outer = sessionOptions.emit;
  // Grants die with the session that was open when they were issued.
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    if (event === 'vault.locked') grants.clear();
    outer?.(event, payload);
  };
  const session = new Session({ ...sessionOptions, emit });
  const jobs = new Jobs(emit);
  const router = createRouter(buildHandlers(), { session, jobs, grants, ...(system ? { system } : {}) }, routerOptions);
  return { session, router, grants };
}
