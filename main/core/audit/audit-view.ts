/**
 * The activity log as people read it and as a custody review receives it: ids resolved to names, filters
 * (who, what, which item, when, words), and the export of a filtered log with the verification of the whole
 * chain. Used by the IPC handlers (audit.list, audit.export) and `sanctum audit export`, so both filter alike.
 *
 * Names: a case, entity, event, source or evidence item by its name or title; a claim by what it is about (never
 * its statement, which may quote a witness); a witness by pseudonym only
 * (identities live in the compartment and are never read here); a link as "A → B". Records deleted since show
 * no name. The export passes every string through each case's witness protection: protected entities leave
 * under their label, identities and protected names found in text are redacted (a possible mention that would
 * need review, such as a date of birth, is redacted too: a log export has no review step).
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { auditActionGroup, auditActionLabel } from '../../../shared/audit-actions';
import { detailSummary, formatTimestamp } from '../../../shared/audit-format';
import type { AuditEntryView, AuditFacets, AuditFilter } from '../../../shared/ipc/schemas/vault';
import type { CaseServices } from '../case/services';
import { SanctumError } from '../errors';
import { csvField } from '../exchange/package/load-file';
import { OutputProtection, protectedEntities, type ProtectionSources, type ReviewDecision } from '../protection';
import type { Repository } from '../store/repository';
import { writeFileAtomic } from '../util/atomic-file';
import type { AuditEntry, AuditReport } from './audit-log';

/** Names in the log are resolved per case, through each case's protection. */
export type AuditNameSources = ProtectionSources & Pick<CaseServices, 'cases'>;

const ID_LIKE = /^[0-9a-f]{16,64}$/i;

interface Named {
  name: string;
  caseId?: string;
  entityId?: string;
}

/** The readable name of a record, or null when it no longer exists or has no name. */
export function recordName(repo: Pick<Repository, 'get'>, id: string, entityName: (n: Named) => string = (n) => n.name): Named | null {
  const rec = repo.get<Record<string, unknown>>(id);
  if (!rec) return null;
  const d = rec.data;
  const caseId = typeof d.caseId === 'string' ? d.caseId : undefined;
  const str = (k: string) => (typeof d[k] === 'string' && (d[k] as string).trim() ? (d[k] as string) : undefined);
  const withCase = (name: string | undefined, extra: Partial<Named> = {}): Named | null => (name ? { name, ...(caseId ? { caseId } : {}), ...extra } : null);
  switch (rec.kind) {
    case 'case':
      return withCase(str('name'), { caseId: rec.id });
    case 'entity':
      return withCase(str('name'), { entityId: rec.id });
    case 'witness':
      return withCase(str('pseudonym'));
    case 'evidence':
    case 'event':
      return withCase(str('title'));
    case 'link': {
      const end = (x: unknown) => {
        const n = typeof x === 'string' ? recordName(repo, x) : null;
        return n ? entityName(n) : undefined;
      };
      const a = end(d.source);
      const b = end(d.target);
      return a && b ? withCase(`${a} → ${b}`) : null;
    }
    case 'claim': {
      // Named by what it is about, never by its statement: statements quote witnesses.
      const a = d.assertion as { type?: unknown; entityId?: unknown } | undefined;
      const target = typeof a?.entityId === 'string' ? recordName(repo, a.entityId) : null;
      const about = target ? entityName(target) : undefined;
      const type = typeof a?.type === 'string' ? a.type.replace(/_/g, ' ') : '';
      return withCase(`${type ? `${type} ` : ''}claim${about ? ` about ${about}` : ''}`);
    }
    default:
      return withCase(str('name') ?? str('title'));
  }
}

/** Turns names into what may leave the vault (export) or keeps them (the analyst's own screen). */
export interface NamePolicy {
  name(named: Named): string;
  text(s: string): string;
}

export const SHOW_NAMES: NamePolicy = { name: (n) => n.name, text: (s) => s };

