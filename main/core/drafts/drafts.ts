/**
 * Drafts kept through a lock (issue 15). While the vault is unlocked, the forms' unsaved values live here, in
 * memory only (`LiveDrafts`, owned by the Session). When the vault locks — idle, lid closed, the lock button —
 * every live draft is sealed into the vault as one `draft` record, in one audited action, before the keys are
 * wiped: encrypted like every record, never plaintext on disk. After the next unlock a kept draft is taken
 * back (`takeDraft`: its record is deleted and it is live again until the form is saved or cancelled) or
 * discarded.
 *
 * A draft's case is stored as `ofCase`, not `caseId`, so the case index never counts a draft as one of the
 * case's records. Audit entries say which form and which case, never a word of the content. Witness
 * identities are not kept: the witness form never sends them (the compartment lock takes them, as it does
 * while the form is open).
 */
import { DRAFT_FORM_LABELS, DraftInput as DraftInputSchema, type DraftForm, type DraftInput, type DraftRoute, type DraftSummary, type KeptDraft } from '../../../shared/ipc/schemas/drafts';
import { SanctumError } from '../errors';
import type { Repository } from '../store/repository';
import type { StoredRecord } from '../store/sealed-store';

export const DRAFT_KIND = 'draft';

/** The sealed record's data. */
export interface DraftRecordData {
  key: string;
  form: DraftForm;
  ofCase: string | null;
  route: DraftRoute;
  context: Record<string, string | number | boolean | null>;
  fields: Record<string, unknown>;
}

/** The unsaved drafts of the open vault, by key. Memory only: sealed by `keepDrafts` at lock. */
export class LiveDrafts {
  readonly #byKey = new Map<string, DraftInput>();

  put(draft: DraftInput): void {
    this.#byKey.set(draft.key, DraftInputSchema.parse(draft));
  }

  clear(key: string): void {
    this.#byKey.delete(key);
  }

  get size(): number {
    return this.#byKey.size;
  }

  all(): DraftInput[] {
    return [...this.#byKey.values()];
  }

  /** Forget everything (after sealing, or when the vault closes without a session lock). */
  reset(): void {
    this.#byKey.clear();
  }
}

function caseName(repo: Repository, caseId: string | null): string | null {
  if (!caseId) return null;
  const c = repo.get<{ name?: unknown }>(caseId);
  return c?.kind === 'case' && typeof c.data.name === 'string' ? c.data.name : null;
}

/** "statement for case Tariq Brigade" — the form and the case, nothing of the content. */
export function describeDraft(form: DraftForm, caseTitle: string | null): string {
  const what = DRAFT_FORM_LABELS[form];
  return caseTitle ? `${what} for case ${caseTitle}` : what;
}

function summary(repo: Repository, rec: StoredRecord<DraftRecordData>): DraftSummary {
  const d = rec.data;
  const name = caseName(repo, d.ofCase);
  return { id: rec.id, key: d.key, form: d.form, caseId: d.ofCase, caseName: name, route: d.route, context: d.context, description: describeDraft(d.form, name), keptAt: rec.updatedAt };
}

function kept(repo: Repository): StoredRecord<DraftRecordData>[] {
  return [...repo.ofKind(DRAFT_KIND)];
}

function keptById(repo: Repository, id: string): StoredRecord<DraftRecordData> {
  const rec = repo.get<DraftRecordData>(id);
  if (!rec || rec.kind !== DRAFT_KIND) throw new SanctumError('NOT_FOUND', 'no kept draft with this id (restored or discarded already?)', id);
  return rec;
}

/**
 * Seal the live drafts into the vault: one audited action (`draft.kept`), a record per draft; a draft kept
 * under the same key before (not restored since) is replaced. Returns what was kept, described for the lock
 * screen. Nothing to keep writes nothing.
 */
export function keepDrafts(repo: Repository, live: readonly DraftInput[]): string[] {
  if (live.length === 0) return [];
  const byKey = new Map(kept(repo).map((r) => [r.data.key, r] as const));
  repo.transact({ action: 'draft.kept', details: { count: live.length, drafts: live.map((d) => ({ form: d.form, caseId: d.caseId })) } }, (tx) => {
    for (const d of live) {
      const data: DraftRecordData = { key: d.key, form: d.form, ofCase: d.caseId, route: d.route, context: d.context, fields: d.fields };
      const prev = byKey.get(d.key);
      if (prev) tx.update(prev, data);
      else tx.insert(DRAFT_KIND, data);
    }
  });
  return live.map((d) => describeDraft(d.form, caseName(repo, d.caseId)));
}

/** Kept drafts, newest first, without their content. */
export function listDrafts(repo: Repository): DraftSummary[] {
  return kept(repo)
    .map((r) => summary(repo, r))
    .sort((a, b) => b.keptAt.localeCompare(a.keptAt) || a.id.localeCompare(b.id));
}

/** One kept draft with its fields, left in the vault (the CLI's `drafts show`). */
export function showDraft(repo: Repository, id: string): KeptDraft {
  const rec = keptById(repo, id);
  return { ...summary(repo, rec), fields: rec.data.fields };
}

/**
 * Restore a kept draft: answered with its fields, its record deleted (`draft.restored`), and live again in
 * `live` so a lock before it is saved keeps it once more.
 */
export function takeDraft(repo: Repository, id: string, live?: LiveDrafts): KeptDraft {
  const rec = keptById(repo, id);
  const out = { ...summary(repo, rec), fields: rec.data.fields };
  repo.transact({ action: 'draft.restored', details: { draftId: id, form: rec.data.form, caseId: rec.data.ofCase } }, (tx) => tx.delete(id));
  live?.put({ key: rec.data.key, form: rec.data.form, caseId: rec.data.ofCase, route: rec.data.route, context: rec.data.context, fields: rec.data.fields });
  return out;
}

export function discardDraft(repo: Repository, id: string): void {
  const rec = keptById(repo, id);
  repo.transact({ action: 'draft.discarded', details: { draftId: id, form: rec.data.form, caseId: rec.data.ofCase } }, (tx) => tx.delete(id));
}

/** A kept form draft (typed `ofKind`, see OwnRecordKinds in store/repository.ts). */
declare module '../store/repository' {
  interface OwnRecordKinds {
    draft: DraftRecordData;
  }
}
