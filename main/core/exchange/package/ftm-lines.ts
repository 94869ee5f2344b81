/**
 * The metadata files of a package that describe the case records in it (README.md beside this file):
 *
 *  - data/metadata/entities.ftm.jsonl: entities, links, events and the package's items (as Document, metadata
 *    only) in FollowTheMoney, written by the one FtM writer (exchange/ftm/writer.ts) that the FtM export uses,
 *    so every line is valid FtM and a link kind gets the same schema in both. Ids are `sanctum-<record id>`.
 *  - data/metadata/records.jsonl: the same entities, links and events as Sanctum holds them
 *    ({kind, id, ftmId, data}), so that an import into another vault loses nothing (FtM cannot carry everything:
 *    a phone has no schema, roles and conduct have no property). The FtM lines stay plain FtM.
 *  - data/metadata/claims.jsonl: the claims ({kind: "claim", id, summary, data}); claims are not FtM.
 *
 * The records given here have already been through witness protection (package/export.ts scrubs and reduces
 * them); the writer checks and normalises values, it does not see anything the records do not hold.
 */
import type { ClaimData, EntityData, EventData, LinkData } from '../../../../shared/model/records';
import type { StoredRecord } from '../../store/sealed-store';
import { ftmJson, FtmWriter, type DocumentSpec, type FtmInvalid } from '../ftm/writer';

export const ftmId = (id: string) => `sanctum-${id}`;

/** One line of records.jsonl or claims.jsonl. */
export interface RecordLine {
  kind: 'entity' | 'link' | 'event' | 'claim';
  id: string;
  /** The FtM line that stands for the record in entities.ftm.jsonl, or null when it has none. */
  ftmId?: string | null;
  /** Claims: the claim as one sentence, as Sanctum shows it. */
  summary?: string;
  data: Record<string, unknown>;
}

export interface PackageMetadataInput {
  entities: readonly StoredRecord<EntityData>[];
  links: readonly StoredRecord<LinkData>[];
  events: readonly StoredRecord<EventData>[];
  /** The package's items, by record id. */
  documents: readonly { id: string; spec: DocumentSpec }[];
  claims: readonly { record: StoredRecord<ClaimData>; summary: string }[];
}

export interface PackageMetadata {
  ftm: string;
  records: string;
  claims: string;
  report: { lines: number; skipped: { kind: string; count: number; reason: string }[]; invalid: FtmInvalid[]; invalidCount: number };
}

function recordLine(kind: RecordLine['kind'], id: string, data: object, extra: Partial<RecordLine> = {}): string {
  const { caseId: _caseId, ...rest } = data as { caseId?: string };
  return `${JSON.stringify({ kind, id, ...extra, data: rest })}\n`;
}

export function packageMetadata(input: PackageMetadataInput): PackageMetadata {
  const skipped = new Map<string, { count: number; reason: string }>();
  const writer = new FtmWriter({
    protect: (_where, props) => props,
    skip: (kind, reason, n = 1) => {
      const s = skipped.get(kind);
      if (s) s.count += n;
      else skipped.set(kind, { count: n, reason });
    },
  });
  const written = new Set<string>();
  for (const r of input.entities) if (writer.entity(ftmId(r.id), r.data)) written.add(r.id);
  const idOf = (id: string) => (written.has(id) ? ftmId(id) : undefined);
  writer.links(input.links.map((r) => ({ id: ftmId(r.id), data: r.data, from: idOf(r.data.source), to: idOf(r.data.target) })));
  for (const r of input.events) writer.event(ftmId(r.id), r.data, idOf);
  for (const d of input.documents) writer.document(ftmId(d.id), d.spec);
  const lines = writer.finish();
  const inFtm = new Set(lines.map((l) => l.id));
  const ref = (id: string) => (inFtm.has(ftmId(id)) ? ftmId(id) : null);
  const records = [
    ...input.entities.map((r) => recordLine('entity', r.id, r.data, { ftmId: ref(r.id) })),
    ...input.links.map((r) => recordLine('link', r.id, r.data, { ftmId: ref(r.id) })),
    ...input.events.map((r) => recordLine('event', r.id, r.data, { ftmId: ref(r.id) })),
  ];
  return {
    ftm: lines.map((l) => `${ftmJson(l)}\n`).join(''),
    records: records.join(''),
    claims: input.claims.map((c) => recordLine('claim', c.record.id, c.record.data, { summary: c.summary })).join(''),
    report: {
      lines: lines.length,
      skipped: [...skipped].map(([kind, s]) => ({ kind, count: s.count, reason: s.reason })),
      invalid: writer.invalid,
      invalidCount: writer.invalidCount,
    },
  };
}