/**
 * The analyst's own screen: names as recorded, except protected people (witnesses' entities, victims, flagged),
 * who appear under their label everywhere outside their own record, as in every other output.
 */
export class ScreenNames implements NamePolicy {
  readonly #labels = new Map<string, string>();

  constructor(ws: AuditNameSources) {
    for (const c of ws.cases.list()) for (const [id, p] of protectedEntities(ws, c.id)) this.#labels.set(id, p.label);
  }

  name = (n: Named): string => (n.entityId ? (this.#labels.get(n.entityId) ?? n.name) : n.name);
  text = (s: string): string => s;
}

/** One entry as the screen and the export show it. */
export function entryView(e: AuditEntry, repo: Pick<Repository, 'get'>, policy: NamePolicy = SHOW_NAMES): AuditEntryView {
  const named = e.target ? recordName(repo, e.target.id, policy.name) : null;
  const refs: Record<string, string> = {};
  for (const v of Object.values(e.details ?? {})) {
    if (typeof v !== 'string' || !ID_LIKE.test(v) || v === e.target?.id) continue;
    const n = recordName(repo, v, policy.name);
    if (n) refs[v] = policy.name(n);
  }
  const details = e.details ? deepText(e.details, policy.text) : undefined;
  return {
    seq: e.seq,
    ts: e.ts,
    actor: e.actor,
    ...(e.device ? { device: e.device } : {}),
    action: e.action,
    hash: e.hash,
    ...(e.target ? { target: { ...e.target, ...(named ? { name: policy.name(named) } : {}) } } : {}),
    ...(details ? { details } : {}),
    ...(Object.keys(refs).length ? { refs } : {}),
  };
}

function deepText<T>(value: T, text: (s: string) => string): T {
  if (typeof value === 'string') return text(value) as T;
  if (Array.isArray(value)) return value.map((v) => deepText(v, text)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepText(v, text)])) as T;
  return value;
}

/** Everything a row says, for the text filter. */
export function rowText(v: AuditEntryView): string {
  return [String(v.seq), v.ts, v.actor, v.device ?? '', v.action, auditActionLabel(v.action), detailSummary(v)].join(' ').toLowerCase();
}

function instant(s: string | undefined, field: string): number | undefined {
  if (s === undefined || s === '') return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new SanctumError('INVALID_INPUT', `${field} is not a date or time: ${s}`, field);
  return t;
}

/** A predicate for the filter (validated once: a bad date is an error, not an empty result). */
export function auditMatcher(f: AuditFilter): (v: AuditEntryView, custodyItem?: string) => boolean {
  const from = instant(f.from, 'from');
  const to = instant(f.to, 'to');
  const words = (f.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const action = f.action?.trim();
  return (v, custodyItem) => {
    if (f.actor && v.actor !== f.actor) return false;
    if (action && v.action !== action && auditActionGroup(v.action) !== action) return false;
    if (f.item && v.target?.id !== f.item && custodyItem !== f.item) return false;
    const t = Date.parse(v.ts);
    if (from !== undefined && t < from) return false;
    if (to !== undefined && t > to) return false;
    if (words.length) {
      const hay = rowText(v);
      if (!words.every((w) => hay.includes(w))) return false;
    }
    return true;
  };
}

/** The log, newest first, filtered; plus the facets for the menus (over the whole log, not just the matches). */
export function queryAudit(
  entries: Iterable<AuditEntry>,
  repo: Pick<Repository, 'get'>,
  filter: AuditFilter,
  policy: NamePolicy = SHOW_NAMES,
): { matches: AuditEntryView[]; total: number; facets: AuditFacets } {
  const match = auditMatcher(filter);
  const actors = new Set<string>();
  const actions = new Set<string>();
  const items = new Map<string, { id: string; kind: string; name: string }>();
  const matches: AuditEntryView[] = [];
  let total = 0;
  for (const e of entries) {
    total++;
    const v = entryView(e, repo, policy);
    actors.add(v.actor);
    actions.add(v.action);
    if (v.target?.name !== undefined && !items.has(v.target.id)) items.set(v.target.id, { id: v.target.id, kind: v.target.kind, name: v.target.name });
    if (match(v, e.custody?.item)) matches.push(v);
  }
  matches.reverse();
  return {
    matches,
    total,
    facets: {
      actors: [...actors].sort((a, b) => a.localeCompare(b)),
      actions: [...actions].sort(),
      items: [...items.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name)),
    },
  };
}

