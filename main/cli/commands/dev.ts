/** `sanctum dev …`: development and test commands (crash test, benchmarks). Not for case work. */
import { readFile } from 'node:fs/promises';
import { ocrPages, OCR_LANGUAGES, type OcrPageInput } from '../../core/documents/ocr';
import { pdfPageImages } from '../../core/documents/pdf-images';
import { detectMediaType } from '../../core/evidence/media-type';
import { Repository } from '../../core/store/repository';
import { defineCommand, UsageError, type Command } from '../registry';
import { SYNTHETIC_KIND, syntheticRecord } from '../synthetic';
import { ENV_PASSPHRASE, withVault } from '../vault-access';

const fill = defineCommand({
  path: ['dev', 'fill'],
  group: 'Development',
  summary: 'Bulk-write N synthetic records (crash test, benchmarks)',
  usage: '<dir> --count N [--batch B] [--canary TEXT]',
  description: `
Writes N deterministic synthetic records of kind "${SYNTHETIC_KIND}", continuing after the highest index already
in the vault, one transaction (with its audit entry) per batch of B. After each commit it prints
"committed <lastIndex>" on stdout (on stderr with --json), so a record reported committed is on disk.
--canary adds TEXT to every record (to prove that it never appears in the vault folder).`,
  positionals: [{ name: 'dir', description: 'the vault folder', path: true }],
  options: {
    count: { type: 'string', valueName: 'N', description: 'how many records to write' },
    batch: { type: 'string', valueName: 'B', description: 'records per transaction (default 500)' },
    canary: { type: 'string', valueName: 'TEXT', description: 'text to put in every record' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const count = ctx.int('count', { min: 0, max: 100_000_000 });
    if (count === undefined) throw new UsageError('--count N is required', ctx.command);
    const batch = ctx.int('batch', { min: 1, max: 1_000_000, default: 500 })!;
    const canary = ctx.string('canary');
    const started = Date.now();
    const result = await withVault(ctx, dir, (vault) => {
      const repo = new Repository(vault);
      let next = 0;
      for (const r of repo.ofKind(SYNTHETIC_KIND)) next = Math.max(next, r.data.i + 1);
      const first = next;
      const end = first + count;
      while (next < end) {
        const from = next;
        const to = Math.min(end, from + batch) - 1;
        repo.transact({ action: 'dev.fill', details: { from, to } }, (tx) => {
          for (let i = from; i <= to; i++) tx.insert(SYNTHETIC_KIND, syntheticRecord(i, canary));
        });
        next = to + 1;
        ctx.progress(`committed ${to}`);
      }
      return { first, last: next - 1, count, total: repo.countOfKind(SYNTHETIC_KIND) };
    });
    const seconds = (Date.now() - started) / 1000;
    return {
      json: { dir, ...result, batch, seconds },
      text: count ? `done: ${count} records (indices ${result.first}..${result.last}), ${result.total} synthetic records in the vault` : 'done: nothing to write',
    };
  },
});

const ocr = defineCommand({
  path: ['dev', 'ocr'],
  group: 'Development',
  summary: 'OCR an image or a scanned PDF with the shipped engine (checks a machine’s setup)',
  usage: '<file> [--lang eng,fra,ara]',
  description: `
Reads a PNG/JPEG image, or the pages of a PDF that have no text layer, with the OCR engine and language data
shipped with the app (nothing is downloaded, nothing is written), and prints each page's text and mean word
confidence. Case work reaches OCR through evidence text extraction; this is for checking the engine.
Languages: ${OCR_LANGUAGES.join(', ')} (default: all).`,
  positionals: [{ name: 'file', description: 'an image (PNG, JPEG) or a PDF', path: true }],
  options: {
    lang: { type: 'string', valueName: 'LANGS', description: `comma-separated: ${OCR_LANGUAGES.join(', ')}` },
  },
  async run(ctx) {
    const file = ctx.arg(0);
    const languages = ctx.string('lang')?.split(',').map((l) => l.trim()).filter(Boolean);
    const bytes = new Uint8Array(await readFile(file));
    const type = detectMediaType(file, bytes.subarray(0, 64));
    let inputs: OcrPageInput[];
    if (type === 'application/pdf') inputs = await pdfPageImages(bytes);
    else if (type === 'image/png' || type === 'image/jpeg') inputs = [{ page: 1, image: { encoded: bytes } }];
    else throw new UsageError(`not a PNG, JPEG or PDF file (${type})`, ctx.command);
    const started = Date.now();
    const pages = await ocrPages(inputs, {
      ...(languages ? { languages } : {}),
      onProgress: (done, total) => ctx.progress(`page ${done}/${total}`),
    });
    const seconds = (Date.now() - started) / 1000;
    const summary = pages.map((p) => ({ page: p.page, confidence: p.confidence ?? 0, words: p.words?.length ?? 0, text: p.text }));
    return {
      json: { file, type, pages: summary, seconds },
      text:
        pages.length === 0
          ? 'no page to OCR (every page has a text layer, or no image was found)'
          : summary.map((p) => `--- page ${p.page}: ${p.words} words, mean confidence ${p.confidence.toFixed(1)}\n${p.text}`).join('\n'),
    };
  },
});

export const devCommands: Command[] = [fill, ocr];
