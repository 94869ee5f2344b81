/**
 * What of each sealed record reaches the full-text index (shared/search/fulltext.ts): its units of text and the
 * item a hit on them names. Only the `records` table is read, so a witness's identity (WitnessIdentity, sealed
 * in `witness_records` with the compartment key) can never be indexed. Of an entity that stands for a witness,
 * only its name (the pseudonym) is indexed: no alias or description that could carry the person's identity.
 * Witness records themselves (pseudonym, protection notes) are not indexed; the witness's entity is.
 */
import type { CaseData, ClaimData, EntityData, EventData, EvidenceData, EvidenceTextData, EvidenceTextRecordData, SourceData, TextPage } from '../../../shared/model/records';
import type { PartialDate } from '../../../shared/model/partial-date';
import type { Grade, ItemMeta, TextUnit } from '../../../shared/search/fulltext';
import type { Repository } from '../store/repository';
import type { StoredRecord } from '../store/sealed-store';

/** True when the record's text is in a sealed body the caller must open for recordUnits (documents/text-store.ts). */
export function needsBody(rec: StoredRecord): rec is StoredRecord<EvidenceTextRecordData> {
  return rec.kind === 'evidence_text' && rec.v >= 2 && (rec.data as EvidenceTextRecordData).body !== undefined;
}

/** Record kinds the index reads. */
export const INDEXED_KINDS = ['case', 'entity', 'event', 'source', 'evidence', 'evidence_text', 'claim'] as const;

export interface RecordUnits {
  /** The record's id: its units are replaced as a whole. */
  key: string;
  units: TextUnit[];
  /** The item the record is (none for evidence text, whose item is its evidence record). */
  item: ItemMeta | null;
}

function dateOf(d: PartialDate | undefined): string | undefined {
  return d?.value ?? d?.from ?? d?.to;
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p && p.trim().length > 0).join('\n');
}

function gradeOf(repo: Repository, sourceId: string | undefined): Grade | undefined {
  if (!sourceId) return undefined;
  const s = repo.get<SourceData>(sourceId);
  if (!s || s.kind !== 'source') return undefined;
  return s.data.ungraded ? 'ungraded' : s.data.reliability;
}

/** Entities that stand for a witness, from either side (entity.witnessId, witness.entityId). */
export function witnessEntities(repo: Repository): Set<string> {
  const out = new Set<string>();
  for (const w of repo.ofKind('witness')) if (w.data.entityId) out.add(w.data.entityId);
  for (const e of repo.ofKind('entity')) if (e.data.witnessId) out.add(e.id);
  return out;
}

/**
 * The units of an `evidence_text` record: its pages (v2: `textPages` as the caller opened them from the body,
 * documents/text-store.ts; v1: inline) and its e-mail headers. Needs no repository, so the full-text worker
 * calls it for the bodies it opens itself.
 */
export function evidenceTextUnits(rec: StoredRecord<EvidenceTextRecordData>, textPages?: readonly TextPage[]): RecordUnits {
  const d = rec.data;
  const pages: readonly TextPage[] = textPages ?? (rec.v < 2 ? (rec.data as unknown as EvidenceTextData).pages : []);
  const units: TextUnit[] = pages.filter((p) => p.text.trim()).map((p) => ({ item: d.evidenceId, text: p.text, page: p.page }));
  if (d.email) {
    const head = join(d.email.subject, d.email.from, d.email.to.join(', '), d.email.cc.join(', '));
    if (head) units.push({ item: d.evidenceId, text: head, page: 1 });
  }
  return { key: rec.id, item: null, units };
}

/**
 * The units of one record. For an `evidence_text` record stored with a body blob (v2), `textPages` are its pages
 * as the caller opened them (`needsBody` says when); without them only the e-mail headers are indexed.
 */
export function recordUnits(rec: StoredRecord, repo: Repository, witnessLinked: (entityId: string) => boolean, textPages?: readonly TextPage[]): RecordUnits | null {
  switch (rec.kind) {
    case 'case': {
      const d = rec.data as CaseData;
      return { key: rec.id, item: { id: rec.id, kind: 'note', caseId: rec.id, title: d.name }, units: [{ item: rec.id, text: join(d.name, d.description, d.tags.join(' ')) }] };
    }
    case 'entity': {
      const d = rec.data as EntityData;
      const item: ItemMeta = { id: rec.id, kind: 'entity', caseId: d.caseId, title: d.name, entityKind: d.kind };
      if (d.witnessId || witnessLinked(rec.id)) return { key: rec.id, item, units: [{ item: rec.id, text: d.name, names: [d.name] }] };
      const names = [...new Set([d.name, d.originalScriptName, ...d.aliases.map((a) => a.value)].filter((n): n is string => !!n))];
      // Names first, one a line, then a blank line (FullTextIndex re-derives the names from this when it compacts).
      const text = `${names.join('\n')}\n\n${join(d.title, d.position, d.description)}`;
      return { key: rec.id, item, units: [{ item: rec.id, text, names }] };
    }
    case 'event': {
      const d = rec.data as EventData;
      const date = dateOf(d.date);
      return { key: rec.id, item: { id: rec.id, kind: 'event', caseId: d.caseId, title: d.title, ...(date ? { date } : {}) }, units: [{ item: rec.id, text: join(d.title, d.place.name, d.description) }] };
    }
    case 'source': {
      const d = rec.data as SourceData;
      const grade: Grade = d.ungraded ? 'ungraded' : d.reliability;
      return { key: rec.id, item: { id: rec.id, kind: 'source', caseId: d.caseId, title: d.name, grade }, units: [{ item: rec.id, text: join(d.name, d.description) }] };
    }
    case 'evidence': {
      const d = rec.data as EvidenceData;
      const date = dateOf(d.date) ?? dateOf(d.statement?.interview.date);
      const grade = gradeOf(repo, d.sourceId);
      const kind = d.type === 'statement' ? 'statement' : 'evidence';
      const item: ItemMeta = { id: rec.id, kind, caseId: d.caseId, title: d.title, ...(date ? { date } : {}), ...(grade ? { grade } : {}) };
      // A statement's text is pseudonymous by design: the witness is named by pseudonym, the identity is compartmented.
      const text = join(d.title, d.statement?.text, d.notes);
      return { key: rec.id, item, units: [{ item: rec.id, text }] };
    }
    case 'evidence_text':
      return evidenceTextUnits(rec as StoredRecord<EvidenceTextRecordData>, textPages);
    case 'claim': {
      const d = rec.data as ClaimData;
      const a = d.assertion;
      const date = a.type === 'conduct' ? dateOf(a.date) : undefined;
      const title = d.statement.trim() ? (d.statement.length > 80 ? `${d.statement.slice(0, 79)}…` : d.statement) : 'Claim';
      return { key: rec.id, item: { id: rec.id, kind: 'claim', caseId: d.caseId, title, ...(date ? { date } : {}) }, units: [{ item: rec.id, text: join(d.statement, ...d.evidence.map((e) => e.excerpt)) }] };
    }
    default:
      return null;
  }
}
