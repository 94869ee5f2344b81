/**
 * FollowTheMoney import: JSON lines in, entities and links out, all or nothing.
 *
 * Pass 1 streams the file (per-line byte limit, see lines.ts) and turns each line into model data, or into a
 * rejection with its line number and reason. Pass 2 resolves relationship ends (relationships may come before
 * their entities). Then, unless a line was rejected and the caller did not ask for the valid lines only, every
 * record is written in ONE transaction with ONE audit entry (`import.ftm`): an import is one user action.
 * Cancel is honoured until the commit starts; the commit itself is a single synchronous SQLite transaction.
 */
import { statSync } from 'node:fs';
import type { z } from 'zod';
import type { ImportReport } from '../../../../shared/ipc/schemas/case';
import { EntityData, LinkData } from '../../../../shared/model/records';
import type { Workspace } from '../../case/workspace';
import { SanctumError } from '../../errors';
import { newRecordId } from '../../store/sealed-store';
import { readLines, type ByteSource } from './lines';
import { ENTITY_CODECS, LINK_CODECS, readProps, type LinkFields, type Props } from './mapping';
import { ENTITY_SCHEMATA, FTM_SCHEMATA, LINK_SCHEMATA, own } from './schemata';

export interface ImportOptions {
  /** Target case; the default case (`cases.defaultCase()`) when omitted. */
  caseId?: string;
  /** Import the valid lines even when others are rejected. Otherwise any rejection imports nothing. */
  validLinesOnly?: boolean;
  onProgress?: (p: { lines: number; bytes: number }) => void;
  signal?: AbortSignal;
  maxLineBytes?: number;
  /** Read and validate only: the report says what would be imported, nothing is written. */
  dryRun?: boolean;
}

/** Rejections listed in a report; beyond this they are counted in one closing entry (hostile files). */
export const MAX_LISTED_REJECTIONS = 10_000;

const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const MAX_FTM_ID = 500;

interface PendingEntity {
  line: number;
  ftmId: string;
  schema: string;
  data: EntityData;
}

interface PendingLink {
  line: number;
  ftmId: string;
  schema: string;
  from: string;
  to: string;
  fields: Partial<LinkFields>;
  extra: Props;
}

type Rejection = ImportReport['rejected'][number];

function zodReason(e: z.ZodError): string {
  const issue = e.issues[0]!;
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the shape every FtM line shares: properties is an object of arrays of strings. */
function propsOf(raw: unknown): Props | string {
  if (raw === undefined) return {};
  if (!isObject(raw)) return '"properties" is not an object';
  const out: Props = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!PROPERTY_NAME.test(k)) return `property name ${JSON.stringify(k.slice(0, 100))} is not allowed`;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return `property "${k}" is not an array of strings`;
    // An empty property is no property (FtM writes them either way).
    if (v.length) out[k] = v as string[];
  }
  return out;
}

function quote(id: string): string {
  return JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);
}

