/**
 * Typed client of `window.sanctum` (the one bridge the preload exposes). Components call `invoke` with a
 * channel from shared/ipc/contract and get the typed response, or an `ApiError` they can show next to the
 * right field. Nothing here holds keys or secrets beyond the call in flight.
 */
import type { Channel, EventName, EventOf, InvokeResult, RequestOf, ResponseOf, SanctumBridge } from '../../shared/ipc/contract';
import type { ErrorCode, ErrorDetails, ErrorPayload } from '../../shared/errors';
import { ERROR_CODES, ErrorDetails as ErrorDetailsSchema } from '../../shared/errors';

declare global {
  interface Window {
    sanctum?: SanctumBridge;
  }
}

/** A failure reported by the main process (or the bridge itself), with the core's error code. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly where: string | undefined;
  readonly channel: string;
  /** Structured detail (the possible identity mentions an export stopped on). */
  readonly details: ErrorDetails | undefined;

  constructor(channel: string, payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.channel = channel;
    this.code = payload.code;
    this.where = payload.where;
    this.details = payload.details;
  }

  is(...codes: ErrorCode[]): boolean {
    return codes.includes(this.code);
  }
}

export function isApiError(e: unknown, ...codes: ErrorCode[]): e is ApiError {
  return e instanceof ApiError && (codes.length === 0 || codes.includes(e.code));
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function bridge(): SanctumBridge {
  const b = window.sanctum;
  if (!b || typeof b.invoke !== 'function' || typeof b.on !== 'function') {
    throw new ApiError('(bridge)', { code: 'INTERNAL', message: 'the Sanctum bridge is missing: this page must run inside the Sanctum app' });
  }
  return b;
}

/** Turns whatever came over the bridge into a well-formed result (a malformed one is an INTERNAL error). */
export function toResult(raw: unknown): InvokeResult {
  if (raw && typeof raw === 'object' && 'ok' in raw) {
    const r = raw as { ok: unknown; value?: unknown; error?: Partial<ErrorPayload> };
    if (r.ok === true) return { ok: true, value: r.value };
    if (r.ok === false && r.error && typeof r.error.message === 'string') {
      const code = typeof r.error.code === 'string' && KNOWN_CODES.has(r.error.code) ? (r.error.code as ErrorCode) : 'INTERNAL';
      // Details only when they match the contract (the review panel renders them).
      const details = r.error.details === undefined ? undefined : ErrorDetailsSchema.safeParse(r.error.details);
      return {
        ok: false,
        error: { code, message: r.error.message, ...(typeof r.error.where === 'string' ? { where: r.error.where } : {}), ...(details?.success ? { details: details.data } : {}) },
      };
    }
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'the main process sent a malformed answer' } };
}

/** Call a channel; resolves with its typed response or rejects with an ApiError. */
export async function invoke<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
  let raw: unknown;
  try {
    raw = await bridge().invoke(channel, req);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(channel, { code: 'INTERNAL', message: e instanceof Error ? e.message : 'the call to the main process failed' });
  }
  const result = toResult(raw);
  if (!result.ok) throw new ApiError(channel, result.error);
  return result.value as ResponseOf<C>;
}

/** Subscribe to an event pushed from main; returns the unsubscribe function. */
export function onEvent<E extends EventName>(name: E, cb: (payload: EventOf<E>) => void): () => void {
  return bridge().on(name, (payload) => cb(payload as EventOf<E>));
}
