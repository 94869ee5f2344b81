/**
 * The IPC router: channel name -> handler, with the request validated against shared/ipc/contract before the
 * handler runs, and every failure returned as a typed error (never thrown across the bridge, where Electron
 * would strip the code). `ipcMain.handle` in main/electron and the tests call the same `invoke`.
 */
import { type z } from 'zod';
import { contract, isChannel, type Channel, type InvokeResult, type ParsedRequestOf, type ResponseOf } from '../../shared/ipc/contract';
import { ErrorPayloadSchema } from '../../shared/errors';
import { SanctumError } from '../core/errors';
import type { Session } from '../core/session';
import type { GrantStore } from './grants';
import type { Jobs } from './jobs';

/** What only the shell can do (native dialogs, printing); dialogs answer paths, which never leave main. The Electron shell and the e2e harness each provide it. */
export interface SystemBridge {
  pickFiles(opts: { title?: string; multiple: boolean; filters?: { name: string; extensions: string[] }[] }): Promise<string[]>;
  pickSavePath(opts: { title?: string; defaultName?: string }): Promise<string | null>;
  /** Print what the window shows (its print stylesheet applied) to PDF bytes. Optional: not every shell can. */
  printToPdf?(): Promise<Uint8Array>;
}

export interface CallContext {
  session: Session;
  jobs: Jobs;
  /** Paths the dialogs and drops granted; every file channel redeems one (main/ipc/grants.ts). */
  grants: GrantStore;
  system?: SystemBridge;
}

export type Handler<C extends Channel> = (req: ParsedRequestOf<C>, ctx: CallContext) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type Handlers = { [C in Channel]: Handler<C> };

export interface RouterOptions {
  /** Validate responses too (tests and development): a handler returning the wrong shape is a bug. */
  validateResponses?: boolean;
  /** Where unexpected errors go (never to the renderer in full). */
  logError?: (channel: string, error: unknown) => void;
}

export interface Router {
  invoke(channel: unknown, payload: unknown): Promise<InvokeResult>;
}

/** Where a request went wrong; for a field the schema does not have, that field ("patch.colour"). */
function zodWhere(e: z.ZodError): string {
  const issue = e.issues[0];
  const path = issue ? [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])] : [];
  return path.length ? path.join('.') : '(request)';
}

export function createRouter(handlers: Handlers, ctx: CallContext, opts: RouterOptions = {}): Router {
  return {
    async invoke(channel, payload) {
      if (!isChannel(channel)) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: `unknown channel ${JSON.stringify(channel)}` } };
      }
      const spec = contract[channel];
      const parsed = spec.request.safeParse(payload ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, error: { code: 'INVALID_INPUT', message: issue?.message ?? 'invalid request', where: zodWhere(parsed.error) } };
      }
      const handler = handlers[channel] as Handler<Channel> | undefined;
      if (typeof handler !== 'function') return { ok: false, error: { code: 'INTERNAL', message: `no handler for ${channel}` } };
      try {
        const value = await handler(parsed.data as never, ctx);
        if (opts.validateResponses) {
          const check = spec.response.safeParse(value);
          if (!check.success) {
            throw new Error(`handler for ${channel} returned an invalid response at ${zodWhere(check.error)}: ${check.error.issues[0]?.message}`);
          }
        }
        return { ok: true, value };
      } catch (e) {
        if (e instanceof SanctumError) {
          const error = e.toPayload();
          // Error details are part of the contract too (the renderer builds the review panel from them).
          if (opts.validateResponses) ErrorPayloadSchema.parse(error);
          return { ok: false, error };
        }
        opts.logError?.(channel, e);
        return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : 'unexpected error' } };
      }
    },
  };
}
