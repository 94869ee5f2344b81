/** Screening views as they cross IPC (mirrors main/core/screening/screening-service.ts). */
import { z } from 'zod';

export const Review = z.enum(['current', 'changed', 'removed']);
export const Decision = z.enum(['true_positive', 'false_positive']);

export const SnapshotSummaryView = z.object({
  id: z.string(),
  listId: z.string(),
  name: z.string(),
  format: z.enum(['un-xml', 'ftm']),
  source: z.string(),
  generatedAt: z.string().nullable(),
  sha256: z.string(),
  importedAt: z.string(),
  counts: z.object({ individuals: z.number().int(), entities: z.number().int(), aliases: z.number().int() }),
  problems: z.number().int(),
  current: z.boolean(),
});
export type SnapshotSummaryView = z.infer<typeof SnapshotSummaryView>;

export const ImportResultView = z.object({
  snapshot: SnapshotSummaryView,
  unchanged: z.boolean(),
  replay: z.object({ carried: z.number().int(), changed: z.number().int(), removed: z.number().int() }),
});

export const DecisionView = z.object({
  id: z.string(),
  decision: Decision,
  reason: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  designationId: z.string().nullable(),
  review: Review,
});

export const HitView = z.object({
  listId: z.string(),
  listName: z.string(),
  snapshotId: z.string(),
  entryId: z.string(),
  caption: z.string(),
  schema: z.string(),
  programs: z.array(z.string()),
  score: z.number(),
  verdict: z.enum(['match', 'possible', 'none']),
  features: z.record(z.string(), z.union([z.number(), z.string()])),
  explanation: z.array(z.string()),
  decision: DecisionView.nullable(),
});
export type HitView = z.infer<typeof HitView>;

export const EntityScreeningView = z.object({
  entityId: z.string(),
  name: z.string(),
  kind: z.string(),
  query: z.object({ id: z.string(), schema: z.string(), names: z.array(z.string()), birthDates: z.array(z.string()).optional(), nationalities: z.array(z.string()).optional() }),
  hits: z.array(HitView),
  otherDecisions: z.array(DecisionView.extend({ listId: z.string(), entryId: z.string(), caption: z.string() })),
});
export type EntityScreeningView = z.infer<typeof EntityScreeningView>;

export const ScreeningRunView = z.object({
  id: z.string(),
  listId: z.string(),
  listName: z.string(),
  snapshotId: z.string(),
  listSha256: z.string(),
  screenedAt: z.string(),
  screenedBy: z.string(),
  entities: z.number().int(),
  /** Protected people left out of the run (never screened under their names). */
  protectedNotScreened: z.number().int(),
  /** False when the list was imported again (or removed) since this run. */
  current: z.boolean(),
});
export type ScreeningRunView = z.infer<typeof ScreeningRunView>;

export const LastScreeningView = z.object({
  runs: z.array(ScreeningRunView),
  results: z.array(EntityScreeningView),
  unscreened: z.number().int(),
});
export type LastScreeningView = z.infer<typeof LastScreeningView>;
