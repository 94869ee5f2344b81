/**
 * The analytics worker's message protocol, its message handler, and the client the renderer uses.
 *
 *   renderer (GraphWorkerClient)                      worker (createGraphWorkerHandler)
 *     {type:'load', id, snapshot}          ─────▶     validate, keep; ◀── {type:'loaded', id, counts, domain}
 *     (a large snapshot: {type:'load-part', id, key, items}* first, one task each, then the load with
 *      `parts: true` and empty arrays: the worker puts the parts in before it validates)
 *     {type:'run', id, job, filters?}      ─────▶     queue; ◀── {type:'progress', id, stage, done, total}* then
 *                                                             ◀── {type:'result', id, result} | {type:'error', id, error}
 *     {type:'cancel', id}                  ─────▶     the run `id` stops at its next yield: ◀── error CANCELLED
 *
 * Long runs (those that may compute betweenness: overview, betweenness, brokers, top by betweenness) are queued
 * and processed one at a time, in order; they yield to the event loop every ~25 ms, so a cancel can arrive and
 * every other run (view, meta-nodes, neighbourhood, paths, degree…) is answered as soon as it arrives, between
 * their slices: opening a group does not wait for betweenness (issue 13). A cancelled run still queued never
 * starts, and the client cancels a run superseded by a newer one of the same `supersede` key; a stage inside a graphology call (Louvain) cannot be interrupted, so the client
 * terminates and restarts a worker that does not acknowledge a cancel in time (and replays the other requests).
 * The worker keeps the filtered graph and the results of the last few filter settings, so asking for brokers
 * after an overview does not recompute betweenness.
 *
 * A large snapshot goes in parts because postMessage copies on the sending thread: 5,000 entities and 15,000
 * links in one message held the page's main thread for hundreds of milliseconds; parts of LOAD_PART_ITEMS,
 * one per task, keep each copy short (issue 13: no main-thread task over 100 ms while opening a graph).
 *
 * The handler is pure (no DOM, no Node): renderer/graph/analytics.worker.ts wires it to `self`, tests call it
 * directly.
 */
import { z } from 'zod';
import type { ErrorCode } from '../errors';
import { Id } from '../model/records';
import {
  betweennessOptions,
  brokers,
  communities,
  degrees,
  eigenvector,
  kCore,
  overviewSteps,
  type BrokerRow,
  type CommunityResult,
  type DegreeRow,
  type OverviewProgress,
  type OverviewResult,
} from './analytics';
import { betweennessSteps } from './betweenness';
import { buildGraph, type CaseGraph } from './build-graph';
import { applyFilters, type FilteredSnapshot } from './filters';
import { GROUP_BYS, metaGraph, neighbourhood, topEntities, type MetaGraph } from './explore';
import { moneyFlow, type MoneyFlowResult } from './money-flow';
import { shortestPath, simplePaths, type GraphPath, type SimplePathsResult } from './paths';
import { isPackedOverview, unpackOverview } from './overview-pack';
import { project, type Projection } from './projection';
import { CaseGraphSnapshot, GraphFilters, SizeMetric } from './snapshot';
import { eventExtent, extentOf, timeDomain, type TimeStatus } from './time';

// ---------------------------------------------------------------------------------------------- protocol

const Weight = z.enum(['none', 'evidence']);
const BetweennessMode = z.union([z.enum(['exact', 'auto']), z.object({ samples: z.number().int().min(1).max(1_000_000) })]);
const Seed = z.number().int().min(0).max(2 ** 31);

