import { GraphWorkerError } from '../../../shared/graph/graph-worker-api';
import { describeError } from '../../api/messages';

/** A worker's or the core's error in words. */
export function errorText(e: unknown): string {
  if (e instanceof GraphWorkerError) return e.message;
  return describeError(e as { code?: unknown; message?: unknown }).message;
}

/** A cancelled worker job is not an error to show. */
export const cancelled = (e: unknown) => e instanceof GraphWorkerError && e.code === 'CANCELLED';
