/**
 * FollowTheMoney export of one case: entities, then documents (evidence metadata), events and relationships, each
 * group ordered by id, so the same case gives the same bytes. The lines come from the one FtM writer (writer.ts),
 * which validates every line against the model library and lists what it could not write. Written to a temporary sibling, fsynced and moved into place (never a half-written
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
import type { DesignationData, EntityData, LinkData } from '../../../../shared/model/records';
import { regimeById } from '../../../../shared/catalog';
import type { ExportReport as ExportReportSchema } from '../../../../shared/ipc/channels/exchange';
import type { CaseServices } from '../../case/services';
import { createSha256 } from '../../crypto/hash';
import { SanctumError } from '../../errors';
import { OutputProtection, type ProtectionSources, type ReviewDecision } from '../../protection';
import type { StoredRecord } from '../../store/sealed-store';
import { fsyncDir } from '../../util/atomic-file';
import { ftmDate, type Props } from './mapping';
import { ENTITY_SCHEMATA, LINK_SCHEMATA, own } from './schemata';
import { ftmJson, FtmWriter } from './writer';

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
/** What an FtM export reads: the case's entities, links, events and evidence, its designations, who is protected. */
export type FtmExportSources = ProtectionSources & Pick<CaseServices, 'ctx' | 'cases' | 'entities' | 'links' | 'events' | 'evidence'>;

function idDeriver(ws: Pick<CaseServices, 'ctx'>): (recordId: string) => string {
  const key = createHash('sha256').update('sanctum.ftm.export-id.v1\0').update(ws.ctx.vault.signer().secretKey).digest();
  return (recordId) => `snc-${createHmac('sha256', key).update(recordId).digest('hex').slice(0, 40)}`;
}

const OTHER_KINDS: Record<string, string> = {
  claim: 'claims',
  source: 'sources',
  witness: 'witnesses',
};

/** FtM Sanction properties from a designation recorded in the vault (regimes by name, references, listing date). */
function sanctionProps(d: DesignationData): Props {
  const p: Props = {};
  const programs = d.regimeIds.map((r) => regimeById(r)?.name ?? r);
  if (programs.length) p.program = programs;
  if (d.regimeIds.length) p.programId = [...d.regimeIds];
  const un = d.references.filter((r) => /^[A-Z]{2}[ie]\.\d+$/.test(r));
  const others = d.references.filter((r) => !un.includes(r));
  if (un.length) p.unscId = un;
  if (others.length) p.authorityId = others;
  const { value } = ftmDate(d.listedOn);
  if (value) p.listingDate = [value];
  return p;
}