export const GraphJob = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('overview'),
    weight: Weight.optional(),
    seed: Seed.optional(),
    resolution: z.number().positive().max(100).optional(),
    betweenness: BetweennessMode.optional(),
    sizeBy: SizeMetric.optional(),
    currency: z.string().max(10).optional(),
    brokerLimit: z.number().int().min(1).max(10_000).optional(),
  }),
  z.object({ kind: z.literal('degree') }),
  z.object({ kind: z.literal('betweenness'), weight: Weight.optional(), respectDirection: z.boolean().optional(), mode: BetweennessMode.optional(), seed: Seed.optional() }),
  z.object({ kind: z.literal('eigenvector'), weight: Weight.optional() }),
  z.object({ kind: z.literal('communities'), seed: Seed.optional(), resolution: z.number().positive().max(100).optional(), weight: Weight.optional() }),
  z.object({ kind: z.literal('kcore') }),
  z.object({ kind: z.literal('brokers'), seed: Seed.optional(), limit: z.number().int().min(1).max(10_000).optional(), mode: BetweennessMode.optional() }),
  z.object({ kind: z.literal('shortestPath'), source: Id, target: Id, weight: z.enum(['hops', 'evidence']).optional(), respectDirection: z.boolean().optional() }),
  z.object({
    kind: z.literal('simplePaths'),
    source: Id,
    target: Id,
    maxLength: z.number().int().min(1).max(10).optional(),
    maxPaths: z.number().int().min(1).max(10_000).optional(),
    respectDirection: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('moneyFlow'),
    from: z.array(Id).min(1).max(10_000),
    to: z.array(Id).min(1).max(10_000),
    maxDepth: z.number().int().min(1).max(10).optional(),
    maxPaths: z.number().int().min(1).max(10_000).optional(),
    chronological: z.boolean().optional(),
  }),
  /** What the filters keep (ids), with time status, and the date range of the whole case for the slider. */
  z.object({ kind: z.literal('view') }),
  /** Entities within `depth` links of the given ones, and the links among them (expand a neighbourhood). */
  z.object({ kind: z.literal('neighbourhood'), nodes: z.array(Id).min(1).max(10_000), depth: z.number().int().min(1).max(5).optional() }),
  /** Entities grouped into meta-nodes (community, kind, organisation, country); `open` groups drawn one by one. */
  z.object({ kind: z.literal('meta'), groupBy: z.enum(GROUP_BYS), open: z.array(z.string().max(300)).max(10_000).optional(), seed: Seed.optional() }),
  /** A starting set for a large case: the top `n` entities by degree or betweenness. */
  z.object({ kind: z.literal('top'), metric: z.enum(['degree', 'betweenness']), n: z.number().int().min(1).max(10_000) }),
]);
export type GraphJob = z.infer<typeof GraphJob>;
export type GraphJobKind = GraphJob['kind'];
export type JobOf<K extends GraphJobKind> = Extract<GraphJob, { kind: K }>;

/** Runs that may compute betweenness (seconds at 5k entities): queued behind each other, not before the others. */
export function isLongJob(job: GraphJob): boolean {
  return job.kind === 'overview' || job.kind === 'betweenness' || job.kind === 'brokers' || (job.kind === 'top' && job.metric === 'betweenness');
}

const RequestId = z.string().min(1).max(100);

/** Items (entities, links or events) per load-part message. */
export const LOAD_PART_ITEMS = 1500;
const PART_KEYS = ['nodes', 'links', 'events'] as const;
type PartKey = (typeof PART_KEYS)[number];

const LoadPart = z.object({ type: z.literal('load-part'), id: RequestId, key: z.enum(PART_KEYS), items: z.array(z.unknown()).max(100_000) });

export const GraphWorkerRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load'), id: RequestId, snapshot: CaseGraphSnapshot, parts: z.literal(true).optional() }),
  LoadPart,
  z.object({ type: z.literal('run'), id: RequestId, job: GraphJob, filters: GraphFilters.optional() }),
  z.object({ type: z.literal('cancel'), id: RequestId }),
]);
export type GraphWorkerRequest = z.input<typeof GraphWorkerRequest>;

export interface ViewResult {
  nodes: string[];
  links: string[];
  events: string[];
  linkTime: Record<string, TimeStatus>;
  eventTime: Record<string, TimeStatus>;
}

export interface LoadedInfo {
  caseId: string;
  nodes: number;
  links: number;
  events: number;
  /** Date range of the case's links and events (for the time slider), null when nothing is dated. */
  domain: { from: string; to: string } | null;
}

