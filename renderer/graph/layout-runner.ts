/** Runs fcose in the layout worker; one layout at a time, a new one (or cancel) terminates the old. */
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

export class LayoutCancelled extends Error {
  constructor() {
    super('layout cancelled');
    this.name = 'LayoutCancelled';
  }
}

export class LayoutRunner {
  #worker: Worker | null = null;
  #reject: ((e: unknown) => void) | null = null;
  #next = 0;

  run(req: Omit<LayoutRequest, 'id'>): Promise<{ positions: Record<string, { x: number; y: number }>; ms: number }> {
    this.cancel();
    const id = ++this.#next;
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'sanctum-layout' });
    this.#worker = w;
    return new Promise((resolve, reject) => {
      this.#reject = reject;
      const done = () => {
        w.terminate();
        if (this.#worker === w) {
          this.#worker = null;
          this.#reject = null;
        }
      };
      w.addEventListener('message', (e: MessageEvent<LayoutResponse>) => {
        if (e.data.id !== id) return;
        done();
        if (e.data.ok) resolve({ positions: e.data.positions, ms: e.data.ms });
        else reject(new Error(e.data.message));
      });
      w.addEventListener('error', (e) => {
        done();
        reject(new Error(e.message || 'the layout worker failed'));
      });
      w.postMessage({ ...req, id } satisfies LayoutRequest);
    });
  }

  get running(): boolean {
    return this.#worker !== null;
  }

  cancel(): void {
    if (!this.#worker) return;
    this.#worker.terminate();
    this.#worker = null;
    const r = this.#reject;
    this.#reject = null;
    r?.(new LayoutCancelled());
  }
}
