/**
 * Sends that wait for a pause (a form's draft waits for typing to stop) and can all be made at once: before a
 * lock, so words typed in the last moments are not lost. One waiting send per owner (a form instance).
 */
export class PendingSends {
  readonly #waiting = new Map<object, (sendIt?: boolean) => Promise<void>>();

  /** Send after `delayMs` unless flushed or cancelled first; replaces the owner's waiting send. Returns cancel. */
  schedule(owner: object, send: () => Promise<unknown>, delayMs: number): () => void {
    void this.#waiting.get(owner)?.(false);
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const run = async (sendIt = true): Promise<void> => {
      if (this.#waiting.get(owner) !== run) return;
      this.#waiting.delete(owner);
      clearTimeout(timer);
      if (sendIt) await send().catch(() => undefined);
    };
    this.#waiting.set(owner, run);
    timer = setTimeout(() => void run(), delayMs);
    return () => void run(false);
  }

  get size(): number {
    return this.#waiting.size;
  }

  /** Make every waiting send now; resolves when all have answered (or failed). */
  async flush(): Promise<void> {
    await Promise.all([...this.#waiting.values()].map((run) => run()));
  }
}