export interface JobResults {
  overview: OverviewResult;
  degree: Record<string, DegreeRow>;
  betweenness: { scores: Record<string, number>; approximate: boolean; sources: number };
  eigenvector: { scores: Record<string, number>; converged: boolean };
  communities: CommunityResult;
  kcore: { core: Record<string, number>; maxCore: number };
  brokers: BrokerRow[];
  shortestPath: GraphPath | null;
  simplePaths: SimplePathsResult;
  moneyFlow: MoneyFlowResult;
  view: ViewResult;
  neighbourhood: { nodes: string[]; links: string[]; added: string[] };
  meta: MetaGraph;
  top: string[];
}

export type JobProgress = { stage: OverviewProgress['stage']; done: number; total: number | null };

export interface WorkerError {
  code: ErrorCode;
  message: string;
}

export type GraphWorkerResponse =
  | { type: 'loaded'; id: string; info: LoadedInfo }
  | { type: 'progress'; id: string; progress: JobProgress }
  | { type: 'result'; id: string; result: JobResults[GraphJobKind] }
  | { type: 'error'; id: string; error: WorkerError };

// ---------------------------------------------------------------------------------------------- handler

class JobError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface Prepared {
  filtered: FilteredSnapshot;
  graph: CaseGraph;
  projections: Map<boolean, Projection>;
  memo: Map<string, unknown>;
}

export interface HandlerOptions {
  /** Work this long between yields to the event loop (default 25 ms). */
  sliceMs?: number;
  /** Throttle progress messages (default 100 ms). */
  progressMs?: number;
  now?: () => number;
  /** How to yield (default: a zero-delay timer, which lets queued messages such as a cancel run). */
  yieldToLoop?: () => Promise<void>;
  /** Filter settings whose graphs and results are kept (default 4). */
  cacheSize?: number;
}

export type GraphWorkerHandler = (message: unknown) => void;

