/**
 * The load file: data/metadata/items.json (and the same rows as items.csv, for review platforms) — one row per
 * item whose bytes are in the package — and data/metadata/withheld.json, one row per item left out and why.
 */
import { z } from 'zod';

const CustodyPoint = z.object({ seq: z.number().int(), ts: z.string(), action: z.string(), actor: z.string() });

export const ItemRow = z.object({
  /** The evidence item whose bytes are in the package (a working copy when the original is withheld). */
  id: z.string(),
  path: z.string(),
  type: z.enum(['file', 'statement']),
  title: z.string(),
  date: z.string().nullable(),
  mediaType: z.string(),
  size: z.number().int().min(0),
  sha256: z.string(),
  /** Who made or gave it: the source's name, or the witness (pseudonym unless named with consent). */
  author: z.string().nullable(),
  source: z.object({ name: z.string(), type: z.string(), reliability: z.string() }).nullable(),
  language: z.string().nullable(),
  confidentiality: z.string(),
  credibility: z.number().int(),
  verifiedDocument: z.boolean(),
  /** For a working copy: the original it was made from, and how (redacted, converted …). */
  derivedFrom: z.object({ id: z.string(), type: z.string() }).nullable(),
  claims: z.array(z.string()),
  custody: z.object({ entries: z.number().int(), first: CustodyPoint, last: CustodyPoint, lastHash: z.string() }),
});
export type ItemRow = z.infer<typeof ItemRow>;

export const ItemsFile = z.object({ format: z.literal('sanctum.items.v1'), items: z.array(ItemRow) });

export const WithheldRow = z.object({
  id: z.string(),
  type: z.enum(['file', 'statement']),
  title: z.string().nullable(),
  code: z.string(),
  reason: z.string(),
});
export type WithheldRow = z.infer<typeof WithheldRow>;

export const WithheldFile = z.object({ format: z.literal('sanctum.withheld.v1'), profile: z.string(), items: z.array(WithheldRow) });

/**
 * data/metadata/texts.json: one row per extracted-text file (data/text/<item id>/text.txt). The text is derived
 * from the file at `of` (the item `id`); pages are joined by a form feed and `pages` gives each page's UTF-8
 * bytes in the file. Witness identities in it were replaced like in every text Sanctum writes.
 */
export const TextPageRow = z.object({
  page: z.number().int().min(1),
  method: z.string(),
  /** OCR only: the page's mean word confidence (0-100). */
  confidence: z.number().min(0).max(100).optional(),
  /** Byte offset and length of the page's text in text.txt. */
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
});
export type TextPageRow = z.infer<typeof TextPageRow>;

export const TextRow = z.object({
  /** The item the text was read from (its row in items.json). */
  id: z.string(),
  path: z.string(),
  /** The payload path of that item's file: the original (or the redacted copy that went instead). */
  of: z.string(),
  /** How the text was read: pdf-text, ocr, docx, email, html, plain (several for a PDF with scanned pages). */
  methods: z.array(z.string()),
  extractor: z.string(),
  extractedAt: z.string(),
  status: z.string(),
  languages: z.array(z.string()),
  charset: z.string().nullable(),
  /** The lowest OCR page confidence, or null when nothing was OCR'd. */
  ocrConfidence: z.number().nullable(),
  pages: z.array(TextPageRow),
  size: z.number().int().min(0),
  sha256: z.string(),
});
export type TextRow = z.infer<typeof TextRow>;

export const TextsFile = z.object({ format: z.literal('sanctum.texts.v1'), texts: z.array(TextRow) });

export function textsJson(texts: readonly TextRow[]): string {
  return `${JSON.stringify({ format: 'sanctum.texts.v1', texts }, null, 2)}\n`;
}

export function itemsJson(items: readonly ItemRow[]): string {
  return `${JSON.stringify({ format: 'sanctum.items.v1', items }, null, 2)}\n`;
}

export function withheldJson(profile: string, items: readonly WithheldRow[]): string {
  return `${JSON.stringify({ format: 'sanctum.withheld.v1', profile, items }, null, 2)}\n`;
}

/**
 * RFC 4180: quote every field, double the quotes, CRLF line ends. A value a spreadsheet would read as a formula
 * (starting with = + - @ TAB or CR; OWASP "CSV injection") gets a leading "'", so a hostile title or file name
 * from a received package cannot run anything when the load file is opened in Excel or LibreOffice.
 */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export const CSV_COLUMNS = [
  'id',
  'path',
  'type',
  'title',
  'date',
  'media_type',
  'size',
  'sha256',
  'author_source',
  'language',
  'confidentiality',
  'credibility',
  'verified_document',
  'derived_from',
  'claims',
  'custody_entries',
  'custody_first',
  'custody_last',
  'custody_last_hash',
] as const;

export function itemsCsv(items: readonly ItemRow[]): string {
  const point = (p: z.infer<typeof CustodyPoint>) => `${p.ts} ${p.action} by ${p.actor} (#${p.seq})`;
  const rows = items.map((i) =>
    [
      i.id,
      i.path,
      i.type,
      i.title,
      i.date,
      i.mediaType,
      i.size,
      i.sha256,
      i.author,
      i.language,
      i.confidentiality,
      i.credibility,
      i.verifiedDocument ? 'yes' : 'no',
      i.derivedFrom ? `${i.derivedFrom.type} copy of ${i.derivedFrom.id}` : '',
      i.claims.join(' '),
      i.custody.entries,
      point(i.custody.first),
      point(i.custody.last),
      i.custody.lastHash,
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_COLUMNS.map(csvField).join(','), ...rows].map((r) => `${r}\r\n`).join('');
}
