/**
 * OCR throughput and memory (main/core/documents/ocr.ts) on the repo's fixtures (test/fixtures/documents,
 * generate-ocr.mjs): an English page (page 2 of the scanned PDF, a JPEG of three lines) and a photo of English
 * and Arabic print. Each measurement is one ocrPages batch of PAGES copies (one worker per batch, start-up
 * included, as the app runs it). Baselines in the same run: one language (one pass) against the default
 * eng+fra+ara, which reads Latin and Arabic in two passes and merges their lines. Memory: peak RSS of the process
 * (the engine's worker thread and its WASM heap live in it) and peak main-thread heap, sampled every 50 ms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ocrPages, type OcrPageInput } from '../../../main/core/documents/ocr';
import { pdfPageImages } from '../../../main/core/documents/pdf-images';
import type { BenchSuite } from '../types';
import { round } from '../util';

const PAGES = 3;
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/documents');

interface Sample {
  ppm: number;
  confidence: number;
  rssPeak: number;
  heapPeak: number;
}

async function measure(page: OcrPageInput, languages: string[], expect: string[]): Promise<Sample> {
  const pages = Array.from({ length: PAGES }, (_, i) => ({ ...page, page: i + 1 }));
  let rssPeak = 0;
  let heapPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const t = performance.now();
  let out;
  try {
    out = await ocrPages(pages, { languages });
  } finally {
    clearInterval(timer);
    sample();
  }
  const ms = performance.now() - t;
  // A fast wrong answer is no result: every page must contain the expected words.
  for (const p of out) for (const w of expect) if (!p.text.includes(w)) throw new Error(`OCR (${languages.join('+')}) missed "${w}" on page ${p.page}`);
  const confidence = out.reduce((s, p) => s + (p.confidence ?? 0), 0) / out.length;
  return { ppm: PAGES / (ms / 60_000), confidence, rssPeak, heapPeak };
}

const mb = (b: number) => round(b / 1024 / 1024);

export const suite: BenchSuite = {
  name: 'ocr',
  description: `OCR pages per minute (batches of ${PAGES}, worker start-up included) and peak memory; one language vs eng+fra+ara`,
  async run({ log }) {
    const scan = await pdfPageImages(readFileSync(path.join(FIXTURES, 'ocr-scan.pdf')), { pages: [2] });
    if (scan.length !== 1) throw new Error('the scanned PDF fixture has no image on page 2');
    const english = scan[0]!;
    const photo: OcrPageInput = { page: 1, image: { encoded: readFileSync(path.join(FIXTURES, 'ocr-photo-en-ar.jpg')) } };

    const runs: [string, OcrPageInput, string[], string[]][] = [
      ['English page, eng', english, ['eng'], ['transfer', 'agency']],
      ['English page, eng+fra+ara', english, ['eng', 'fra', 'ara'], ['transfer', 'agency']],
      ['Arabic+English photo, ara', photo, ['ara'], ['شركة النقل']],
      ['Arabic+English photo, eng+fra+ara', photo, ['eng', 'fra', 'ara'], ['شركة النقل', 'employer']],
    ];
    const results: Sample[] = [];
    for (const [name, page, langs, expect] of runs) {
      const s = await measure(page, langs, expect);
      log(`${name}: ${round(s.ppm, 1)} pages/min, mean confidence ${round(s.confidence, 1)}, RSS peak ${mb(s.rssPeak)} MiB`);
      results.push(s);
    }
    const [engOnly, engAll, araOnly, photoAll] = results as [Sample, Sample, Sample, Sample];
    return [
      { metric: 'OCR English page (eng only)', value: round(engOnly.ppm, 1), unit: 'pages/min' },
      { metric: 'OCR English page (eng+fra+ara)', value: round(engAll.ppm, 1), unit: 'pages/min', baseline: round(engOnly.ppm, 1), ratio: round(engOnly.ppm / engAll.ppm, 2) },
      { metric: 'OCR Arabic+English photo (ara only)', value: round(araOnly.ppm, 1), unit: 'pages/min' },
      { metric: 'OCR Arabic+English photo (eng+fra+ara)', value: round(photoAll.ppm, 1), unit: 'pages/min', baseline: round(araOnly.ppm, 1), ratio: round(araOnly.ppm / photoAll.ppm, 2) },
      { metric: 'OCR mean confidence, photo (eng+fra+ara)', value: round(photoAll.confidence, 1), unit: '%', baseline: round(araOnly.confidence, 1) },
      { metric: 'OCR peak RSS (eng+fra+ara)', value: mb(Math.max(engAll.rssPeak, photoAll.rssPeak)), unit: 'MiB', baseline: mb(engOnly.rssPeak), ratio: round(Math.max(engAll.rssPeak, photoAll.rssPeak) / engOnly.rssPeak, 2) },
      { metric: 'OCR peak main-thread heap', value: mb(Math.max(...results.map((r) => r.heapPeak))), unit: 'MiB' },
    ];
  },
};