export function createGraphWorkerHandler(post: (msg: GraphWorkerResponse) => void, opts: HandlerOptions = {}): GraphWorkerHandler {
  const now = opts.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  const sliceMs = opts.sliceMs ?? 25;
  const progressMs = opts.progressMs ?? 100;
  const yieldToLoop = opts.yieldToLoop ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  const cacheSize = opts.cacheSize ?? 4;

  let snapshot: CaseGraphSnapshot | null = null;
  const prepared = new Map<string, Prepared>();
  const cancelled = new Set<string>();
  /** Runs queued or running: a cancel for anything else (already answered) is ignored. */
  const live = new Set<string>();
  let queue: Promise<void> = Promise.resolve();
  /** Parts of the snapshot being loaded (only the latest load's: a newer one supersedes). */
  let parts: { id: string; items: Record<PartKey, unknown[]> } | null = null;

  const prepare = (filters: GraphFilters | undefined): Prepared => {
    if (!snapshot) throw new JobError('INVALID_INPUT', 'no graph loaded: send a load message first');
    const key = JSON.stringify(filters ?? {});
    const hit = prepared.get(key);
    if (hit) {
      prepared.delete(key);
      prepared.set(key, hit); // most recently used last
      return hit;
    }
    const filtered = applyFilters(snapshot, filters);
    const p: Prepared = { filtered, graph: buildGraph(filtered.snapshot), projections: new Map(), memo: new Map() };
    prepared.set(key, p);
    while (prepared.size > cacheSize) prepared.delete(prepared.keys().next().value!);
    return p;
  };
  const projection = (p: Prepared, directed = false): Projection => {
    let pr = p.projections.get(directed);
    if (!pr) p.projections.set(directed, (pr = project(p.graph, { directed })));
    return pr;
  };
  const memo = <T>(p: Prepared, key: string, f: () => T): T => {
    if (p.memo.has(key)) return p.memo.get(key) as T;
    const v = f();
    p.memo.set(key, v);
    return v;
  };
  const requireNode = (p: Prepared, id: string) => {
    if (!p.graph.hasNode(id)) throw new JobError('NOT_FOUND', `entity ${id} is not in the graph (filtered out or deleted)`);
  };

  /** Drive a generator, yielding to the event loop every slice; stop if the run was cancelled. */
  async function drive<P, R>(id: string, gen: Generator<P, R>, onProgress: (p: P) => JobProgress): Promise<R> {
    let sliceStart = now();
    let lastProgress = -Infinity;
    for (;;) {
      const r = gen.next();
      if (r.done) return r.value;
      const t = now();
      if (t - lastProgress >= progressMs) {
        lastProgress = t;
        post({ type: 'progress', id, progress: onProgress(r.value) });
      }
      if (t - sliceStart >= sliceMs) {
        await yieldToLoop();
        if (cancelled.has(id)) throw new JobError('CANCELLED', 'cancelled');
        sliceStart = now();
      }
    }
  }

  async function betweennessOf(id: string, p: Prepared, weight: 'none' | 'evidence', directed: boolean, mode: 'exact' | 'auto' | { samples: number }, seed: number) {
    const key = `bc:${weight}:${directed}:${JSON.stringify(mode)}:${seed}`;
    if (p.memo.has(key)) return p.memo.get(key) as JobResults['betweenness'];
    const pr = projection(p, directed);
    const bo = betweennessOptions(pr, mode, { weighted: weight === 'evidence', seed });
    const arr = await drive(id, betweennessSteps(pr, bo), (s) => ({ stage: 'betweenness', done: s.done, total: s.total }));
    const scores: Record<string, number> = {};
    pr.ids.forEach((nid, i) => (scores[nid] = arr[i]!));
    const n = pr.ids.length;
    const result = { scores, approximate: bo.samples !== undefined && bo.samples < n, sources: Math.min(n, bo.samples ?? n) };
    p.memo.set(key, result);
    return result;
  }

  async function runJob(id: string, job: GraphJob, filters: GraphFilters | undefined): Promise<JobResults[GraphJobKind]> {
    const p = prepare(filters);
    const g = p.graph;
    switch (job.kind) {
      case 'overview': {
        const key = `overview:${JSON.stringify(job)}`;
        if (p.memo.has(key)) return p.memo.get(key) as OverviewResult;
        const result = await drive(id, overviewSteps(g, job, { projection: projection(p) }), (s) => s);
        p.memo.set(key, result);
        // Later betweenness / community / broker requests with the same settings reuse these.
        return result;
      }
      case 'degree':
        return memo(p, 'degree', () => degrees(g));
      case 'betweenness':
        return betweennessOf(id, p, job.weight ?? 'none', job.respectDirection ?? false, job.mode ?? 'exact', job.seed ?? 1);
      case 'eigenvector':
        return memo(p, `eig:${job.weight ?? 'none'}`, () => eigenvector(projection(p), { weight: job.weight ?? 'none' }));
      case 'communities':
        return memo(p, `com:${job.seed ?? 1}:${job.resolution ?? 1}:${job.weight ?? 'none'}`, () =>
          communities(projection(p), { seed: job.seed ?? 1, resolution: job.resolution ?? 1, weight: job.weight ?? 'none' }),
        );
      case 'kcore':
        return memo(p, 'kcore', () => kCore(projection(p)));
      case 'brokers': {
        const seed = job.seed ?? 1;
        const bc = await betweennessOf(id, p, 'none', false, job.mode ?? 'auto', seed);
        const com = memo(p, `com:${seed}:1:none`, () => communities(projection(p), { seed, resolution: 1, weight: 'none' }));
        return brokers(projection(p), bc.scores, com.community, { limit: job.limit ?? 20 });
      }
      case 'shortestPath':
        requireNode(p, job.source);
        requireNode(p, job.target);
        return shortestPath(g, projection(p, job.respectDirection ?? false), job.source, job.target, { weight: job.weight ?? 'hops' });
      case 'simplePaths': {
        requireNode(p, job.source);
        requireNode(p, job.target);
        const o: Parameters<typeof simplePaths>[4] = {};
        if (job.maxLength !== undefined) o.maxLength = job.maxLength;
        if (job.maxPaths !== undefined) o.maxPaths = job.maxPaths;
        return simplePaths(g, projection(p, job.respectDirection ?? false), job.source, job.target, o);
      }
      case 'moneyFlow': {
        for (const n of [...job.from, ...job.to]) requireNode(p, n);
        const overlap = job.from.filter((n) => job.to.includes(n));
        if (overlap.length) throw new JobError('INVALID_INPUT', `an entity cannot be on both sides of a money flow (${overlap[0]})`);
        const o: Parameters<typeof moneyFlow>[3] = {};
        if (job.maxDepth !== undefined) o.maxDepth = job.maxDepth;
        if (job.maxPaths !== undefined) o.maxPaths = job.maxPaths;
        if (job.chronological !== undefined) o.chronological = job.chronological;
        return moneyFlow(g, job.from, job.to, o);
      }
      case 'view': {
        const s = p.filtered.snapshot;
        return {
          nodes: s.nodes.map((n) => n.id),
          links: s.links.map((l) => l.id),
          events: s.events.map((e) => e.id),
          linkTime: p.filtered.linkTime,
          eventTime: p.filtered.eventTime,
        };
      }
      case 'neighbourhood': {
        for (const n of job.nodes) requireNode(p, n);
        return neighbourhood(g, job.nodes, job.depth ?? 1);
      }
      case 'meta': {
        const seed = job.seed ?? 1;
        const community = job.groupBy === 'community' ? memo(p, `com:${seed}:1:none`, () => communities(projection(p), { seed, resolution: 1, weight: 'none' })).community : undefined;
        return metaGraph(g, job.groupBy, { ...(community ? { community } : {}), open: job.open ?? [] });
      }
      case 'top': {
        const metric = job.metric === 'betweenness' ? (await betweennessOf(id, p, 'none', false, 'auto', 1)).scores : null;
        return topEntities(g, metric, job.n);
      }
    }
  }

  const fail = (id: string, e: unknown) => {
    const error: WorkerError =
      e instanceof JobError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? e.message : 'unexpected error in the analytics worker' };
    post({ type: 'error', id, error });
  };

  return (message: unknown) => {
    const part = LoadPart.safeParse(message);
    if (part.success) {
      const { id, key, items } = part.data;
      if (parts?.id !== id) parts = { id, items: { nodes: [], links: [], events: [] } };
      for (const it of items) parts.items[key].push(it);
      return;
    }
    const raw = message as { type?: unknown; id?: unknown; parts?: unknown; snapshot?: unknown };
    if (raw?.type === 'load' && raw.parts === true && typeof raw.snapshot === 'object' && raw.snapshot !== null) {
      // Put the parts in before validating: the snapshot is checked whole, as if it came in one message.
      const got = parts && parts.id === raw.id ? parts.items : { nodes: [], links: [], events: [] };
      parts = null;
      message = { ...raw, snapshot: { ...raw.snapshot, ...got } };
    }
    const parsed = GraphWorkerRequest.safeParse(message);
    if (!parsed.success) {
      const id = typeof (message as { id?: unknown })?.id === 'string' ? (message as { id: string }).id : '';
      const issue = parsed.error.issues[0];
      fail(id, new JobError('INVALID_INPUT', `invalid message at ${issue?.path.join('.') || '(message)'}: ${issue?.message ?? 'invalid'}`));
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'load-part') return; // handled above
    if (msg.type === 'cancel') {
      if (live.has(msg.id)) cancelled.add(msg.id);
      return;
    }
    if (msg.type === 'load') {
      // Loading replaces the graph at once, even while a run is queued: later runs see the new graph.
      snapshot = msg.snapshot;
      prepared.clear();
      const s = msg.snapshot;
      post({
        type: 'loaded',
        id: msg.id,
        info: {
          caseId: s.caseId,
          nodes: s.nodes.length,
          links: s.links.length,
          events: s.events.length,
          domain: timeDomain([...s.links.map((l) => extentOf(l)), ...s.events.map((e) => eventExtent(e))]),
        },
      });
      return;
    }
    const { id, job, filters } = msg;
    live.add(id);
    const go = async () => {
      try {
        if (cancelled.has(id)) throw new JobError('CANCELLED', 'cancelled');
        const result = await runJob(id, job, filters);
        if (cancelled.has(id)) throw new JobError('CANCELLED', 'cancelled');
        post({ type: 'result', id, result });
      } catch (e) {
        fail(id, e);
      } finally {
        cancelled.delete(id);
        live.delete(id);
      }
    };
    // A long run waits for the long runs before it; any other runs now (a long one is between slices).
    if (isLongJob(job)) queue = queue.then(go);
    else void go();
  };
}

