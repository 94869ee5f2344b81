/**
 * Evidence intake and custody. Files are hashed (SHA-256 of the original bytes) and encrypted in one pass,
 * stored under a random name, never modified. Every intake, view, copy, export and deletion is an entry in
 * the item's chain of custody (the audit log's per-item chain).
 */
import type { EvidencePatch } from '../../../shared/ipc/channels/case';
import type { PatchOf } from '../../../shared/ipc/channels/common';
import { createReadStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { EvidenceData, type ClaimData } from '../../../shared/model/records';
import { ACQUISITION_METHODS, EVIDENCE_CONFIDENTIALITY, WORKING_COPY_TYPES } from '../../../shared/model/vocabulary';
import { PartialDate } from '../../../shared/model/partial-date';
import { SanctumError } from '../errors';
import type { ByteSource, BlobInfo } from '../blobs/blob-store';
import { createSha256 } from '../crypto/hash';
import { newRecordId, type StoredRecord } from '../store/sealed-store';
import { fsyncDir } from '../util/atomic-file';
import { parseData, requireInCase, requireKind, type ServiceContext } from '../case/context';
import { detectMediaType } from './media-type';

export type EvidenceRecord = StoredRecord<EvidenceData>;

export const IntakeMeta = z.object({
  caseId: z.string(),
  originalName: z.string().min(1).max(1000),
  title: z.string().max(500).optional(),
  mediaType: z.string().max(200).optional(),
  sourceId: z.string().optional(),
  credibility: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]).optional(),
  verifiedDocument: z.boolean().optional(),
  /** A first-hand account (the criteria engine weighs it even from a source not yet judged). */
  firstHand: z.boolean().optional(),
  capturedBy: z.string().max(200).optional(),
  capturedAt: PartialDate.optional(),
  acquisitionMethod: z.enum(ACQUISITION_METHODS).optional(),
  sourceUrl: z.string().max(2000).optional(),
  notes: z.string().max(20_000).optional(),
  language: z.string().max(100).optional(),
  confidentiality: z.enum(EVIDENCE_CONFIDENTIALITY).optional(),
  date: PartialDate.optional(),
  derivedFrom: z.object({ evidenceId: z.string(), type: z.enum(WORKING_COPY_TYPES) }).optional(),
  /** An e-mail's attachment, taken in as its own item (documents/text-service.ts). */
  partOf: z.object({ evidenceId: z.string(), kind: z.enum(['attachment']), name: z.string().min(1).max(1000) }).optional(),
});
export type IntakeMeta = z.infer<typeof IntakeMeta>;

export interface IntakeOptions {
  onProgress?: (bytesDone: number) => void;
  signal?: AbortSignal;
}

export interface EvidenceDeleteImpact {
  /** Claims that cite the item and would keep other evidence. */
  weakened: { claimId: string; statement: string; remaining: number }[];
  /** Claims that would be left with no evidence at all. */
  unsupported: { claimId: string; statement: string }[];
  workingCopies: string[];
  statementsAttaching: string[];
}