/**
 * Names and text as they may leave the vault: through the witness protection of every case (the log spans
 * all of them). Possible mentions that would need a review are redacted: run once, `redactPending()`, run again.
 */
export class ExportNames implements NamePolicy {
  #protections: OutputProtection[];
  readonly #ws: AuditNameSources;
  /** What the protected text is, in review hits and redaction reasons ("activity log", "draft"). */
  readonly #where: string;
  readonly #unreviewed: { where: string; field: string; subject: string; reason: string }[] = [];

  constructor(ws: AuditNameSources, where = 'activity log') {
    this.#ws = ws;
    this.#where = where;
    this.#protections = this.#build([]);
  }

  #build(decisions: ReviewDecision[]): OutputProtection[] {
    return this.#ws.cases.list().map((c) => OutputProtection.forCase(this.#ws, c.id, { decisions }));
  }

  text = (s: string): string => this.#protections.reduce((acc, p) => p.text(this.#where, acc), s);

  name = (n: Named): string => {
    const p = this.#protections.find((x) => x.caseId === n.caseId);
    if (n.entityId && p?.isProtected(n.entityId)) return p.entityName(n.entityId, n.name);
    return this.text(n.name);
  };

  get identitiesChecked(): boolean {
    return this.#protections.every((p) => p.identitiesChecked);
  }

  get redactions(): number {
    return this.#protections.reduce((n, p) => n + p.redactions, 0);
  }

  /** Decide every pending possible mention as "redact"; returns how many there were (0 = nothing to redo). */
  redactPending(): number {
    const pending = this.#protections.flatMap((p) => p.pending());
    const reason = `${this.#where === 'activity log' ? 'activity-log export' : this.#where}: redacted without review`;
    if (pending.length) this.#protections = this.#build(pending.map((h) => ({ key: h.key, decision: 'redact' as const, reason })));
    // Said to the person, never the match or its context: which identity field of which pseudonym, where, why.
    this.#unreviewed.push(...pending.map((h) => ({ where: h.where, field: h.field, subject: h.subject, reason })));
    return pending.length;
  }

  /** The possible mentions `redactPending` redacted without a person's review (no identity text). */
  get redactedWithoutReview(): readonly { where: string; field: string; subject: string; reason: string }[] {
    return this.#unreviewed;
  }
}

export type AuditExportFormat = 'json' | 'csv';

export interface AuditExportResult {
  entries: number;
  total: number;
  format: AuditExportFormat;
  verification: AuditReport;
  identitiesChecked: boolean;
  redactions: number;
}

const CSV_HEADER = ['seq', 'time', 'actor', 'device', 'action', 'action_label', 'item_kind', 'item_id', 'item_name', 'details', 'hash'];

