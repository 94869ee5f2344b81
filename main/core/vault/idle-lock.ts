/**
 * Idle lock policy, kept free of timers and Electron so it can be tested with a fake clock:
 * activity() restarts the countdown; tick() (called every few seconds by the shell) locks once the
 * user-set period has passed with no activity, or the system itself reports that long an idle time
 * (the user walked away from the machine, not only from this window).
 */
export interface IdleLockOptions {
  minutes: number;
  now: () => number;
  onIdle: () => void;
}

export class IdleLock {
  #minutes: number;
  #last: number;
  #now: () => number;
  #onIdle: () => void;
  #fired = false;

  constructor(opts: IdleLockOptions) {
    this.#minutes = opts.minutes;
    this.#now = opts.now;
    this.#last = opts.now();
    this.#onIdle = opts.onIdle;
  }

  get minutes(): number {
    return this.#minutes;
  }

  setMinutes(minutes: number): void {
    this.#minutes = minutes;
    this.activity();
  }

  activity(): void {
    this.#last = this.#now();
    this.#fired = false;
  }

  /** @param systemIdleSeconds what the OS reports (Electron powerMonitor.getSystemIdleTime), if known. */
  tick(systemIdleSeconds?: number): boolean {
    if (this.#fired || this.#minutes <= 0) return false;
    const limitMs = this.#minutes * 60_000;
    const appIdle = this.#now() - this.#last;
    const systemIdle = systemIdleSeconds === undefined ? 0 : systemIdleSeconds * 1000;
    if (appIdle >= limitMs || systemIdle >= limitMs) {
      this.#fired = true;
      this.#onIdle();
      return true;
    }
    return false;
  }
}
