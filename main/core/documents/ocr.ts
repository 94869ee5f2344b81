/**
 * OCR for images and scanned PDF pages: tesseract.js (Tesseract 5 compiled to WebAssembly) with the English,
 * French and Arabic data shipped with the app (@tesseract.js-data/<lang>/4.0.0_best_int). Nothing is downloaded:
 * the worker's `fetch` is replaced by one that throws, and the data is read from node_modules (unpacked beside
 * app.asar when packaged). Nothing is written to disk: the traineddata cache is off and the worker's cache
 * writes refuse, so page images and their text live only in memory (the wasm file system is in memory too).
 *
 * Off the main thread: tesseract.js runs Tesseract in a Node worker thread. We start that worker from our own
 * bootstrap (a data: URL module) instead of tesseract.js's node worker script, so the file and network adapters
 * it hands to Tesseract are ours. One worker per batch, terminated after it or on abort.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OcrWord, TextPage } from '../../../shared/model/records';
import { SanctumError } from '../errors';

export interface OcrPageInput {
  page: number;
  image: { data: Uint8Array; width: number; height: number; channels: 1 | 3 | 4 } | { encoded: Uint8Array };
}

/** The languages shipped with the app (tesseract codes), in the order they are loaded. */
export const OCR_LANGUAGES = ['eng', 'fra', 'ara'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];
/** Which build of the data is shipped: LSTM-only integer models, what tesseract.js uses for OEM 1 by default. */
export const OCR_DATA_VARIANT = '4.0.0_best_int';

const LANGUAGE_NAMES: Record<string, OcrLanguage> = {
  en: 'eng', eng: 'eng', english: 'eng', anglais: 'eng',
  fr: 'fra', fra: 'fra', fre: 'fra', french: 'fra', francais: 'fra', français: 'fra',
  ar: 'ara', ara: 'ara', arabic: 'ara', arabe: 'ara', العربية: 'ara', عربي: 'ara',
};

/**
 * The OCR languages for an evidence item's free-text `language` field ("ar", "French", "en, ar", "fr-FR" …):
 * the shipped languages it names, or all of them when it names none (or is unset).
 */
export function ocrLanguagesFor(language: string | undefined): OcrLanguage[] {
  const named = new Set<OcrLanguage>();
  for (const token of (language ?? '').toLowerCase().split(/[\s,;/+|]+/)) {
    const base = token.split(/[-_]/)[0] ?? '';
    const code = LANGUAGE_NAMES[token] ?? LANGUAGE_NAMES[base];
    if (code) named.add(code);
  }
  return named.size > 0 ? OCR_LANGUAGES.filter((l) => named.has(l)) : [...OCR_LANGUAGES];
}

/** Validates requested tesseract codes (default: all shipped) and puts them in load order, without duplicates. */
export function resolveOcrLanguages(languages: readonly string[] | undefined): OcrLanguage[] {
  if (!languages || languages.length === 0) return [...OCR_LANGUAGES];
  for (const l of languages) {
    if (!(OCR_LANGUAGES as readonly string[]).includes(l)) {
      throw new SanctumError('INVALID_INPUT', `OCR language ${JSON.stringify(l)} is not shipped (have: ${OCR_LANGUAGES.join(', ')})`);
    }
  }
  return OCR_LANGUAGES.filter((l) => languages.includes(l));
}

// ---------------------------------------------------------------------------------------------------------------
// Where the engine and the data are, in development and packaged.

export interface OcrAssets {
  /** The tesseract.js package folder (its src/ holds the main-side API and the worker script). */
  tesseractDir: string;
  /** Absolute path of each language's gzipped traineddata. */
  languageFiles: Record<string, string>;
}

/**
 * What electron-builder.yml unpacks beside app.asar for the OCR worker: tesseract.js, the engine, the data and
 * the packages the worker script requires (the main-side API only needs what is here too).
 */
export const OCR_UNPACKED_PACKAGES = [
  'tesseract.js',
  'tesseract.js-core',
  '@tesseract.js-data',
  'regenerator-runtime',
  'is-url',
  'bmp-js',
  'wasm-feature-detect',
] as const;

/**
 * A path inside app.asar mapped to its unpacked twin. Worker threads load scripts with Node's own loader, and
 * the engine and data are listed in electron-builder.yml's asarUnpack, so they live in app.asar.unpacked.
 */
export function unpackedPath(p: string, sep: string = path.sep): string {
  const packed = `${sep}app.asar${sep}`;
  const i = p.indexOf(packed);
  return i < 0 ? p : `${p.slice(0, i)}${sep}app.asar.unpacked${sep}${p.slice(i + packed.length)}`;
}