/** The export's bytes: JSON (entries + filter + verification) or CSV (rows, then the verification as comments). */
export function renderAuditExport(
  views: AuditEntryView[],
  meta: { filter: AuditFilter; verification: AuditReport; total: number; exportedAt: string; identitiesChecked: boolean; offsetMinutes?: number },
  format: AuditExportFormat,
): string {
  const verdict = meta.verification.ok
    ? `intact: ${meta.verification.entries} entries, hash chain unbroken, ${meta.verification.signedHeads} signed heads (last at #${meta.verification.lastSignedSeq ?? '—'})`
    : `BROKEN at entry #${meta.verification.firstProblem?.seq ?? '?'}: ${meta.verification.firstProblem?.problem ?? 'unknown problem'}`;
  const notice = meta.identitiesChecked ? null : 'The witness compartment was locked: witness identities were not checked in this export, only protected entities.';
  if (format === 'json') {
    const doc = {
      format: 'sanctum.activity-log.v1',
      exportedAt: meta.exportedAt,
      filter: meta.filter,
      entries: views.length,
      ofTotal: meta.total,
      verification: { ...meta.verification, summary: verdict },
      ...(notice ? { notice } : {}),
      log: views.map((v) => ({
        ...v,
        time: formatTimestamp(v.ts, meta.offsetMinutes),
        label: auditActionLabel(v.action),
        summary: detailSummary(v),
      })),
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
  const lines = [CSV_HEADER.map(csvField).join(',')];
  for (const v of views) {
    lines.push(
      [
        v.seq,
        formatTimestamp(v.ts, meta.offsetMinutes),
        v.actor,
        v.device ?? '',
        v.action,
        auditActionLabel(v.action),
        v.target?.kind ?? '',
        v.target?.id ?? '',
        v.target?.name ?? '',
        detailSummary({ ...v, target: undefined } as AuditEntryView),
        v.hash,
      ]
        .map(csvField)
        .join(','),
    );
  }
  const filterText = Object.entries(meta.filter)
    .filter(([, x]) => x !== undefined && x !== '')
    .map(([k, x]) => `${k}=${String(x)}`)
    .join('; ');
  const foot = [
    `Exported ${meta.exportedAt}: ${views.length} of ${meta.total} entries${filterText ? ` (filter: ${filterText})` : ''}`,
    `Verification of the whole log: ${verdict}`,
    ...(notice ? [notice] : []),
  ];
  // Comment rows after the data, one field each, so the table stays rectangular for a spreadsheet.
  for (const f of foot) lines.push(csvField(`# ${f}`));
  return `${lines.join('\r\n')}\r\n`;
}

/** Export the filtered log to `path` (whole or not at all). The caller records `audit.exported`. */
export function exportAudit(ws: AuditNameSources, path: string, filter: AuditFilter, format: AuditExportFormat, opts: { overwrite?: boolean; offsetMinutes?: number } = {}): AuditExportResult {
  const vault = ws.ctx.vault;
  const verification = vault.audit.verify();
  const p = new ExportNames(ws);
  const run = () => queryAudit(vault.audit.entries(), ws.ctx.repo, filter, p);
  let q = run();
  if (p.redactPending() > 0) q = run();
  const bytes = renderAuditExport(q.matches, { filter, verification, total: q.total, exportedAt: new Date().toISOString(), identitiesChecked: p.identitiesChecked, ...(opts.offsetMinutes !== undefined ? { offsetMinutes: opts.offsetMinutes } : {}) }, format);
  if (opts.overwrite === false && existsSync(path)) throw new SanctumError('CONFLICT', `${basename(path)} already exists`, basename(path));
  writeFileAtomic(path, bytes);
  // Possible witness mentions redacted without a person's review are counted in the export's own entry (never
  // their text): a custody review sees that the file was cut for protection and how often.
  const unreviewed = p.redactedWithoutReview.length;
  vault.record({ action: 'audit.exported', details: { format, entries: q.matches.length, of: q.total, intact: verification.ok, ...(unreviewed ? { unreviewed } : {}), ...filterDetails(filter) } });
  return { entries: q.matches.length, total: q.total, format, verification, identitiesChecked: p.identitiesChecked, redactions: p.redactions };
}

function filterDetails(f: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.actor) out.who = f.actor;
  if (f.action) out.what = f.action;
  if (f.item) out.item = f.item;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.text) out.search = f.text;
  return out;
}
