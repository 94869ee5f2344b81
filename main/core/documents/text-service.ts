/**
 * Text at intake (issue 14): the text of an evidence file is read in the text worker from the decrypted original
 * (read through the blob store, checked against its intake SHA-256, never written anywhere in clear) and kept as
 * one sealed `evidence_text` record linked to the item, replaced when extraction runs again. The original is never
 * altered. Each write is one Repository.transact with a `custody.text_extracted` entry in the item's chain.
 * An e-mail's attachments are taken in as evidence items of their own (own SHA-256, own custody, `partOf` the
 * e-mail) through the normal intake path, and their text is extracted in turn.
 */
import type { EvidenceData, EvidenceTextData, EvidenceTextRecordData, TextPage } from '../../../shared/model/records';
import { SanctumError } from '../errors';
import { sha256Hex } from '../crypto/hash';
import type { ServiceContext } from '../case/context';
import type { EvidenceRecord, EvidenceService } from '../evidence/evidence-service';
import type { StoredRecord } from '../store/sealed-store';
import { OCR_NOT_RUN, type OcrFn } from './ocr-hook';
import { ocrLanguagesFor } from './ocr';
import { TextWorkerClient, type Extractor } from './text-worker-client';
import { hasInlinePages, readEvidenceText, readTextPages, splitText, textRecordOf, writeTextBody, type EvidenceTextRecord } from './text-store';
import { currentVersion } from '../store/record-migrations';
import type { ExtractResult } from './types';

export interface ExtractItemOptions {
  /** Replace text already extracted (default: leave it, and answer 'skipped'). */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /**
   * Keep a failure as a `failed` record (case runs, the queue after intake) instead of throwing with the vault
   * unchanged (a single item asked for by name).
   */
  recordFailure?: boolean;
}

export interface ExtractItemResult {
  evidenceId: string;
  status: EvidenceTextData['status'] | 'skipped';
  /** Child items taken in from an e-mail in this run. */
  attachments: string[];
  error?: string;
}

export interface ExtractCaseCounts {
  extracted: number;
  partial: number;
  noText: number;
  unsupported: number;
  failed: number;
  skipped: number;
  attachments: number;
}

/** E-mails inside e-mails: how deep attachments are followed. */
const MAX_DEPTH = 3;

function cancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new SanctumError('CANCELLED', 'text extraction cancelled');
}

