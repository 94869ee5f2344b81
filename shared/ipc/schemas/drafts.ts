/**
 * Drafts: what a form or editor holds that is not saved yet. While the vault is unlocked the renderer keeps
 * main told (`drafts.put`, in memory only); when the vault locks, main seals every live draft into the vault
 * as a `draft` record before the keys are wiped, and after the next unlock the app brings the person back to
 * the same screen with the draft filled in (`drafts.take`). Nothing of a draft is ever stored by the renderer.
 */
import { z } from 'zod';

/** The forms and editors that keep drafts, with the words a person reads for each. */
export const DRAFT_FORM_LABELS = {
  statement: 'statement',
  entity: 'entity',
  link: 'link',
  claim: 'claim',
  event: 'event',
  evidence: 'evidence details',
  intake: 'evidence intake',
  note: 'note',
  listing: 'listing proposal',
  witness: 'witness',
  source: 'source',
  case: 'case',
} as const;
export type DraftForm = keyof typeof DRAFT_FORM_LABELS;
export const DraftForm = z.enum(Object.keys(DRAFT_FORM_LABELS) as [DraftForm, ...DraftForm[]]);

const Id = z.string().min(1).max(200);

/** Where the draft was being written: the workspace route (renderer/workspace/routes.ts), names no path. */
export const DraftRoute = z
  .object({
    area: z.string().min(1).max(40),
    entityId: Id.optional(),
    eventId: Id.optional(),
    evidenceId: Id.optional(),
    witnessId: Id.optional(),
    statementId: Id.optional(),
    regimeId: Id.optional(),
  })
  .strict();
export type DraftRoute = z.infer<typeof DraftRoute>;

/** Largest draft kept (its fields as JSON): a long statement fits many times over. */
export const MAX_DRAFT_CHARS = 2_000_000;

export const DraftInput = z
  .object({
    /** One draft per key: the form and the record it edits ("statement:new:<witness id>", "entity:<id>"). */
    key: z.string().min(1).max(300),
    form: DraftForm,
    caseId: Id.nullable(),
    route: DraftRoute,
    /** What the form needs to be opened again (the record it edits, the kind chosen …): ids and codes only. */
    context: z.record(z.string().max(60), z.union([z.string().max(300), z.number(), z.boolean(), z.null()])).default({}),
    /** The form's values, as the form keeps them. */
    fields: z.record(z.string().max(100), z.unknown()),
  })
  .strict()
  .refine((d) => JSON.stringify(d.fields).length <= MAX_DRAFT_CHARS, { message: `a draft is at most ${MAX_DRAFT_CHARS} characters`, path: ['fields'] });
export type DraftInput = z.infer<typeof DraftInput>;

/** A draft kept through a lock, as listed: no field of its content. */
export const DraftSummary = z.object({
  id: z.string(),
  key: z.string(),
  form: DraftForm,
  caseId: z.string().nullable(),
  /** The case's name, or null when the case is gone or the draft belongs to none. */
  caseName: z.string().nullable(),
  route: DraftRoute,
  context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** "statement for case Tariq" — what the lock screen and the list say. */
  description: z.string(),
  keptAt: z.string(),
});
export type DraftSummary = z.infer<typeof DraftSummary>;

export const KeptDraft = DraftSummary.extend({ fields: z.record(z.string(), z.unknown()) });
export type KeptDraft = z.infer<typeof KeptDraft>;

/** What a lock kept, for the lock screen: a description per draft. */
export const KeptOnLock = z.array(z.string());

/** "Kept 1 unsaved draft: statement for case X." — the one sentence the lock screen says about drafts. */
export function keptSentence(descriptions: readonly string[]): string {
  if (descriptions.length === 0) return '';
  const n = descriptions.length;
  return `Kept ${n} unsaved draft${n === 1 ? '' : 's'}: ${descriptions.join('; ')}.`;
}
