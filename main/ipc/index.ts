import { Session, type SessionOptions } from '../core/session';
import { buildHandlers } from './handlers';
import { createRouter, type Router, type RouterOptions } from './router';

export { createRouter, type Router } from './router';

/** A session and its router, as the Electron shell and the e2e harness both need them. */
export function createApp(sessionOptions: SessionOptions, routerOptions: RouterOptions = {}): { session: Session; router: Router } {
  const session = new Session(sessionOptions);
  const router = createRouter(buildHandlers(), { session }, routerOptions);
  return { session, router };
}
