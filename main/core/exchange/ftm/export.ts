/**
 * FollowTheMoney export of one case: entities, then relationships, each group ordered by id, so the same case
 * gives the same bytes. Written to a temporary sibling, fsynced and moved into place (never a half-written
 * file), refusing to replace an existing file unless told to. One audit entry (`export.ftm`) per export.
 *
 * Ids: an imported record keeps its FtM id. Our own records get an id derived with a keyed hash from the
 * record id, stable across exports but unlinkable to the rows of the vault without the vault's keys (the record
 * ids themselves never leave the vault). Protected entities (main/core/protection: witness-linked from either
 * side, victims, flagged) leave under their label only, with a
 * derived id (a foreign id could identify the person), and nothing else about them; every other string goes
 * through the identity matcher.
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import type { EntityData, LinkData } from '../../../../shared/model/records';
import { ENTITY_KIND_LABELS } from '../../../../shared/model/vocabulary';
import type { ExportReport as ExportReportSchema } from '../../../../shared/ipc/channels/exchange';
import type { Workspace } from '../../case/workspace';
import { createSha256 } from '../../crypto/hash';
import { SanctumError } from '../../errors';
import { OutputProtection, type ReviewDecision } from '../../protection';
import type { StoredRecord } from '../../store/sealed-store';
import { fsyncDir } from '../../util/atomic-file';
import { ENTITY_CODECS, LINK_CODECS, linkSchemaFits, uncoveredEntityFields, writeProps, type LinkFields, type Props } from './mapping';
import { DEFAULT_ENTITY_SCHEMA, DEFAULT_LINK_SCHEMA, ENTITY_SCHEMATA, entitySchemaFits, LINK_SCHEMATA, own } from './schemata';

export interface ExportOptions {
  /** Replace an existing file at the destination. */
  force?: boolean;
  /** Decisions on possible identity mentions (review before release); an undecided one stops the export. */
  review?: readonly ReviewDecision[];
  /**
   * Write the bytes here instead of to `outPath` (the CLI's `--out -`: standard output); `outPath` is then only
   * the name reported. Nothing reaches the sink before protection has passed.
   */
  sink?: (chunk: Uint8Array) => void;
}

/** As the `ftm.export` channel answers it: counts, what was skipped and why, and the file's SHA-256. */
/** The IPC report names the file; the core (and the CLI) know its path. */
export type ExportReport = Omit<z.infer<typeof ExportReportSchema>, 'name'> & { path: string };

interface LineWriter {
  line(text: string): void;
  commit(force: boolean): string;
  abort(): void;
}

/** Writes lines to a sink (standard output), hashing them. */
class SinkLineWriter implements LineWriter {
  readonly #sink: (chunk: Uint8Array) => void;
  readonly #hash = createSha256();
  constructor(sink: (chunk: Uint8Array) => void) {
    this.#sink = sink;
  }
  line(text: string): void {
    const buf = Buffer.from(`${text}\n`, 'utf8');
    this.#hash.update(buf);
    this.#sink(buf);
  }
  commit(): string {
    return this.#hash.digest('hex');
  }
  abort(): void {}
}

/** Writes lines to a temporary sibling of `path`, hashing them; `commit` moves it into place. */
class AtomicLineWriter implements LineWriter {
  readonly #path: string;
  readonly #tmp: string;
  readonly #fd: number;
  readonly #hash = createSha256();
  #pending: string[] = [];
  #pendingChars = 0;

  constructor(path: string) {
    this.#path = path;
    this.#tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
    // 0600: the export holds case data in clear.
    this.#fd = openSync(this.#tmp, 'wx', 0o600);
  }

