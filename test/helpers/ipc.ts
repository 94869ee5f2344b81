/**
 * The one way tests call a channel through the real router: `call('entity.create', { data })` is typed by the
 * contract's channel map, so the request must be a valid `RequestOf<C>` (a wrong field is a type error, as in
 * the renderer) and the answer is a `ResponseOf<C>`. A refusal is thrown as an Error carrying the error payload
 * (`code`, `message`, `where`, `details`), for `rejects.toMatchObject({ code: 'INVALID_INPUT' })`.
 *
 * A test that sends a request the contract does not allow, to see the router refuse it, says so with
 * `sendUnchecked` (or `// @ts-expect-error` on a typed call, which also proves the type refuses it).
 */
import type { Router } from '../../main/ipc';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { ErrorPayload } from '../../shared/errors';

/** The router's refusal as thrown by `call`. */
export type CallError = Error & ErrorPayload & { channel: string };

function refusal(channel: string, error: ErrorPayload): CallError {
  return Object.assign(new Error(error.message), error, { channel });
}

export type Call = <C extends Channel>(channel: C, ...payload: Record<never, never> extends RequestOf<C> ? [RequestOf<C>?] : [RequestOf<C>]) => Promise<ResponseOf<C>>;

export function caller(router: Router): { call: Call; sendUnchecked: (channel: string, payload?: unknown) => Promise<unknown> } {
  const sendUnchecked = async (channel: string, payload: unknown = {}): Promise<unknown> => {
    const r = await router.invoke(channel, payload);
    if (!r.ok) throw refusal(channel, r.error);
    return r.value;
  };
  const call: Call = async (channel, ...payload) => (await sendUnchecked(channel, payload[0] ?? {})) as never;
  return { call, sendUnchecked };
}
