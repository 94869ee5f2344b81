/**
 * Reporting user activity to main (`session.activity`) so the idle lock restarts its countdown. Input
 * events are frequent; the report goes out at most once per interval.
 */
export const ACTIVITY_REPORT_INTERVAL_MS = 30_000;

/** DOM events that count as the person being at the machine. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Returns a function that answers "send a report now?" — true at most once per `intervalMs`. */
export function createThrottle(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const t = now();
    if (t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
