/**
 * OCR end to end with the shipped engine and data, on the fixtures of test/fixtures/documents (generate-ocr.mjs):
 * a photo of printed English and Arabic text and a scanned-image PDF. Kept to one short image and one PDF page
 * (OCR is slow on a shared 2-core machine); throughput is measured by `npm run bench` (suites/ocr.ts). In the
 * integration project: the real engine reads for seconds per page (tens of seconds on a loaded machine).
 *
 * Confidence threshold: Tesseract's LSTM word confidences on clean print are ~90-96 (on these fixtures the
 * expected words score 90-96); a wrong-script reading of the same line scores 3-60. 75 separates the two with
 * room for the other engine builds (no-SIMD, relaxed-SIMD) giving slightly different scores.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ocrAssetPaths, ocrPages, setOcrResolverForTests, workerBootstrap } from '../../main/core/documents/ocr';
import { pdfPageImages } from '../../main/core/documents/pdf-images';
import { isSanctumError } from '../../main/core/errors';
import type { TextPage } from '../../shared/model/records';

const FIXTURES = path.resolve(__dirname, '../fixtures/documents');
const PHOTO = readFileSync(path.join(FIXTURES, 'ocr-photo-en-ar.jpg'));
const SCAN = readFileSync(path.join(FIXTURES, 'ocr-scan.pdf'));
const MIN_CONFIDENCE = 75;
const SLOW = 240_000;

function confidentWords(page: TextPage): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of page.words ?? []) {
    // Trailing punctuation does not change the word.
    const t = w.text.replace(/[.,;:!?'’"«»]+$/u, '');
    if (w.confidence >= MIN_CONFIDENCE) m.set(t, Math.max(m.get(t) ?? 0, w.confidence));
  }
  return m;
}

function expectBoxesInside(page: TextPage): void {
  expect(page.size).toBeDefined();
  const { width, height } = page.size!;
  expect(page.words!.length).toBeGreaterThan(0);
  for (const w of page.words!) {
    const [x0, y0, x1, y1] = w.box;
    expect(x0).toBeGreaterThanOrEqual(0);
    expect(y0).toBeGreaterThanOrEqual(0);
    expect(x1).toBeLessThanOrEqual(width);
    expect(y1).toBeLessThanOrEqual(height);
    expect(x1).toBeGreaterThan(x0);
    expect(y1).toBeGreaterThan(y0);
  }
}

let cwd: string;
let emptyDir: string;
beforeEach(() => {
  // The engine's default traineddata cache is the working directory: run from an empty one and check it stays so.
  cwd = process.cwd();
  emptyDir = mkdtempSync(path.join(tmpdir(), 'sanctum-ocr-cwd-'));
  process.chdir(emptyDir);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(emptyDir, { recursive: true, force: true });
  vi.restoreAllMocks();
  setOcrResolverForTests(undefined);
});

describe('ocrPages', () => {
  it(
    'reads English and Arabic from a photo, in reading order, off the main thread, with nothing fetched or written',
    async () => {
      const fetchSpy = vi.spyOn(globalThis, 'fetch');
      const progress: [number, number][] = [];
      // A timer on this thread keeps firing while the engine works: the work is on another thread.
      let ticks = 0;
      const timer = setInterval(() => ticks++, 50);
      const started = Date.now();
      let pages: TextPage[];
      try {
        pages = await ocrPages([{ page: 1, image: { encoded: PHOTO } }], { onProgress: (d, t) => progress.push([d, t]) });
      } finally {
        clearInterval(timer);
      }
      const elapsed = Date.now() - started;
      expect(ticks).toBeGreaterThan(Math.floor(elapsed / 50 / 4));

      expect(pages).toHaveLength(1);
      const page = pages[0]!;
      expect(page).toMatchObject({ page: 1, method: 'ocr' });
      const words = confidentWords(page);
      for (const w of ['Transport', 'company', 'contract', 'Passport', 'employer']) expect(words.get(w), w).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
      for (const w of ['عقد', 'عمل', 'شركة', 'النقل', 'جواز', 'السفر', 'صاحب']) expect(words.get(w), w).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
      expect(page.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
      // Arabic in reading order (right to left on the image, first to last in the text); no bidi marks left.
      expect(page.text).toContain('عقد عمل مع شركة النقل');
      expect(page.text).toContain('جواز السفر عند صاحب العمل');
      expect(page.text).not.toMatch(/[\u200e\u200f]/);
      const ara = page.words!.filter((w) => w.text === 'عقد' || w.text === 'النقل');
      expect(ara[0]!.text).toBe('عقد');
      expect(ara[0]!.box[0]).toBeGreaterThan(ara[1]!.box[0]);
      // Lines top to bottom: the English heading first.
      expect(page.text.indexOf('Transport')).toBeLessThan(page.text.indexOf('عقد'));
      expectBoxesInside(page);
      expect(page.size!.width).toBeGreaterThan(900);

      expect(progress).toEqual([
        [0, 1],
        [1, 1],
      ]);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(readdirSync(emptyDir)).toEqual([]);
    },
    SLOW,
  );

  it(
    'reads a scanned PDF page that has no text layer (French and English)',
    async () => {
      const images = await pdfPageImages(SCAN);
      // Both pages are image-only: pdf.js finds no text layer on either.
      expect(images.map((i) => i.page)).toEqual([1, 2]);
      const first = images[0]!;
      expect('data' in first.image && first.image.channels).toBe(3);
      const [page] = await ocrPages([first], { languages: ['eng', 'fra'] });
      const words = confidentWords(page!);
      for (const w of ['Déclaration', 'victime', 'passeport', 'confisqué', 'Statement', 'witness', 'recruiter', 'payment']) {
        expect(words.get(w), w).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
      }
      expectBoxesInside(page!);
      expect(page!.size).toEqual({ width: 'data' in first.image ? first.image.width : 0, height: 'data' in first.image ? first.image.height : 0 });
      expect(readdirSync(emptyDir)).toEqual([]);
    },
    SLOW,
  );

  it(
    'cancels: an abort mid-batch terminates the worker and rejects with CANCELLED',
    async () => {
      const ctrl = new AbortController();
      const progress: number[] = [];
      const pages = [1, 2, 3].map((page) => ({ page, image: { encoded: PHOTO } }));
      const run = ocrPages(pages, {
        languages: ['eng'],
        signal: ctrl.signal,
        onProgress: (d) => {
          progress.push(d);
          // Abort as soon as the batch has started.
          if (d === 0) setTimeout(() => ctrl.abort(), 200);
        },
      });
      const err = await run.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSanctumError(err, 'CANCELLED')).toBe(true);
      expect(progress.at(-1)).toBeLessThan(3);

      // Already aborted: nothing starts.
      const again = await ocrPages(pages, { signal: AbortSignal.abort() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSanctumError(again, 'CANCELLED')).toBe(true);
    },
    SLOW,
  );

  it(
    'the worker cannot download: a URL language path fails on the blocked fetch',
    async () => {
      const require = createRequire(import.meta.url);
      const assets = ocrAssetPaths((s) => require.resolve(s), ['eng']);
      const tesseract = require(path.join(assets.tesseractDir, 'src', 'index.js')) as {
        createWorker(l: string, oem: number, o: Record<string, unknown>): Promise<{ terminate(): Promise<unknown> }>;
      };
      let reported: (e: unknown) => void = () => {};
      const engineError = new Promise<unknown>((resolve) => {
        reported = resolve;
      });
      const started = tesseract
        .createWorker('eng', 1, {
          workerPath: new URL(`data:text/javascript,${encodeURIComponent(workerBootstrap(assets))}`),
          // An address that would otherwise be fetched (and fail differently: .invalid never resolves).
          langPath: 'https://tessdata.example.invalid/4.0.0_best_int',
          cacheMethod: 'none',
          logger: () => {},
          errorHandler: (e: unknown) => reported(e),
        })
        .then(async (w) => {
          await w.terminate();
          return 'started';
        });
      const err = await Promise.race([started, engineError]);
      expect(String(err)).toMatch(/OCR_NETWORK_BLOCKED/);
      expect(readdirSync(emptyDir)).toEqual([]);
    },
    SLOW,
  );

  it(
    'fails with an error, not a hang, when a language file is not traineddata',
    async () => {
      const require = createRequire(import.meta.url);
      const fake = mkdtempSync(path.join(tmpdir(), 'sanctum-ocr-fake-'));
      try {
        mkdirSync(path.join(fake, '4.0.0_best_int'));
        writeFileSync(path.join(fake, '4.0.0_best_int', 'eng.traineddata.gz'), gzipSync(Buffer.from('not a model')));
        setOcrResolverForTests((s) => (s.startsWith('@tesseract.js-data/eng/') ? path.join(fake, 'package.json') : require.resolve(s)));
        const err = await ocrPages([{ page: 1, image: { encoded: PHOTO } }], { languages: ['eng'] }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isSanctumError(err, 'INTERNAL')).toBe(true);
        expect(String((err as Error).message)).toMatch(/OCR failed/);
      } finally {
        rmSync(fake, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});