// ---------------------------------------------------------------------------------------------- client

/** What the client needs of a Worker (a DOM Worker fits; tests pass a fake). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export class GraphWorkerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GraphWorkerError';
  }
}

export interface RunOptions {
  filters?: GraphFilters;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** A newer run with the same key cancels this one if it is still pending (e.g. 'path': only the last asked counts). */
  supersede?: string;
}

interface Pending {
  message: GraphWorkerRequest;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress: ((p: JobProgress) => void) | undefined;
}

/**
 * The renderer's handle on the analytics worker: promises per request, progress callbacks, and cancellation by
 * AbortSignal. A worker that does not acknowledge a cancel within `hardCancelMs` (it is inside a stage that
 * cannot yield) is terminated and replaced; the last snapshot and the other pending runs are sent again.
 *
 *   const client = new GraphWorkerClient(() => new Worker(new URL('./analytics.worker.ts', import.meta.url), { type: 'module' }));
 *   await client.load(snapshot);
 *   const o = await client.run({ kind: 'overview' }, { filters, signal, onProgress });
 */
export class GraphWorkerClient {
  readonly #create: () => WorkerLike;
  readonly #hardCancelMs: number;
  #worker: WorkerLike | null = null;
  #next = 0;
  readonly #pending = new Map<string, Pending>();
  /** Cancelled runs the current worker has not acknowledged yet. */
  readonly #unacknowledged = new Set<string>();
  #lastLoad: Extract<GraphWorkerRequest, { type: 'load' }> | null = null;
  /** A large load still sending its parts: later messages wait for it (the worker sees them in order). */
  #sending: Promise<void> | null = null;
  #disposed = false;
  /** The pending run of each `supersede` key. */
  readonly #latest = new Map<string, string>();