export function exportFtm(ws: FtmExportSources, caseId: string, outPath: string, opts: ExportOptions = {}): ExportReport {
  ws.cases.get(caseId);
  if (!opts.sink && !opts.force && existsSync(outPath)) throw conflict(outPath);
  const derive = idDeriver(ws);

  const skipped = new Map<string, { count: number; reason: string }>();
  const skip = (kind: string, reason: string, n = 1) => {
    const s = skipped.get(kind);
    if (s) s.count += n;
    else skipped.set(kind, { count: n, reason });
  };

  // Protected entities (main/core/protection: witness-linked from either side, victims, flagged) leave under
  // their label only; every other string goes through the identity matcher.
  const protection = OutputProtection.forCase(ws, caseId, { decisions: opts.review ?? [] });
  const pseudonyms = new Map<string, string>();
  for (const p of protection.entities.values()) pseudonyms.set(p.entityId, p.label);
  const writer = new FtmWriter({ protect: (where, props) => protection.deep(where, props), skip });
  // In record-id order, so that which of two records sharing an FtM id keeps it does not depend on load order.
  const byRecordId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : 1);

  // Exported ids: FtM ids where they are ours to give back, derived ones otherwise.
  const exportId = new Map<string, string>();
  const used = new Set<string>();
  const assign = (rec: StoredRecord<EntityData | LinkData>, allowForeign: boolean) => {
    const foreign = rec.data.external?.ftmId;
    const id = allowForeign && foreign !== undefined && !used.has(foreign) ? foreign : derive(rec.id);
    used.add(id);
    exportId.set(rec.id, id);
    return id;
  };

  for (const e of ws.entities.list(caseId).sort(byRecordId)) {
    const pseudonym = pseudonyms.get(e.id);
    if (!FtmWriter.entitySchema(e.data)) {
      writer.entity('', e.data); // reports the kind
      continue;
    }
    writer.entity(assign(e, pseudonym === undefined), e.data, pseudonym);
  }
  writer.links(
    ws.links
      .list(caseId)
      .sort(byRecordId)
      .map((l) => ({ id: assign(l, true), data: l.data, from: exportId.get(l.data.source), to: exportId.get(l.data.target) })),
  );
  // FtM entities the case model has no record for, kept verbatim on the record they hang off at import.
  for (const r of [...ws.entities.list(caseId), ...ws.links.list(caseId)].sort(byRecordId)) {
    const kept = r.data.external?.kept;
    if (!kept?.length) continue;
    if (pseudonyms.has(r.id) || ('source' in r.data && (pseudonyms.has(r.data.source) || pseudonyms.has(r.data.target)))) {
      skip('FtM records kept with protected entities', 'a protected entity leaves the vault under its label only', kept.length);
      continue;
    }
    for (const k of kept) {
      if (used.has(k.id)) continue;
      used.add(k.id);
      writer.kept(k.id, k.schema, k.properties, k.meta);
    }
  }
  for (const ev of ws.events.list(caseId).sort(byRecordId)) writer.event(derive(ev.id), ev.data, (id) => exportId.get(id));
  // Designations go out as FtM Sanction lines: an imported Sanction with its own properties and id, one recorded
  // here (a confirmed screening match, by hand) built from the designation. A protected entity's are not written.
  for (const d of [...ws.ctx.repo.ofKind('designation')].filter((x) => x.data.caseId === caseId).sort(byRecordId)) {
    const target = exportId.get(d.data.entityId);
    if (target === undefined || pseudonyms.has(d.data.entityId)) {
      if (target !== undefined) skip('designations of protected entities', 'a protected entity leaves the vault under its label only');
      continue;
    }
    const x = d.data.external;
    const fromFtm = x?.ftmSchema === 'Sanction' && x.extra !== undefined;
    const props: Props = fromFtm ? { ...x.extra } : sanctionProps(d.data);
    delete props.entity;
    const lineId = fromFtm && x.ftmId !== undefined && !used.has(x.ftmId) ? x.ftmId : derive(d.id);
    used.add(lineId);
    writer.sanction(lineId, target, props);
  }
  for (const ev of ws.evidence.list(caseId).sort(byRecordId)) {
    const f = ev.data.file;
    if (!f) {
      skip('witness statements', 'a statement is not exported as an FtM document (its text stays in the vault; evidence packages carry it per disclosure profile)');
      continue;
    }
    writer.document(derive(ev.id), {
      title: ev.data.title,
      fileName: f.originalName,
      mimeType: f.mediaType,
      sha256: f.blob.sha256,
      size: f.blob.size,
      ...(ev.data.date ? { date: ev.data.date } : {}),
      ...(ev.data.language ? { language: ev.data.language } : {}),
      ...(f.sourceUrl ? { sourceUrl: f.sourceUrl } : {}),
    });
  }

  const counts = ws.cases.counts(caseId);
  for (const [kind, label] of Object.entries(OTHER_KINDS)) {
    if (counts[kind]) skip(label, kind === 'claim' ? 'claims are not FollowTheMoney (evidence packages carry them in claims.jsonl)' : 'not part of a FollowTheMoney export', counts[kind]);
  }

  const lines = writer.finish();
  protection.assertReviewed('FtM export');
  const out: LineWriter = opts.sink ? new SinkLineWriter(opts.sink) : new AtomicLineWriter(outPath);
  let sha256: string;
  try {
    for (const l of lines) out.line(ftmJson(l));
    sha256 = out.commit(opts.force === true);
  } catch (e) {
    out.abort();
    throw e;
  }
  const n = (schemata: (s: string) => boolean) => lines.filter((l) => schemata(l.schema)).length;
  const report: ExportReport = {
    path: outPath,
    entities: n((s) => own(ENTITY_SCHEMATA, s) !== undefined),
    links: n((s) => own(LINK_SCHEMATA, s) !== undefined),
    events: n((s) => s === 'Event'),
    documents: n((s) => s === 'Document'),
    sanctions: n((s) => s === 'Sanction'),
    skipped: [...skipped].map(([kind, s]) => ({ kind, count: s.count, reason: s.reason })),
    invalid: writer.invalid,
    sha256,
  };
  ws.ctx.vault.record({
    action: 'export.ftm',
    target: { kind: 'case', id: caseId },
    details: { format: 'ftm', ...(opts.sink ? { to: 'stdout' } : {}), sha256, entities: report.entities, links: report.links, events: report.events, documents: report.documents, invalid: writer.invalidCount, skipped: report.skipped.reduce((n, s) => n + s.count, 0) },
  });
  return report;
}