export class DocumentTextService {
  readonly #extractor: Extractor;
  #ocr: OcrFn | null;
  #disposed = false;
  readonly #queue: string[] = [];
  #draining: Promise<void> | null = null;
  readonly #queueCtrl = new AbortController();
  readonly #unsubscribe: (() => void) | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly evidence: EvidenceService,
    opts: { extractor?: Extractor; ocr?: OcrFn | null; auto?: boolean } = {},
  ) {
    // The worker starts on the first document, not before.
    this.#extractor = opts.extractor ?? new TextWorkerClient();
    this.#ocr = opts.ocr ?? null;
    if (opts.auto) {
      // New files (from any intake path) are queued; intake itself returns as before.
      this.#unsubscribe = ctx.repo.onCommit((changes) => {
        for (const c of changes) {
          const after = c.after as StoredRecord<EvidenceData> | undefined;
          if (!c.before && after?.kind === 'evidence' && after.data.file && !after.data.partOf) this.enqueue([after.id]);
        }
      });
    }
  }

  /** Wire OCR in (the lead does at merge: `ocrPages` from ./ocr). */
  setOcr(fn: OcrFn | null): void {
    this.#ocr = fn;
  }

  /** The record of an item's extracted text (what it is: status, pages' methods; not the text), or null. */
  get(evidenceId: string): EvidenceTextRecord | null {
    this.evidence.get(evidenceId);
    return textRecordOf(this.ctx, evidenceId) ?? null;
  }

  /**
   * The whole extracted text of an item (pages with their text), opened from its sealed body; null when none
   * was extracted. Not logged: callers that show or send it log their own use (`view`, package export).
   */
  async read(evidenceId: string): Promise<EvidenceTextData | null> {
    const rec = this.get(evidenceId);
    return rec ? readEvidenceText(this.ctx.vault.blobs, rec) : null;
  }

  /** The pages (with their text) of a text record; for readers that already hold the record (mentions). */
  pages(rec: EvidenceTextRecord): Promise<TextPage[]> {
    return readTextPages(this.ctx.vault.blobs, rec);
  }

  /** Read the text for display: logged as a view of the item (its custody chain). */
  async view(evidenceId: string): Promise<EvidenceTextData | null> {
    const text = await this.read(evidenceId);
    if (text) this.ctx.vault.record({ action: 'custody.viewed', target: { kind: 'evidence', id: evidenceId }, custodyItem: evidenceId, details: { purpose: 'text' } });
    return text;
  }

  /**
   * Move every v1 text record (pages inline) to v2 (pages in a sealed body blob): the blobs are written first,
   * then all records are updated in one transaction, so the vault is either wholly as it was (a crash or error
   * before the commit leaves only unreferenced blobs, which are deleted here or by garbage collection) or wholly
   * moved. Returns how many records were moved. Run after unlock (Session), not during it.
   */
  async migrateInlineTexts(opts: { signal?: AbortSignal } = {}): Promise<number> {
    const legacy = [...this.ctx.repo.ofKind('evidence_text')].filter(hasInlinePages);
    if (!legacy.length) return 0;
    const written: { rec: EvidenceTextRecord; body: Awaited<ReturnType<typeof writeTextBody>> }[] = [];
    try {
      for (const rec of legacy) {
        cancelled(opts.signal);
        if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault was locked');
        written.push({ rec, body: await writeTextBody(this.ctx.vault.blobs, (rec.data as unknown as EvidenceTextData).pages) });
      }
      cancelled(opts.signal);
      if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault was locked');
      this.ctx.repo.transact({ action: 'documents.texts_moved', details: { records: written.length } }, (tx) => {
        for (const w of written) {
          const now = tx.get<EvidenceTextRecordData>(w.rec.id);
          if (now !== w.rec) throw new SanctumError('CONFLICT', 'a text changed while it was being moved into the blob store; try again', w.rec.id);
          const { meta } = splitText(now.data as unknown as EvidenceTextData);
          tx.update(now, { ...meta, ...(w.body ? { body: w.body } : {}) } satisfies EvidenceTextRecordData, currentVersion('evidence_text'));
        }
      });
    } catch (e) {
      for (const w of written) if (w.body) await this.ctx.vault.blobs.delete(w.body.blobId).catch(() => undefined);
      // The session starts this unasked after unlock and cannot show its error: leave it in the log (the code
      // only; a message may name a record), unless the vault is locking, which is the expected way to stop it.
      const code = e instanceof SanctumError ? e.code : 'ERROR';
      if (!this.#disposed && code !== 'VAULT_LOCKED' && code !== 'CANCELLED') {
        try {
          this.ctx.vault.record({ action: 'documents.texts_move_failed', details: { records: legacy.length, code } });
        } catch {
          // locked meanwhile: nothing to record into
        }
      }
      throw e;
    }
    return written.length;
  }

  /** Extract (or re-extract, with force) the text of one file item. */
  async extract(evidenceId: string, opts: ExtractItemOptions = {}): Promise<ExtractItemResult> {
    return this.#extractOne(evidenceId, opts, 0);
  }

  async #extractOne(evidenceId: string, opts: ExtractItemOptions, depth: number): Promise<ExtractItemResult> {
    const item = this.evidence.get(evidenceId);
    const file = item.data.file;
    if (!file) throw new SanctumError('INVALID_INPUT', 'this evidence item is a statement; it carries its own text', evidenceId);
    const existing = textRecordOf(this.ctx, evidenceId);
    if (existing && !opts.force) return { evidenceId, status: 'skipped', attachments: [] };
    cancelled(opts.signal);
    let result: ExtractResult;
    const bytes = await this.ctx.vault.blobs.readAll(file.blob.blobId);
    try {
      if (sha256Hex(bytes) !== file.blob.sha256) throw new SanctumError('BLOB_TAMPERED', 'the decrypted file does not match the hash taken at intake', evidenceId);
      try {
        result = await this.#extractor.extract(bytes, file.mediaType, file.originalName, { signal: opts.signal, onProgress: opts.onProgress });
      } catch (e) {
        if (!(e instanceof SanctumError) || e.code === 'CANCELLED' || e.code === 'VAULT_LOCKED' || !opts.recordFailure) throw e;
        result = { status: 'failed', pages: [], extractor: 'none', warnings: [], error: e.message } as ExtractResult & { error: string };
      }
      cancelled(opts.signal);
      result = await this.#ocrPass(result, bytes, item.data.language, opts.signal);
    } finally {
      bytes.fill(0);
    }
    cancelled(opts.signal);
    const attachments = result.attachments?.length ? await this.#takeAttachments(item, result, opts, depth) : { ids: [], all: [] as string[] };
    if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault was locked');
    const data: EvidenceTextData = {
      caseId: item.data.caseId,
      evidenceId,
      sha256: file.blob.sha256,
      status: result.status,
      pages: result.pages,
      ...(result.charset ? { charset: result.charset } : {}),
      languages: (result as { languages?: string[] }).languages ?? [],
      ...(result.email ? { email: { ...result.email, attachments: attachments.all } } : {}),
      extractor: result.extractor.slice(0, 200),
      extractedAt: new Date().toISOString(),
      warnings: result.warnings.map((w) => w.slice(0, 2000)).slice(0, 200),
      ...((result as { error?: string }).error ? { error: (result as { error?: string }).error!.slice(0, 2000) } : {}),
    };
    if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault was locked');
    await this.save(data, attachments.ids.length ? { attachments: attachments.ids.length } : {});
    return { evidenceId, status: data.status, attachments: attachments.ids, ...(data.error ? { error: data.error } : {}) };
  }

  /**
   * Store an item's extracted text (replacing the one it had): the pages go into a sealed body blob, written
   * first; the record (what the text is, and the body's reference) and the `custody.text_extracted` entry then
   * commit together. A failed commit deletes the new body; a replaced text's old body is deleted after it.
   */
  async save(data: EvidenceTextData, details: Record<string, number> = {}): Promise<EvidenceTextRecord> {
    const evidenceId = data.evidenceId;
    this.evidence.get(evidenceId);
    const { meta, pages } = splitText(data);
    const body = await writeTextBody(this.ctx.vault.blobs, pages);
    const stored: EvidenceTextRecordData = { ...meta, ...(body ? { body } : {}) };
    const v = currentVersion('evidence_text');
    let prev: EvidenceTextRecord | undefined;
    let rec: EvidenceTextRecord;
    try {
      if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault was locked');
      prev = textRecordOf(this.ctx, evidenceId);
      rec = this.ctx.repo.transact(
        {
          action: 'custody.text_extracted',
          target: { kind: 'evidence', id: evidenceId },
          custodyItem: evidenceId,
          details: { status: data.status, pages: data.pages.length, extractor: data.extractor, replaced: prev !== undefined, ...details },
        },
        (tx) => (prev ? tx.update(prev, stored, v) : tx.insert('evidence_text', stored, { v })),
      );
    } catch (e) {
      if (body) await this.ctx.vault.blobs.delete(body.blobId).catch(() => undefined);
      throw e;
    }
    // The replaced text's body is no longer referenced (garbage collection would take it; do it now).
    const old = prev && !hasInlinePages(prev) ? prev.data.body : undefined;
    if (old) await this.ctx.vault.blobs.delete(old.blobId).catch(() => undefined);
    return rec;
  }

  /** Images and PDF pages without a text layer go to OCR when it is wired in; otherwise they say it was not run. */
  async #ocrPass(result: ExtractResult, bytes: Uint8Array, language: string | undefined, signal?: AbortSignal): Promise<ExtractResult & { languages?: string[] }> {
    const need = result.ocrNeeded ?? [];
    if (!need.length) return result;
    const isImage = result.extractor === 'image (OCR)';
    const languages = ocrLanguagesFor(language);
    const opts = { languages, ...(signal ? { signal } : {}) };
    if (this.#ocr && isImage) {
      const pages = await this.#ocr([{ page: 1, image: { encoded: bytes } }], opts);
      const text = pages.filter((p) => p.text.trim());
      return { ...result, pages: text, status: text.length ? 'extracted' : 'no-text', extractor: `ocr (${languages.join('+')})`, languages };
    }
    const images = result.ocrImages ?? [];
    if (this.#ocr && images.length) {
      const read = (await this.#ocr(images, opts)).filter((p) => p.text.trim());
      const pages = [...result.pages, ...read].sort((a, b) => a.page - b.page);
      const missing = need.filter((n) => !read.some((p) => p.page === n));
      const warnings = missing.length ? [...result.warnings, `no text found by OCR on page${missing.length > 1 ? 's' : ''} ${missing.slice(0, 50).join(', ')}`] : result.warnings;
      // The reader's own warnings mean pages cut or unreadable: still partial however well OCR did.
      const status: ExtractResult['status'] = pages.length === 0 ? 'no-text' : missing.length || result.warnings.length ? 'partial' : 'extracted';
      return { ...result, ocrImages: [], pages, status, warnings, extractor: `${result.extractor} + ocr (${languages.join('+')})`, languages };
    }
    const where = isImage ? '' : ` on page${need.length > 1 ? 's' : ''} ${need.slice(0, 50).join(', ')}${need.length > 50 ? ' …' : ''} (no text layer)`;
    return { ...result, warnings: [...result.warnings, `${OCR_NOT_RUN}${where}`] };
  }

  /** Attachments become items of their own; a re-run takes in only those not taken in before (same name and hash). */
  async #takeAttachments(email: EvidenceRecord, result: ExtractResult, opts: ExtractItemOptions, depth: number): Promise<{ ids: string[]; all: string[] }> {
    const have = new Map<string, string>();
    for (const id of this.ctx.index.ids('partOf', email.id)) {
      const child = this.ctx.repo.get<EvidenceData>(id);
      if (child?.data.file && child.data.partOf) have.set(`${child.data.partOf.name}\0${child.data.file.blob.sha256}`, id);
    }
    const ids: string[] = [];
    const all: string[] = [];
    for (const a of result.attachments ?? []) {
      cancelled(opts.signal);
      const key = `${a.name}\0${sha256Hex(a.data)}`;
      let id = have.get(key);
      if (!id) {
        const child = await this.evidence.intake([a.data], {
          caseId: email.data.caseId,
          originalName: a.name,
          ...(email.data.sourceId ? { sourceId: email.data.sourceId } : {}),
          confidentiality: email.data.confidentiality,
          partOf: { evidenceId: email.id, kind: 'attachment', name: a.name },
        });
        id = child.id;
        have.set(key, id);
        ids.push(id);
      }
      all.push(id);
      a.data.fill(0);
      if (depth < MAX_DEPTH) {
        try {
          await this.#extractOne(id, { ...opts, onProgress: undefined, recordFailure: true }, depth + 1);
        } catch (e) {
          if (e instanceof SanctumError && (e.code === 'CANCELLED' || e.code === 'VAULT_LOCKED')) throw e;
        }
      }
    }
    return { ids, all };
  }

  /** Extract every file item of a case (or those listed); re-runnable: items with text are skipped unless force. */
  async extractCase(caseId: string, opts: { evidenceIds?: string[]; force?: boolean; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<ExtractCaseCounts> {
    this.ctx.repo.get(caseId);
    const items = opts.evidenceIds
      ? opts.evidenceIds.map((id) => {
          const rec = this.evidence.get(id);
          if (rec.data.caseId !== caseId) throw new SanctumError('INVALID_INPUT', `evidence item ${id} belongs to another case`, id);
          return rec;
        })
      : this.evidence.list(caseId).filter((e) => e.data.file && !e.data.partOf);
    const counts: ExtractCaseCounts = { extracted: 0, partial: 0, noText: 0, unsupported: 0, failed: 0, skipped: 0, attachments: 0 };
    opts.onProgress?.(0, items.length);
    for (const [i, item] of items.entries()) {
      cancelled(opts.signal);
      if (!item.data.file) {
        counts.unsupported++;
        continue;
      }
      const r = await this.#extractOne(item.id, { force: opts.force ?? false, recordFailure: true, ...(opts.signal ? { signal: opts.signal } : {}) }, 0);
      counts.attachments += r.attachments.length;
      if (r.status === 'no-text') counts.noText++;
      else counts[r.status]++;
      opts.onProgress?.(i + 1, items.length);
    }
    return counts;
  }

  /** Queue items for extraction in the background (after intake). */
  enqueue(ids: string[]): void {
    if (this.#disposed) return;
    this.#queue.push(...ids);
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
    });
  }

  /** Resolves when the background queue is empty. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    // Let the intake that queued the item return first.
    await new Promise((r) => setImmediate(r));
    while (this.#queue.length && !this.#disposed) {
      const id = this.#queue.shift()!;
      try {
        if (this.ctx.repo.get(id)?.kind !== 'evidence') continue;
        await this.#extractOne(id, { recordFailure: true, signal: this.#queueCtrl.signal }, 0);
      } catch {
        // A background run that fails (locked, cancelled, deleted) leaves the item pending; it can be run again.
      }
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#queue.length = 0;
    this.#queueCtrl.abort();
    this.#unsubscribe?.();
    this.#extractor.dispose();
  }
}
