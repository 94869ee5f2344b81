/**
 * The longest task on a page's main thread by thread CPU time, from Chromium's tracing (`RunTask` events of
 * the `toplevel` category, their `tdur`). The PerformanceObserver's long tasks are wall time, which the shared
 * machine's load stretches many times over (a load of 20-30 turns 100 ms into 1-3 s); CPU time is stretched
 * much less, so it is what a before/after comparison or a tight bound can rest on. Used by the graph e2e and
 * the graph-ui bench.
 */
import type { CDPSession, Page } from 'playwright-core';

type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };

export interface MainThreadTasks {
  /** End the current trace: the main thread's tasks since the last call, longest first (CPU ms, wall ms). */
  take(): Promise<{ cpu: number[]; wall: number[] }>;
  stop(): Promise<void>;
}

async function start(cdp: CDPSession, events: TraceEvent[]): Promise<void> {
  events.length = 0;
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'disabled-by-default-devtools.timeline'] } } as never);
}

export async function traceMainThread(page: Page): Promise<MainThreadTasks> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  await start(cdp, events);
  let mainThread: { pid: number; tid: number } | null = null;
  const end = async () => {
    const done = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
    await cdp.send('Tracing.end');
    await done;
  };
  return {
    async take() {
      await end();
      const named = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
      if (named) mainThread = { pid: named.pid, tid: named.tid };
      const onMain = events.filter((e) => mainThread && e.pid === mainThread.pid && e.tid === mainThread.tid && e.ph === 'X');
      // Chromium writes a task as `RunTask` (devtools timeline) around `ThreadControllerImpl::RunTask` (toplevel):
      // one of the two, not both, or every task counts twice.
      const name = onMain.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
      const tasks = onMain.filter((e) => e.name === name);
      const out = {
        cpu: tasks.map((e) => Math.round((e.tdur ?? 0) / 1000)).sort((a, b) => b - a),
        wall: tasks.map((e) => Math.round((e.dur ?? 0) / 1000)).sort((a, b) => b - a),
      };
      await start(cdp, events);
      return out;
    },
    async stop() {
      await end().catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}