  constructor(createWorker: () => WorkerLike, opts: { hardCancelMs?: number } = {}) {
    this.#create = createWorker;
    this.#hardCancelMs = opts.hardCancelMs ?? 1000;
  }

  #spawn(): WorkerLike {
    const w = this.#create();
    w.addEventListener('message', (e) => {
      if (w === this.#worker) this.#onMessage(e.data as GraphWorkerResponse);
    });
    w.addEventListener('error', (e) => {
      if (w !== this.#worker) return;
      // A script error kills every request in flight; the next request starts a fresh worker.
      this.#worker = null;
      w.terminate();
      const err = new GraphWorkerError('INTERNAL', `analytics worker failed: ${e?.message ?? 'unknown error'}`);
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
      this.#unacknowledged.clear();
    });
    return w;
  }

  /** The worker, started if need be; a fresh one is given the last snapshot unless the caller is sending it. */
  #worker$(replay = true): WorkerLike {
    if (this.#disposed) throw new GraphWorkerError('INVALID_INPUT', 'the analytics client was disposed');
    if (!this.#worker) {
      this.#worker = this.#spawn();
      // Every part at once: a rare path (a crash or a hard cancel), or the first load being sent right now.
      if (replay && this.#lastLoad) for (const m of loadMessages(this.#lastLoad)) this.#worker.postMessage(m);
    }
    return this.#worker;
  }

  #post(message: GraphWorkerRequest): void {
    if (this.#sending) {
      const next = this.#sending.then(() => {
        if (!this.#disposed) this.#worker$().postMessage(message);
      });
      this.#sending = next;
      void next.finally(() => {
        if (this.#sending === next) this.#sending = null;
      });
      return;
    }
    this.#worker$().postMessage(message);
  }

  /** A load, in parts across tasks when the snapshot is large. */
  #postLoad(message: Extract<GraphWorkerRequest, { type: 'load' }>): void {
    const messages = loadMessages(message);
    if (messages.length === 1) {
      this.#post(message);
      return;
    }
    const before = this.#sending ?? Promise.resolve();
    const sent = before.then(async () => {
      if (this.#disposed) return;
      // This load is the last one: a worker started here needs no replay of it.
      const w = this.#worker$(false);
      for (let i = 0; i < messages.length; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 0));
        // Replaced meanwhile (the fresh worker was given the whole snapshot) or stopped: nothing more to send.
        if (this.#disposed || w !== this.#worker) return;
        w.postMessage(messages[i]);
      }
    });
    this.#sending = sent;
    void sent.finally(() => {
      if (this.#sending === sent) this.#sending = null;
    });
  }

  #onMessage(m: GraphWorkerResponse): void {
    if (this.#unacknowledged.delete(m.id)) return; // the cancelled run's last word
    const p = this.#pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.progress);
      return;
    }
    this.#pending.delete(m.id);
    if (m.type === 'error') p.reject(new GraphWorkerError(m.error.code, m.error.message));
    else p.resolve(m.type === 'loaded' ? m.info : isPackedOverview(m.result) ? unpackOverview(m.result) : m.result);
  }