  line(text: string): void {
    this.#pending.push(text, '\n');
    this.#pendingChars += text.length + 1;
    if (this.#pendingChars >= 1 << 20) this.#flush();
  }

  #flush(): void {
    if (!this.#pending.length) return;
    const buf = Buffer.from(this.#pending.join(''), 'utf8');
    this.#pending = [];
    this.#pendingChars = 0;
    this.#hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(this.#fd, buf, off, buf.length - off);
  }

  commit(force: boolean): string {
    this.#flush();
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    if (force) renameSync(this.#tmp, this.#path);
    else {
      try {
        // link() fails if the destination exists: no window in which another file could be replaced.
        linkSync(this.#tmp, this.#path);
        unlinkSync(this.#tmp);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw conflict(this.#path);
        // File systems without hard links (FAT on a USB stick): check, then rename.
        if (existsSync(this.#path)) throw conflict(this.#path);
        renameSync(this.#tmp, this.#path);
      }
    }
    fsyncDir(dirname(this.#path));
    return this.#hash.digest('hex');
  }

  abort(): void {
    try {
      closeSync(this.#fd);
    } catch {
      /* already closed */
    }
    try {
      unlinkSync(this.#tmp);
    } catch {
      /* already moved or gone */
    }
  }
}

function conflict(path: string): SanctumError {
  return new SanctumError('CONFLICT', `${path} already exists; choose another name or replace it (--force)`, path);
}

/** Keyed ids for our own records (see the header). The key never leaves memory. */
function idDeriver(ws: Workspace): (recordId: string) => string {
  const key = createHash('sha256').update('sanctum.ftm.export-id.v1\0').update(ws.ctx.vault.signer().secretKey).digest();
  return (recordId) => `snc-${createHmac('sha256', key).update(recordId).digest('hex').slice(0, 40)}`;
}

function sortedProps(p: Props): Props {
  const out: Props = {};
  for (const k of Object.keys(p).sort()) if (p[k]!.length) out[k] = p[k]!;
  return out;
}

const OTHER_KINDS: Record<string, string> = {
  event: 'events',
  claim: 'claims',
  evidence: 'evidence items',
  source: 'sources',
  witness: 'witnesses',
};

export function exportFtm(ws: Workspace, caseId: string, outPath: string, opts: ExportOptions = {}): ExportReport {
  ws.cases.get(caseId);
  if (!opts.sink && !opts.force && existsSync(outPath)) throw conflict(outPath);
  const derive = idDeriver(ws);

  const skipped = new Map<string, { count: number; reason: string }>();
  const skip = (kind: string, reason: string, n = 1) => {
    const s = skipped.get(kind);
    if (s) s.count += n;
    else skipped.set(kind, { count: n, reason });
  };
  const lost = (what: string) => skip(what, 'FtM has no property for this on the exported schema');

  // Protected entities (main/core/protection: witness-linked from either side, victims, flagged) leave under
  // their label only; every other string goes through the identity matcher.
  const protection = OutputProtection.forCase(ws, caseId, { decisions: opts.review ?? [] });
  const pseudonyms = new Map<string, string>();
  for (const p of protection.entities.values()) pseudonyms.set(p.entityId, p.label);
  // In record-id order, so that which of two records sharing an FtM id keeps it does not depend on load order.
  const byRecordId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : 1);
  const entityRecords = ws.entities.list(caseId).sort(byRecordId);

  // Exported ids: FtM ids where they are ours to give back, derived ones otherwise.
  const exportId = new Map<string, string>();
  const used = new Set<string>();
  const assign = (rec: StoredRecord<EntityData | LinkData>, allowForeign: boolean) => {
    const foreign = rec.data.external?.ftmId;
    const id = allowForeign && foreign !== undefined && !used.has(foreign) ? foreign : derive(rec.id);
    used.add(id);
    exportId.set(rec.id, id);
  };

  const entityLines: [string, string][] = [];
  for (const e of entityRecords) {
    const d = e.data;
    const schema = d.external?.ftmSchema && own(ENTITY_SCHEMATA, d.external.ftmSchema) && entitySchemaFits(d.external.ftmSchema, d.kind) ? d.external.ftmSchema : DEFAULT_ENTITY_SCHEMA[d.kind];
    if (!schema) {
      skip(ENTITY_KIND_LABELS[d.kind], `FtM has no schema for ${ENTITY_KIND_LABELS[d.kind].toLowerCase()} entities (links to them are skipped too)`);
      continue;
    }
    const pseudonym = pseudonyms.get(e.id);
    assign(e, pseudonym === undefined);
    let props: Props;
    if (pseudonym !== undefined) {
      props = schema === 'Address' ? { full: [pseudonym] } : { name: [pseudonym] };
      skip('protected person details', 'a witness, victim or protected person leaves the vault as a pseudonym or label only; identities and other details stay in the vault');
    } else {
      props = writeProps(ENTITY_CODECS[schema]!, d, d.external?.extra, lost);
      if (d.roles.length) lost(`roles of ${ENTITY_KIND_LABELS[d.kind].toLowerCase()} entities`);
      for (const f of uncoveredEntityFields(schema, d)) lost(`${f} of ${ENTITY_KIND_LABELS[d.kind].toLowerCase()} entities`);
    }
    const id = exportId.get(e.id)!;
    entityLines.push([id, JSON.stringify({ id, schema, properties: sortedProps(protection.deep('FtM entity', props)) })]);
  }

  const linkLines: [string, string][] = [];
  for (const l of ws.links.list(caseId).sort(byRecordId)) {
    const d = l.data;
    const from = exportId.get(d.source);
    const to = exportId.get(d.target);
    if (from === undefined || to === undefined) {
      skip('links', 'one end is an entity FtM cannot represent');
      continue;
    }
    const fields: LinkFields = d;
    const wanted = d.external?.ftmSchema;
    const schema = [wanted, DEFAULT_LINK_SCHEMA[d.kind], 'UnknownLink'].find((s): s is string => s !== undefined && own(LINK_SCHEMATA, s) !== undefined && linkSchemaFits(s, fields))!;
    if (d.money && schema !== 'Payment') lost('amounts of links that FtM can only carry as UnknownLink');
    const spec = LINK_SCHEMATA[schema]!;
    assign(l, true);
    const id = exportId.get(l.id)!;
    const props = writeProps(LINK_CODECS[schema]!, fields, d.external?.extra, lost, [spec.source, spec.target]);
    props[spec.source] = [from];
    props[spec.target] = [to];
    linkLines.push([id, JSON.stringify({ id, schema, properties: sortedProps(protection.deep('FtM link', props)) })]);
  }

  const counts = ws.cases.counts(caseId);
  for (const [kind, label] of Object.entries(OTHER_KINDS)) {
    if (counts[kind]) skip(label, 'not part of a FollowTheMoney export (entities and relationships only)', counts[kind]);
  }

  protection.assertReviewed('FtM export');
  const byId = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  entityLines.sort(byId);
  linkLines.sort(byId);
  const writer: LineWriter = opts.sink ? new SinkLineWriter(opts.sink) : new AtomicLineWriter(outPath);
  let sha256: string;
  try {
    for (const [, line] of entityLines) writer.line(line);
    for (const [, line] of linkLines) writer.line(line);
    sha256 = writer.commit(opts.force === true);
  } catch (e) {
    writer.abort();
    throw e;
  }
  const report: ExportReport = {
    path: outPath,
    entities: entityLines.length,
    links: linkLines.length,
    skipped: [...skipped].map(([kind, s]) => ({ kind, count: s.count, reason: s.reason })),
    sha256,
  };
  ws.ctx.vault.record({
    action: 'export.ftm',
    target: { kind: 'case', id: caseId },
    details: { format: 'ftm', ...(opts.sink ? { to: 'stdout' } : {}), sha256, entities: report.entities, links: report.links, skipped: report.skipped.reduce((n, s) => n + s.count, 0) },
  });
  return report;
}
