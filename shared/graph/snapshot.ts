/**
 * The case graph snapshot: everything the graph view and its analytics worker need about one case, as plain
 * JSON (it crosses IPC and then `postMessage` into a Web Worker). Main builds it from the workspace
 * (main/core/graph/snapshot.ts); nothing here reads a record store.
 *
 * Witness rule: an entity that stands for a witness carries its pseudonym and nothing that could identify the
 * person (no aliases, original-script name, birth date or nationality). Sources appear as ids and grades only.
 *
 * Pure (no Node, no DOM).
 */
import { z } from 'zod';
import { PartialDate, PartialDateValue } from '../model/partial-date';
import { Id } from '../model/records';
import { ENTITY_KINDS, LINK_KINDS, ROLES } from '../model/vocabulary';

export const SNAPSHOT_VERSION = 1;

export const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const Grade = z.enum(GRADES);
export type Grade = z.infer<typeof Grade>;

export const Credibility = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]);
export type Credibility = z.infer<typeof Credibility>;

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

/** Saved node positions by entity id (at most one per node of a large case). */
export const Positions = z.record(Id, Position).refine((p) => Object.keys(p).length <= 200_000, { message: 'too many positions' });
export type Positions = z.infer<typeof Positions>;

export const SnapshotNode = z.object({
  id: Id,
  kind: z.enum(ENTITY_KINDS),
  /** Primary name; the pseudonym for a witness. */
  name: z.string(),
  originalScriptName: z.string().optional(),
  aliases: z.array(z.string()),
  roles: z.array(z.enum(ROLES)),
  nationality: z.array(z.string()),
  countries: z.array(z.string()),
  birthDate: PartialDate.optional(),
  isWitness: z.boolean(),
});
export type SnapshotNode = z.infer<typeof SnapshotNode>;

/** One evidence item cited by a claim that asserts a link: only what grading needs. */
export const SupportItem = z.object({
  evidenceId: Id,
  /** The item's source (a working copy inherits its original's); null when none is recorded. */
  sourceId: Id.nullable(),
  /** The source's reliability (A–F), null when there is no source. */
  grade: Grade.nullable(),
  credibility: Credibility,
  verified: z.boolean(),
});
export type SupportItem = z.infer<typeof SupportItem>;

export const SupportClaim = z.object({
  claimId: Id,
  assessment: z.enum(['confirmed', 'probable', 'possible', 'doubtful']),
  evidence: z.array(SupportItem),
});
export type SupportClaim = z.infer<typeof SupportClaim>;

export const SnapshotLink = z.object({
  id: Id,
  kind: z.enum(LINK_KINDS),
  source: Id,
  target: Id,
  role: z.string().optional(),
  start: PartialDate.optional(),
  end: PartialDate.optional(),
  date: PartialDate.optional(),
  money: z.object({ amount: z.number().finite(), currency: z.string().optional() }).optional(),
  /** Claims asserting this link, with their evidence (evidence strength is computed from these). */
  support: z.array(SupportClaim),
});
export type SnapshotLink = z.infer<typeof SnapshotLink>;

export const SnapshotEvent = z.object({
  id: Id,
  title: z.string(),
  date: PartialDate.optional(),
  endDate: PartialDate.optional(),
  participants: z.array(z.object({ entityId: Id, role: z.string() })),
  conduct: z.array(z.string()),
});
export type SnapshotEvent = z.infer<typeof SnapshotEvent>;

export const CaseGraphSnapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  caseId: Id,
  caseName: z.string(),
  /** Sorted by id, so every consumer (Louvain's node order included) sees the same order in every session. */
  nodes: z.array(SnapshotNode),
  links: z.array(SnapshotLink),
  events: z.array(SnapshotEvent),
  /** Saved layout: a saved case opens without re-layout. Only nodes that still exist. */
  positions: Positions,
});
export type CaseGraphSnapshot = z.infer<typeof CaseGraphSnapshot>;

/** A date window; bounds may be partial ("2017", "2017-03") and are widened to whole days. */
export const TimeWindow = z
  .object({
    from: PartialDateValue.optional(),
    to: PartialDateValue.optional(),
    /** Keep links with no usable date (default). */
    includeUndated: z.boolean().default(true),
  })
  .strict();
export type TimeWindow = z.input<typeof TimeWindow>;

/** What the user hides or keeps; shared by the worker, saved views and the GraphML export. */
export const GraphFilters = z
  .object({
    entityKinds: z.array(z.enum(ENTITY_KINDS)).optional(),
    /** Keep entities with at least one of these roles. */
    roles: z.array(z.enum(ROLES)).optional(),
    linkKinds: z.array(z.enum(LINK_KINDS)).optional(),
    time: TimeWindow.optional(),
    /** Keep links whose best source is graded this or better (A best); links with no graded source go. */
    minGrade: Grade.optional(),
    /** Keep links with at least this many independent sources (2 hides single-source links). */
    minSources: z.number().int().min(0).max(1000).optional(),
    hiddenNodes: z.array(Id).max(200_000).optional(),
    /** When set, only these entities (e.g. an expanded neighbourhood). */
    onlyNodes: z.array(Id).max(200_000).optional(),
    /** Drop entities left without links after the other filters. */
    dropIsolated: z.boolean().optional(),
  })
  .strict();
export type GraphFilters = z.input<typeof GraphFilters>;

/** The sealed record holding a case's current layout (one per case). */
export const GraphLayoutData = z.object({ caseId: Id, positions: Positions });
export type GraphLayoutData = z.infer<typeof GraphLayoutData>;

export const SIZE_METRICS = ['degree', 'betweenness', 'eigenvector', 'core', 'evidence', 'money'] as const;
export const SizeMetric = z.enum(SIZE_METRICS);
export type SizeMetric = z.infer<typeof SizeMetric>;

/** A saved view: filters, layout and viewport, so a view reopens as it was left. */
export const GraphViewData = z.object({
  caseId: Id,
  name: z.string().trim().min(1, 'required').max(200),
  filters: GraphFilters.default({}),
  positions: Positions.default({}),
  viewport: z.object({ zoom: z.number().positive().finite(), pan: Position }).optional(),
  /** Layout algorithm last used (fcose, concentric …), for the UI. */
  layout: z.string().max(50).optional(),
  pinned: z.array(Id).max(200_000).default([]),
  sizeBy: SizeMetric.optional(),
  colourBy: z.enum(['kind', 'community', 'role']).optional(),
});
export type GraphViewData = z.infer<typeof GraphViewData>;

export const GraphView = GraphViewData.extend({ id: Id, createdAt: z.string(), updatedAt: z.string() });
export type GraphView = z.infer<typeof GraphView>;
