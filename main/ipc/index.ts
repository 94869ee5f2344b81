import { Session, type SessionOptions } from '../core/session';
import { buildHandlers } from './handlers';
import { Jobs } from './jobs';
import { createRouter, type Router, type RouterOptions, type SystemBridge } from './router';

export { createRouter, type Router, type SystemBridge } from './router';

/** A session and its router, as the Electron shell and the e2e harness both need them. */
export function createApp(sessionOptions: SessionOptions, routerOptions: RouterOptions = {}, system?: SystemBridge): { session: Session; router: Router } {
  const session = new Session(sessionOptions);
  const jobs = new Jobs(sessionOptions.emit);
  const router = createRouter(buildHandlers(), { session, jobs, ...(system ? { system } : {}) }, routerOptions);
  return { session, router };
}