export async function importFtm(ws: Workspace, source: ByteSource, opts: ImportOptions = {}): Promise<ImportReport> {
  const caseId = opts.caseId ? ws.cases.get(opts.caseId).id : ws.cases.defaultCase().id;
  if (typeof source === 'string') {
    let ok = false;
    try {
      ok = statSync(source).isFile();
    } catch {
      ok = false;
    }
    if (!ok) throw new SanctumError('NOT_FOUND', `cannot read ${source}`, source);
  }

  // FtM ids already in the case: importing the same file twice would otherwise duplicate every record.
  const existing = new Set<string>();
  for (const id of ws.ctx.index.ids('case', caseId)) {
    const ftmId = (ws.repo.get<{ external?: { ftmId?: string } }>(id)?.data.external?.ftmId);
    if (ftmId !== undefined) existing.add(ftmId);
  }

  const rejected: Rejection[] = [];
  let rejectedTotal = 0;
  const reject = (line: number, reason: string, id?: string) => {
    rejectedTotal++;
    if (rejected.length < MAX_LISTED_REJECTIONS) rejected.push(id === undefined ? { line, reason } : { line, reason, id });
  };
  // Lines per schema as the file has them (imported, skipped, or rejected after the schema was read).
  // Keys are schema names from the file (known FtM names by the time they are counted, but never trusted).
  const bySchema = new Map<string, number>();
  const firstLine = new Map<string, number>();
  const entities = new Map<string, PendingEntity>();
  const links: PendingLink[] = [];
  const skippedIds = new Set<string>();
  const rejectedIds = new Map<string, number>();
  let skipped = 0;

  const onLine = (line: number, text: string) => {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return reject(line, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!isObject(obj)) return reject(line, 'not a JSON object; each line must be one FtM entity');
    const id = obj.id;
    if (typeof id !== 'string' || id.trim() === '') return reject(line, 'no "id" (each FtM entity needs a string id)');
    if (id.length > MAX_FTM_ID) return reject(line, `"id" is longer than ${MAX_FTM_ID} characters`, id.slice(0, 100));
    const schema = obj.schema;
    if (typeof schema !== 'string' || schema === '') return reject(line, 'no "schema"', id);
    const isEntity = own(ENTITY_SCHEMATA, schema) !== undefined;
    const linkSpec = own(LINK_SCHEMATA, schema);
    if (!isEntity && !linkSpec && !FTM_SCHEMATA.has(schema)) return reject(line, `unknown schema ${quote(schema)}; not a FollowTheMoney schema`, id);
    bySchema.set(schema, (bySchema.get(schema) ?? 0) + 1);
    const props = propsOf(obj.properties);
    if (typeof props === 'string') {
      rejectedIds.set(id, line);
      return reject(line, props, id);
    }
    const seen = firstLine.get(id);
    if (seen !== undefined) return reject(line, `duplicate id ${quote(id)} (first on line ${seen})`, id);
    firstLine.set(id, line);
    if (!isEntity && !linkSpec) {
      // An FtM schema we do not import (Sanction, Passport, Document …): counted, and links to it skipped.
      skipped++;
      skippedIds.add(id);
      return;
    }
    if (existing.has(id)) {
      rejectedIds.set(id, line);
      return reject(line, `id ${quote(id)} is already in this case (imported before)`, id);
    }

    if (isEntity) {
      const { fields, extra } = readProps(ENTITY_CODECS[schema]!, props);
      if (fields.name === undefined) {
        rejectedIds.set(id, line);
        const prop = schema === 'Address' ? 'full' : 'name';
        const given = (props[prop] ?? []).length > 0;
        return reject(line, given ? `${schema} "${prop}" is blank or longer than 500 characters` : `${schema} has no ${prop === 'full' ? 'full address' : 'name'} (property "${prop}")`, id);
      }
      const parsed = EntityData.safeParse({
        caseId,
        kind: ENTITY_SCHEMATA[schema],
        ...fields,
        external: { ftmId: id, ftmSchema: schema, ...(Object.keys(extra).length ? { extra } : {}) },
      });
      if (!parsed.success) {
        rejectedIds.set(id, line);
        return reject(line, zodReason(parsed.error), id);
      }
      entities.set(id, { line, ftmId: id, schema, data: parsed.data });
      return;
    }

    const spec = linkSpec!;
    for (const end of [spec.source, spec.target]) {
      const v = props[end] ?? [];
      if (v.length !== 1 || v[0]!.trim() === '') {
        return reject(line, v.length > 1 ? `${schema} "${end}" has ${v.length} values; a relationship joins exactly two entities` : `${schema} has no "${end}"`, id);
      }
    }
    const { fields, extra } = readProps(LINK_CODECS[schema]!, props, [spec.source, spec.target]);
    links.push({ line, ftmId: id, schema, from: props[spec.source]![0]!, to: props[spec.target]![0]!, fields, extra });
  };

  const stats = await readLines(source, { line: onLine, reject }, { ...opts });

  // Pass 2: relationship ends, now that every entity of the file is known.
  const recordIds = new Map<string, string>();
  for (const e of entities.values()) recordIds.set(e.ftmId, newRecordId());
  const linkIds = new Set(links.map((l) => l.ftmId));
  const linkData: LinkData[] = [];
  for (const l of links) {
    const spec = LINK_SCHEMATA[l.schema]!;
    let problem: string | null = null;
    let skip = false;
    for (const [prop, ref] of [
      [spec.source, l.from],
      [spec.target, l.to],
    ] as const) {
      if (recordIds.has(ref)) continue;
      if (skippedIds.has(ref)) skip = true;
      else if (rejectedIds.has(ref)) problem ??= `"${prop}" is ${quote(ref)}, which was rejected (line ${rejectedIds.get(ref)})`;
      else if (linkIds.has(ref)) problem ??= `"${prop}" is ${quote(ref)}, a relationship, not an entity`;
      else problem ??= `"${prop}" refers to ${quote(ref)}, which is not an entity in this file`;
    }
    if (problem) {
      reject(l.line, problem, l.ftmId);
      continue;
    }
    if (skip) {
      // One end is an FtM schema we do not import: the relationship cannot be either.
      skipped++;
      continue;
    }
    if (l.from === l.to) {
      reject(l.line, 'both ends are the same entity', l.ftmId);
      continue;
    }
    const parsed = LinkData.safeParse({
      caseId,
      ...l.fields,
      source: recordIds.get(l.from),
      target: recordIds.get(l.to),
      external: { ftmId: l.ftmId, ftmSchema: l.schema, ...(Object.keys(l.extra).length ? { extra: l.extra } : {}) },
    });
    if (!parsed.success) {
      reject(l.line, zodReason(parsed.error), l.ftmId);
      continue;
    }
    linkData.push(parsed.data);
  }

  rejected.sort((a, b) => a.line - b.line);
  if (rejectedTotal > rejected.length) {
    rejected.push({ line: 0, reason: `… and ${rejectedTotal - rejected.length} more rejected lines, not listed` });
  }
  const aborted = rejectedTotal > 0 && !opts.validLinesOnly;
  const report: ImportReport = {
    format: 'ftm',
    caseId,
    lines: stats.lines,
    imported: { entities: aborted ? 0 : entities.size, links: aborted ? 0 : linkData.length, skipped },
    bySchema: Object.fromEntries(bySchema),
    rejected,
    aborted,
  };
  if (aborted || opts.dryRun) return report;
  if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'import cancelled; nothing was imported');
  if (entities.size === 0 && linkData.length === 0) return report;

  // Inserted in id order: ids are random, and random-order inserts into the B-tree cost about 1.7x as much
  // (page splits all over the table). The order is not observable afterwards: rows are kept in id order anyway.
  const rows: { id: string; kind: 'entity' | 'link'; data: EntityData | LinkData }[] = [];
  for (const e of entities.values()) rows.push({ id: recordIds.get(e.ftmId)!, kind: 'entity', data: e.data });
  for (const l of linkData) rows.push({ id: newRecordId(), kind: 'link', data: l });
  rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  ws.repo.transact(
    {
      action: 'import.ftm',
      target: { kind: 'case', id: caseId },
      details: {
        format: 'ftm',
        sha256: stats.sha256,
        bytes: stats.bytes,
        lines: stats.lines,
        entities: entities.size,
        links: linkData.length,
        skipped,
        rejected: rejectedTotal,
        validLinesOnly: opts.validLinesOnly === true,
      },
    },
    (tx) => {
      for (const r of rows) tx.insert(r.kind, r.data, { id: r.id });
    },
  );
  return report;
}