/**
 * Pure: the OCR asset paths from a package resolver (`require.resolve` from this module: node_modules in
 * development, `…/resources/app.asar/node_modules` when packaged) and a path flavour.
 */
export function ocrAssetPaths(resolve: (specifier: string) => string, languages: readonly string[], p: path.PlatformPath = path): OcrAssets {
  const dirOf = (pkg: string) => unpackedPath(p.dirname(resolve(`${pkg}/package.json`)), p.sep);
  const languageFiles: Record<string, string> = {};
  for (const l of languages) languageFiles[l] = p.join(dirOf(`@tesseract.js-data/${l}`), OCR_DATA_VARIANT, `${l}.traineddata.gz`);
  return { tesseractDir: dirOf('tesseract.js'), languageFiles };
}

// ---------------------------------------------------------------------------------------------------------------
// The worker.

/** Where the worker pretends the data lives; the bootstrap maps `<root>/<lang>.traineddata.gz` to the real file. */
const VIRTUAL_LANG_PATH = '/sanctum-ocr-data';

/**
 * The worker thread's entry: tesseract.js's generic worker script with our adapter. Exported for the tests.
 * `fetch` throws (nothing is downloaded), reads are limited to the shipped traineddata files, cache writes refuse.
 */
export function workerBootstrap(assets: OcrAssets): string {
  const files: Record<string, string> = {};
  for (const [l, f] of Object.entries(assets.languageFiles)) files[`${VIRTUAL_LANG_PATH}/${l}.traineddata.gz`] = f;
  const cfg = JSON.stringify({ dir: assets.tesseractDir, files });
  return `
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
const cfg = ${cfg};
const blocked = async (url) => { throw new Error('OCR_NETWORK_BLOCKED: the OCR worker never downloads (' + String(url) + ')'); };
globalThis.fetch = blocked;
const require = createRequire(path.join(cfg.dir, 'package.json'));
const worker = require('./src/worker-script/index.js');
const getCore = require('./src/worker-script/node/getCore.js');
// tesseract.js 7's initialize posts a resolve after its reject, which makes the main side throw an uncaught
// TypeError (the job is gone): a job settles once here. A worker that failed to start is never handed to the
// caller (createWorker does not settle), so it ends its own thread.
const START = ['load', 'loadLanguage', 'initialize'];
const settled = new Set();
parentPort.on('message', (packet) => worker.dispatchHandlers(packet, (obj) => {
  const key = obj.action + '-' + obj.jobId;
  if (obj.status === 'resolve' || obj.status === 'reject') {
    if (settled.has(key)) return;
    settled.add(key);
  }
  parentPort.postMessage(obj);
  if (obj.status === 'reject' && START.includes(obj.action)) setImmediate(() => process.exit(1));
}));
worker.setAdapter({
  getCore,
  gunzip: gunzipSync,
  fetch: blocked,
  readCache: async (file) => {
    const real = cfg.files[file];
    if (!real) throw new Error('OCR worker: no shipped file for ' + file);
    return readFile(real);
  },
  writeCache: async (file) => { throw new Error('OCR worker: cache writes are disabled (' + file + ')'); },
  deleteCache: async () => {},
  checkCache: async () => false,
});
`;
}

interface TessWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}
interface TessResult {
  data: { blocks: { paragraphs: { lines: { words: TessWord[] }[] }[] }[] | null };
}
interface TessWorker {
  recognize(image: Uint8Array, options: object, output: object): Promise<TessResult>;
  setParameters(params: Record<string, string>): Promise<unknown>;
  reinitialize(langs: string, oem?: number): Promise<unknown>;
  terminate(): Promise<unknown>;
}
interface TesseractModule {
  createWorker(langs: string[], oem: number, options: Record<string, unknown>): Promise<TessWorker>;
}

let assetsResolver: (specifier: string) => string = (s) => createRequire(import.meta.url).resolve(s);

/** Tests only: resolve packages elsewhere. */
export function setOcrResolverForTests(resolve: ((specifier: string) => string) | undefined): void {
  assetsResolver = resolve ?? ((s) => createRequire(import.meta.url).resolve(s));
}

function loadTesseract(dir: string): TesseractModule {
  // By path at run time, never bundled: tesseract.js's node code finds its files through __dirname.
  return createRequire(import.meta.url)(path.join(dir, 'src', 'index.js')) as TesseractModule;
}

const OEM_LSTM_ONLY = 1;
/**
 * Fully automatic page segmentation (tesseract.js defaults to PSM 6, one uniform block, which drops lines of
 * a photo whose lines differ in size or script); spaces between words kept as found. Reapplied after each
 * re-initialisation, which resets them.
 */