  #send<T>(message: GraphWorkerRequest, onProgress?: (p: JobProgress) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(message.id, { message, resolve: resolve as (v: unknown) => void, reject, onProgress });
      try {
        if (message.type === 'load') this.#postLoad(message);
        else this.#post(message);
      } catch (e) {
        this.#pending.delete(message.id);
        reject(e);
      }
    });
  }

  /** Send a snapshot; later runs analyse it. */
  load(snapshot: CaseGraphSnapshot): Promise<LoadedInfo> {
    const message = { type: 'load' as const, id: `load-${++this.#next}`, snapshot };
    this.#lastLoad = message;
    return this.#send<LoadedInfo>(message);
  }

  run<J extends GraphJob>(job: J, opts: RunOptions = {}): Promise<JobResults[J['kind']]> {
    const id = `run-${++this.#next}`;
    const message: GraphWorkerRequest = opts.filters ? { type: 'run', id, job, filters: opts.filters } : { type: 'run', id, job };
    if (opts.signal?.aborted) return Promise.reject(new GraphWorkerError('CANCELLED', 'cancelled'));
    const key = opts.supersede;
    if (key !== undefined) {
      const older = this.#latest.get(key);
      if (older) this.#cancel(older);
      this.#latest.set(key, id);
    }
    const promise = this.#send<JobResults[J['kind']]>(message, opts.onProgress);
    opts.signal?.addEventListener('abort', () => this.#cancel(id), { once: true });
    if (key === undefined) return promise;
    const forget = () => {
      if (this.#latest.get(key) === id) this.#latest.delete(key);
    };
    return promise.finally(forget);
  }

  #cancel(id: string): void {
    const p = this.#pending.get(id);
    if (!p || !this.#worker) return;
    this.#pending.delete(id);
    p.reject(new GraphWorkerError('CANCELLED', 'cancelled'));
    const w = this.#worker;
    this.#unacknowledged.add(id);
    this.#post({ type: 'cancel', id } satisfies GraphWorkerRequest);
    setTimeout(() => {
      if (w !== this.#worker || !this.#unacknowledged.has(id)) return;
      // Stuck in a stage that cannot yield: replace the worker, replay the load and the other runs.
      this.#unacknowledged.clear();
      this.#worker = null;
      w.terminate();
      const fresh = this.#worker$();
      for (const other of this.#pending.values()) if (other.message.type === 'run') fresh.postMessage(other.message);
    }, this.#hardCancelMs);
  }

  /** Stop the worker; pending requests fail with CANCELLED. */
  dispose(): void {
    this.#disposed = true;
    this.#worker?.terminate();
    this.#worker = null;
    for (const p of this.#pending.values()) p.reject(new GraphWorkerError('CANCELLED', 'the analytics worker was stopped'));
    this.#pending.clear();
  }
}

/** The messages that carry one load: itself when small, else its parts then the load with empty arrays. */
export function loadMessages(message: Extract<GraphWorkerRequest, { type: 'load' }>, per = LOAD_PART_ITEMS): GraphWorkerRequest[] {
  const s = message.snapshot;
  if (s.nodes.length + s.links.length + s.events.length <= per) return [message];
  const out: GraphWorkerRequest[] = [];
  for (const key of PART_KEYS) {
    const items = s[key] as unknown[];
    for (let i = 0; i < items.length; i += per) out.push({ type: 'load-part', id: message.id, key, items: items.slice(i, i + per) });
  }
  out.push({ type: 'load', id: message.id, snapshot: { ...s, nodes: [], links: [], events: [] }, parts: true });
  return out;
}
