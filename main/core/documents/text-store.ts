/**
 * The `evidence_text` record of an item (one per item, replaced when extraction runs again) and its text.
 *
 * Since v2 the record holds only what the text is (status, page numbers and methods, OCR confidence, e-mail
 * headers, extractor …); the pages themselves (text, OCR words) are a sealed blob (`body`: the TextPage[] as
 * gzip'd JSON) read on demand: unlock decrypts the small records only, and the text is opened by whoever needs
 * it (viewer, `sanctum evidence text`, mentions, the full-text index, package export) through
 * `readEvidenceText` / `readTextPages`. A v1 record (pages inline) is still read as it is until
 * DocumentTextService.migrateInlineTexts moves it.
 */
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { EvidenceTextData, EvidenceTextRecordData, TextPage } from '../../../shared/model/records';
import type { TextStatus } from '../../../shared/ipc/schemas/documents';
import type { BlobInfo, BlobStore } from '../blobs/blob-store';
import type { ServiceContext } from '../case/context';
import { sha256Hex } from '../crypto/hash';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

export type EvidenceTextRecord = StoredRecord<EvidenceTextRecordData>;
/** What reading a body needs from the vault. */
export type TextBodies = Pick<BlobStore, 'readAll'>;

export function textRecordOf(ctx: Pick<ServiceContext, 'index' | 'repo'>, evidenceId: string): EvidenceTextRecord | undefined {
  for (const id of ctx.index.ids('textOf', evidenceId)) {
    const rec = ctx.repo.get<EvidenceTextRecordData>(id);
    if (rec?.kind === 'evidence_text') return rec;
  }
  return undefined;
}

/** The item's text status; 'pending' until extraction has run. */
export function textStatusOf(ctx: Pick<ServiceContext, 'index' | 'repo'>, evidenceId: string): TextStatus {
  return textRecordOf(ctx, evidenceId)?.data.status ?? 'pending';
}

/** The lowest mean word confidence of the item's OCR'd pages, or null when none was OCR'd. */
export function ocrConfidenceOf(ctx: Pick<ServiceContext, 'index' | 'repo'>, evidenceId: string): number | null {
  let low: number | null = null;
  for (const p of textRecordOf(ctx, evidenceId)?.data.pages ?? []) {
    if (p.method === 'ocr' && p.confidence !== undefined) low = low === null ? p.confidence : Math.min(low, p.confidence);
  }
  return low;
}

/** True when the record still carries its pages inline (v1, before migrateInlineTexts). */
export function hasInlinePages(rec: EvidenceTextRecord): boolean {
  return rec.v < 2;
}

/** Seal pages as a text body blob (gzip'd JSON); nothing is written for no pages. */
export async function writeTextBody(blobs: Pick<BlobStore, 'write'>, pages: readonly TextPage[]): Promise<BlobInfo | undefined> {
  if (!pages.length) return undefined;
  const json = Buffer.from(JSON.stringify(pages), 'utf8');
  const packed = await gzip(json);
  json.fill(0);
  try {
    return await blobs.write([packed]);
  } finally {
    packed.fill(0);
  }
}

/**
 * The pages of a text record with their contents: from its body blob (v2, checked against the recorded hash and
 * size) or inline (v1). The decrypted and decompressed buffers are wiped once parsed.
 */
export async function readTextPages(blobs: TextBodies, rec: EvidenceTextRecord): Promise<TextPage[]> {
  if (hasInlinePages(rec)) return (rec.data as unknown as EvidenceTextData).pages;
  const body = rec.data.body;
  if (!body) return [];
  const where = `blobs/${body.blobId}`;
  const packed = await blobs.readAll(body.blobId);
  let json: Buffer | undefined;
  try {
    if (packed.length !== body.size || sha256Hex(packed) !== body.sha256) throw new SanctumError('BLOB_TAMPERED', 'the extracted text does not match its record', where);
    json = await gunzip(packed);
    const pages = JSON.parse(json.toString('utf8')) as TextPage[];
    if (!Array.isArray(pages)) throw new SanctumError('BLOB_TAMPERED', 'the extracted text is not a list of pages', where);
    return pages;
  } catch (e) {
    if (e instanceof SanctumError) throw e;
    throw new SanctumError('BLOB_TAMPERED', 'the extracted text cannot be read', where);
  } finally {
    packed.fill(0);
    json?.fill(0);
  }
}

/** The whole extracted text of a record (the shape `evidence.text` and the CLI show). */
export async function readEvidenceText(blobs: TextBodies, rec: EvidenceTextRecord): Promise<EvidenceTextData> {
  const pages = await readTextPages(blobs, rec);
  if (hasInlinePages(rec)) return rec.data as unknown as EvidenceTextData;
  const { body: _body, pages: _info, ...rest } = rec.data;
  return { ...rest, pages };
}

/** The stored form of a text: the record's data and the pages for its body blob. */
export function splitText(data: EvidenceTextData): { meta: Omit<EvidenceTextRecordData, 'body'>; pages: TextPage[] } {
  const { pages, ...rest } = data;
  const info = pages.map((p) => ({ page: p.page, method: p.method, ...(p.confidence !== undefined ? { confidence: p.confidence } : {}) }));
  return { meta: { ...rest, pages: info }, pages };
}
