/**
 * Long-running work started over IPC (evidence intake, imports): each gets the renderer's job id, an abort
 * signal for `job.cancel`, and a throttled progress reporter that emits `job.progress` events.
 */
import type { EventName, EventOf } from '../../shared/ipc/contract';

type Emit = <E extends EventName>(event: E, payload: EventOf<E>) => void;

export class Jobs {
  readonly #running = new Map<string, AbortController>();
  constructor(private readonly emit: Emit = () => undefined) {}

  async run<T>(jobId: string, label: string, total: number | null, work: (signal: AbortSignal, progress: (done: number) => void) => Promise<T>): Promise<T> {
    const ctrl = new AbortController();
    this.#running.set(jobId, ctrl);
    let last = 0;
    const progress = (done: number) => {
      const now = Date.now();
      if (now - last < 100 && (total === null || done < total)) return;
      last = now;
      this.emit('job.progress', { jobId, label, done, total });
    };
    try {
      progress(0);
      const result = await work(ctrl.signal, progress);
      this.emit('job.progress', { jobId, label, done: total ?? 1, total: total ?? 1 });
      return result;
    } finally {
      this.#running.delete(jobId);
    }
  }

  cancel(jobId: string): boolean {
    const c = this.#running.get(jobId);
    c?.abort();
    return c !== undefined;
  }
}