const OCR_PARAMETERS = { tessedit_pageseg_mode: '3', preserve_interword_spaces: '1', debug_file: '/dev/null' };

/** Binary PNM (P5 gray, P6 RGB; RGBA is composited on white): raw pixels Leptonica reads without a codec. */
export function toPnm(img: { data: Uint8Array; width: number; height: number; channels: 1 | 3 | 4 }): Uint8Array {
  const { data, width, height, channels } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length < width * height * channels) {
    throw new SanctumError('INVALID_INPUT', `OCR image: ${width}x${height}x${channels} does not match ${data.length} bytes`);
  }
  const outChannels = channels === 1 ? 1 : 3;
  const header = new TextEncoder().encode(`${outChannels === 1 ? 'P5' : 'P6'}\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + width * height * outChannels);
  out.set(header, 0);
  const n = width * height;
  if (channels === 1) out.set(data.subarray(0, n), header.length);
  else if (channels === 3) out.set(data.subarray(0, n * 3), header.length);
  else {
    for (let i = 0, o = header.length; i < n; i++, o += 3) {
      const a = data[i * 4 + 3]! / 255;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(data[i * 4 + c]! * a + 255 * (1 - a));
    }
  }
  return out;
}

/** Width and height of a PNG or JPEG (the words' boxes refer to them). */
export function encodedImageSize(b: Uint8Array): { width: number; height: number } | undefined {
  const be32 = (o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return { width: be32(16), height: be32(20) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let o = 2;
    while (o + 9 < b.length) {
      if (b[o] !== 0xff) return undefined;
      const marker = b[o + 1]!;
      if (marker === 0xff) { o++; continue; }
      const len = (b[o + 2]! << 8) | b[o + 3]!;
      // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: (b[o + 5]! << 8) | b[o + 6]!, width: (b[o + 7]! << 8) | b[o + 8]! };
      }
      o += 2 + len;
    }
  }
  return undefined;
}

interface OcrLine {
  words: OcrWord[];
  confidence: number;
  box: [number, number, number, number];
}

/** Tesseract marks right-to-left runs with LRM/RLM; the text keeps reading order without them. */
const BIDI_MARKS = /[\u200e\u200f]/g;

function toLines(result: TessResult, size: { width: number; height: number } | undefined): OcrLine[] {
  const clampX = (v: number) => (size ? Math.min(Math.max(v, 0), size.width) : Math.max(v, 0));
  const clampY = (v: number) => (size ? Math.min(Math.max(v, 0), size.height) : Math.max(v, 0));
  const lines: OcrLine[] = [];
  for (const block of result.data.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const words: OcrWord[] = [];
        for (const w of line.words) {
          const text = w.text.replace(BIDI_MARKS, '').trim();
          if (!text) continue;
          words.push({
            text: text.slice(0, 1000),
            confidence: Math.min(100, Math.max(0, w.confidence)),
            box: [clampX(w.bbox.x0), clampY(w.bbox.y0), clampX(w.bbox.x1), clampY(w.bbox.y1)],
          });
        }
        if (words.length === 0) continue;
        const box: [number, number, number, number] = [
          Math.min(...words.map((w) => w.box[0])),
          Math.min(...words.map((w) => w.box[1])),
          Math.max(...words.map((w) => w.box[2])),
          Math.max(...words.map((w) => w.box[3])),
        ];
        lines.push({ words, confidence: words.reduce((s, w) => s + w.confidence, 0) / words.length, box });
      }
    }
  }
  return lines;
}

function overlaps(a: OcrLine['box'], b: OcrLine['box']): boolean {
  const dy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  const dx = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  return dx > 0 && dy > 0.5 * Math.min(a[3] - a[1], b[3] - b[1]);
}

/**
 * Merge the lines read by several passes over one image (Latin scripts, then Arabic): where lines from two
 * passes cover the same place, the one with the higher mean word confidence wins; the result is in top-to-
 * bottom order. Tesseract given eng+fra+ara at once picks one direction for the page and loses Arabic lines.
 */
export function mergeLines(passes: OcrLine[][]): OcrLine[] {
  const all = passes.flat().sort((a, b) => b.confidence - a.confidence);
  const kept: OcrLine[] = [];
  for (const l of all) if (!kept.some((k) => overlaps(k.box, l.box))) kept.push(l);
  return kept.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
}

export type { OcrLine };

/** The languages split by script: each group is read in its own pass. */
export function scriptPasses(languages: readonly OcrLanguage[]): OcrLanguage[][] {
  const latin = languages.filter((l) => l !== 'ara');
  const arabic = languages.filter((l) => l === 'ara');
  return [latin, arabic].filter((g) => g.length > 0);
}

function cancelled(): SanctumError {
  return new SanctumError('CANCELLED', 'OCR cancelled');
}

/**
 * OCR each page (in the order given). Words come in reading order (Tesseract's iterator reads right-to-left
 * lines right to left), with their box in the image's pixels and a 0-100 confidence; the page's confidence is
 * the mean of its words'. An abort terminates the worker and rejects with CANCELLED.
 */
export async function ocrPages(
  pages: OcrPageInput[],
  opts: { languages?: string[]; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<TextPage[]> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw cancelled();
  const languages = resolveOcrLanguages(opts.languages);
  if (pages.length === 0) return [];
  const assets = ocrAssetPaths(assetsResolver, languages);
  const tesseract = loadTesseract(assets.tesseractDir);

  let worker: TessWorker | undefined;
  let aborted = false;
  let rejectAbort: (e: Error) => void = () => {};
  const abortPromise = new Promise<never>((_, reject) => {
    rejectAbort = reject;
  });
  abortPromise.catch(() => {});
  // tesseract.js reports a failure to load or initialise a language only to errorHandler (the createWorker
  // promise then never settles), so every wait also races the engine's errors.
  let rejectEngine: (e: Error) => void = () => {};
  const engineFailed = new Promise<never>((_, reject) => {
    rejectEngine = reject;
  });
  engineFailed.catch(() => {});
  const onAbort = () => {
    aborted = true;
    rejectAbort(cancelled());
    void worker?.terminate();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, abortPromise, engineFailed]);

  try {
    onProgress?.(0, pages.length);
    const starting = tesseract.createWorker(languages, OEM_LSTM_ONLY, {
      workerPath: new URL(`data:text/javascript,${encodeURIComponent(workerBootstrap(assets))}`),
      langPath: VIRTUAL_LANG_PATH,
      cacheMethod: 'none',
      gzip: true,
      logger: () => {},
      // Without a handler tesseract.js rethrows worker errors from its message listener (an uncaught exception).
      errorHandler: (e: unknown) => rejectEngine(new Error(String(e))),
    });
    // After an abort during start-up the worker arrives later: terminate it then.
    starting.then(
      (w) => {
        if (aborted) void w.terminate();
      },
      () => {},
    );
    worker = await race(starting);
    await race(worker.setParameters(OCR_PARAMETERS));

    // One pass per script: Latin (eng+fra) and Arabic read apart, their lines merged (see mergeLines).
    const passes = scriptPasses(languages);
    let current = languages.join('+');
    const out: TextPage[] = [];
    for (const [i, p] of pages.entries()) {
      const bytes = 'encoded' in p.image ? p.image.encoded : toPnm(p.image);
      const size = 'encoded' in p.image ? encodedImageSize(p.image.encoded) : { width: p.image.width, height: p.image.height };
      const read: OcrLine[][] = [];
      // Alternate the pass order per page so each page needs one re-initialisation, not two.
      for (const pass of i % 2 === 0 ? passes : [...passes].reverse()) {
        const want = pass.join('+');
        if (want !== current) {
          await race(worker.reinitialize(want, OEM_LSTM_ONLY));
          await race(worker.setParameters(OCR_PARAMETERS));
          current = want;
        }
        read.push(toLines(await race(worker.recognize(bytes, {}, { text: false, blocks: true })), size));
      }
      const lines = read.length === 1 ? read[0]! : mergeLines(read);
      const words = lines.flatMap((l) => l.words);
      const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
      out.push({
        page: p.page,
        method: 'ocr',
        text: lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n'),
        confidence: Math.round(confidence * 100) / 100,
        words,
        ...(size ? { size } : {}),
      });
      onProgress?.(i + 1, pages.length);
    }
    return out;
  } catch (e) {
    if (aborted) throw cancelled();
    if (e instanceof SanctumError) throw e;
    throw new SanctumError('INTERNAL', `OCR failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await worker?.terminate();
  }
}

/** For `sanctum dev ocr` and the bench: the shipped data files, checked to be present. */
export async function checkOcrData(languages: readonly string[] = OCR_LANGUAGES): Promise<OcrAssets> {
  const assets = ocrAssetPaths(assetsResolver, resolveOcrLanguages(languages));
  for (const f of Object.values(assets.languageFiles)) await readFile(f).then((b) => b.length > 0 || Promise.reject(new Error('empty')));
  return assets;
}