async function headOf(source: ByteSource): Promise<Uint8Array> {
  if (typeof source === 'string') {
    const fh = await open(source, 'r');
    try {
      const buf = new Uint8Array(64);
      const { bytesRead } = await fh.read(buf, 0, 64, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  if (Array.isArray(source) && source[0] instanceof Uint8Array) return (source[0] as Uint8Array).subarray(0, 64);
  return new Uint8Array(0);
}

export class EvidenceService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): EvidenceRecord {
    return requireKind<EvidenceData>(this.ctx.repo, id, 'evidence');
  }

  list(caseId: string): EvidenceRecord[] {
    return this.ctx.index.records<EvidenceData>('case', caseId, 'evidence');
  }

  workingCopies(id: string): EvidenceRecord[] {
    return this.ctx.index.records<EvidenceData>('derivedFrom', id, 'evidence');
  }

  /** Hash, encrypt and record a file (or bytes). Cancel or failure leaves nothing behind. */
  async intake(source: ByteSource, metaInput: unknown, opts: IntakeOptions = {}): Promise<EvidenceRecord> {
    const meta = parseData(IntakeMeta, metaInput, 'evidence');
    requireKind(this.ctx.repo, meta.caseId, 'case');
    if (meta.sourceId) requireInCase(this.ctx.repo, meta.sourceId, 'source', meta.caseId);
    if (meta.derivedFrom) requireInCase(this.ctx.repo, meta.derivedFrom.evidenceId, 'evidence', meta.caseId, 'original evidence item');
    if (meta.partOf) requireInCase(this.ctx.repo, meta.partOf.evidenceId, 'evidence', meta.caseId, 'containing evidence item');
    const mediaType = meta.mediaType ?? detectMediaType(meta.originalName, await headOf(source));
    const blob = await this.ctx.vault.blobs.write(source, opts);
    try {
      return this.#record(blob, meta, mediaType);
    } catch (e) {
      await this.ctx.vault.blobs.delete(blob.blobId);
      throw e;
    }
  }

  #record(blob: BlobInfo, meta: IntakeMeta, mediaType: string): EvidenceRecord {
    const data = parseData(
      EvidenceData,
      {
        caseId: meta.caseId,
        type: 'file',
        title: meta.title?.trim() || meta.originalName,
        sourceId: meta.sourceId,
        credibility: meta.credibility ?? 6,
        verifiedDocument: meta.verifiedDocument ?? false,
        firstHand: meta.firstHand ?? false,
        language: meta.language,
        confidentiality: meta.confidentiality ?? 'confidential',
        date: meta.date,
        notes: meta.notes ?? '',
        file: {
          originalName: meta.originalName,
          mediaType,
          blob,
          capturedBy: meta.capturedBy,
          capturedAt: meta.capturedAt,
          acquisitionMethod: meta.acquisitionMethod,
          sourceUrl: meta.sourceUrl,
        },
        derivedFrom: meta.derivedFrom,
        partOf: meta.partOf,
      },
      'evidence',
    );
    // The id is chosen first so that the intake entry opens the item's chain of custody.
    const id = newRecordId();
    const details = {
      sha256: blob.sha256,
      size: blob.size,
      mediaType,
      ...(meta.derivedFrom ? { derivedFrom: meta.derivedFrom.evidenceId, copyType: meta.derivedFrom.type } : {}),
      ...(meta.partOf ? { partOf: meta.partOf.evidenceId } : {}),
    };
    return this.ctx.repo.transact({ action: 'custody.intake', target: { kind: 'evidence', id }, custodyItem: id, details }, (tx) => {
      const rec = tx.insert('evidence', data, { id });
      if (meta.derivedFrom) {
        this.ctx.vault.audit.append({
          action: 'custody.copied',
          target: { kind: 'evidence', id: meta.derivedFrom.evidenceId },
          custodyItem: meta.derivedFrom.evidenceId,
          details: { workingCopy: rec.id, copyType: meta.derivedFrom.type },
        });
      }
      return rec;
    });
  }

  update(id: string, patch: PatchOf<typeof EvidencePatch>): EvidenceRecord {
    const prev = this.get(id);
    // The file itself and its hash can never change.
    const next = { ...prev.data, ...(patch as object), caseId: prev.data.caseId, type: prev.data.type, file: prev.data.file, derivedFrom: prev.data.derivedFrom, partOf: prev.data.partOf };
    const data = parseData(EvidenceData, next, 'evidence');
    if (data.sourceId) requireInCase(this.ctx.repo, data.sourceId, 'source', data.caseId);
    return this.ctx.repo.transact(
      { action: 'evidence.updated', target: { kind: 'evidence', id }, custodyItem: id, details: { fields: Object.keys(patch as object) } },
      (tx) => tx.update(prev, data),
      { undoable: true, label: 'edit evidence metadata' },
    );
  }

  #fileOf(id: string): NonNullable<EvidenceData['file']> {
    const rec = this.get(id);
    if (!rec.data.file) throw new SanctumError('INVALID_INPUT', 'this evidence item is a statement, not a file', id);
    return rec.data.file;
  }

  /** Decrypt the original for viewing; logged in the item's custody chain. */
  async read(id: string, purpose: 'view' | 'preview' = 'view'): Promise<{ bytes: Buffer; mediaType: string; name: string }> {
    const file = this.#fileOf(id);
    this.ctx.vault.record({ action: 'custody.viewed', target: { kind: 'evidence', id }, custodyItem: id, details: { purpose } });
    const bytes = await this.ctx.vault.blobs.readAll(file.blob.blobId);
    return { bytes, mediaType: file.mediaType, name: file.originalName };
  }

  /**
   * Write the original, byte for byte, to `destPath` (atomically), verify its SHA-256 against the intake
   * hash, and log the export. Refuses to overwrite an existing file.
   */
  async exportOriginal(id: string, destPath: string, opts: IntakeOptions = {}): Promise<{ path: string; sha256: string; size: number }> {
    const file = this.#fileOf(id);
    const tmp = join(dirname(destPath), `.${basename(destPath)}.${randomBytes(6).toString('hex')}.part`);
    const fh = await open(tmp, 'wx', 0o600);
    const hash = createSha256();
    let size = 0;
    let done = false;
    try {
      for await (const chunk of this.ctx.vault.blobs.read(file.blob.blobId)) {
        if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'export cancelled; nothing was written');
        hash.update(chunk);
        size += chunk.length;
        await fh.write(chunk);
        opts.onProgress?.(size);
      }
      await fh.sync();
      await fh.close();
      const sha256 = hash.digest('hex');
      if (sha256 !== file.blob.sha256 || size !== file.blob.size) {
        throw new SanctumError('BLOB_TAMPERED', 'the decrypted file does not match the hash taken at intake', id);
      }
      try {
        await open(destPath, 'r').then((h) => h.close());
        throw new SanctumError('CONFLICT', `${destPath} already exists; choose another name`, destPath);
      } catch (e) {
        if (e instanceof SanctumError) throw e;
      }
      await rename(tmp, destPath);
      fsyncDir(dirname(destPath));
      done = true;
      this.ctx.vault.record({ action: 'custody.exported', target: { kind: 'evidence', id }, custodyItem: id, details: { sha256, size, to: 'file' } });
      return { path: destPath, sha256, size };
    } finally {
      if (!done) {
        await fh.close().catch(() => undefined);
        await unlink(tmp).catch(() => undefined);
      }
    }
  }

  /** A working copy (redacted, translated …) as a new item linked to its original, which stays untouched. */
  async addWorkingCopy(originalId: string, source: ByteSource, meta: { type: (typeof WORKING_COPY_TYPES)[number]; originalName: string; sourceId?: string } & Record<string, unknown>, opts: IntakeOptions = {}): Promise<EvidenceRecord> {
    const original = this.get(originalId);
    const { type, ...rest } = meta;
    return this.intake(source, { ...rest, caseId: original.data.caseId, sourceId: rest.sourceId ?? original.data.sourceId, derivedFrom: { evidenceId: originalId, type } }, opts);
  }

  deleteImpact(id: string): EvidenceDeleteImpact {
    this.get(id);
    const weakened: EvidenceDeleteImpact['weakened'] = [];
    const unsupported: EvidenceDeleteImpact['unsupported'] = [];
    for (const claim of this.ctx.index.records<ClaimData>('claimEvidence', id, 'claim')) {
      const remaining = claim.data.evidence.filter((e) => e.evidenceId !== id).length;
      if (remaining === 0) unsupported.push({ claimId: claim.id, statement: claim.data.statement });
      else weakened.push({ claimId: claim.id, statement: claim.data.statement, remaining });
    }
    return {
      weakened,
      unsupported,
      workingCopies: [...this.ctx.index.ids('derivedFrom', id)],
      statementsAttaching: [...this.ctx.index.ids('attachment', id)],
    };
  }

  /**
   * Delete an item (and its working copies). Claims lose the citation; claims left with none stay, visibly
   * unsupported. Requires confirmation whenever anything would lose support.
   */
  async delete(id: string, opts: { confirm?: boolean } = {}): Promise<EvidenceDeleteImpact> {
    const impact = this.deleteImpact(id);
    const affects = impact.weakened.length + impact.unsupported.length + impact.workingCopies.length + impact.statementsAttaching.length;
    if (affects && !opts.confirm) {
      throw new SanctumError(
        'CONFLICT',
        `deleting this item leaves ${impact.unsupported.length} claim(s) with no evidence and weakens ${impact.weakened.length}; confirm to proceed`,
        id,
      );
    }
    const doomed = [id, ...impact.workingCopies];
    const blobs: string[] = [];
    this.ctx.repo.transact({ action: 'evidence.deleted', target: { kind: 'evidence', id }, details: { workingCopies: impact.workingCopies.length } }, (tx) => {
      const gone = new Set(doomed);
      const claims = new Set([...impact.weakened.map((w) => w.claimId), ...impact.unsupported.map((u) => u.claimId)]);
      for (const wc of impact.workingCopies) for (const c of this.ctx.index.ids('claimEvidence', wc)) claims.add(c);
      for (const cid of claims) {
        const c = tx.get<ClaimData>(cid)!;
        tx.update(c, { ...c.data, evidence: c.data.evidence.filter((e) => !gone.has(e.evidenceId)) });
      }
      for (const sid of impact.statementsAttaching) {
        const s = tx.get<EvidenceData>(sid)!;
        tx.update(s, { ...s.data, statement: { ...s.data.statement!, attachments: s.data.statement!.attachments.filter((a) => !gone.has(a)) } });
      }
      for (const d of doomed) {
        // Extracted text goes with its original (it would otherwise keep the document's words).
        for (const t of this.ctx.index.ids('textOf', d)) {
          // …and so does its sealed body (documents/text-store.ts).
          const body = (tx.get<{ body?: { blobId: string } }>(t)?.data.body as { blobId?: unknown } | undefined)?.blobId;
          if (typeof body === 'string') blobs.push(body);
          tx.delete(t);
        }
        const rec = tx.get<EvidenceData>(d)!;
        if (rec.data.file) blobs.push(rec.data.file.blob.blobId);
        this.ctx.vault.audit.append({ action: 'custody.deleted', target: { kind: 'evidence', id: d }, custodyItem: d });
        tx.delete(d);
      }
    });
    for (const b of blobs) await this.ctx.vault.blobs.delete(b);
    return impact;
  }

  /** The custody chain of one item, oldest first. */
  custody(id: string) {
    this.get(id);
    return [...this.ctx.vault.audit.entries({ custodyItem: id })];
  }
}

export function fileStream(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 1024 * 1024 });
}
