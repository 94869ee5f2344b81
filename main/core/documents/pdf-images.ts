/**
 * The page images of a scanned PDF, for OCR, without a canvas (no @napi-rs/canvas in node_modules): pdf.js
 * (legacy build, runs in Node) decodes each painted image XObject itself — JPEG (DCTDecode), Flate, CCITT,
 * JBIG2 … — and hands out raw pixels (1-bit gray, RGB or RGBA), which we pass on as raw pixels. Only pages with no
 * text layer are returned; of a page's images the largest is taken (a scan is one image per page; logos and
 * stamps painted beside it are smaller).
 */
import { SanctumError } from '../errors';
import type { OcrPageInput } from './ocr-hook';

/** pdf.js's ImageKind. */
const KIND_GRAY_1BPP = 1;
const KIND_RGB_24BPP = 2;
const KIND_RGBA_32BPP = 3;

/** Images smaller than this (either side, in pixels) are decoration, not a scan of text. */
export const MIN_SCAN_SIDE = 32;

interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** pdf.js image → raw pixels for ocrPages: 1-bit gray expanded to 8-bit (a set bit is white). */
export function pdfImageToPixels(img: PdfImage): { data: Uint8Array; width: number; height: number; channels: 1 | 3 | 4 } | undefined {
  const { width, height, kind, data } = img;
  if (!data || !(width > 0) || !(height > 0)) return undefined;
  if (kind === KIND_RGB_24BPP) return { data: new Uint8Array(data.buffer, data.byteOffset, width * height * 3), width, height, channels: 3 };
  if (kind === KIND_RGBA_32BPP) return { data: new Uint8Array(data.buffer, data.byteOffset, width * height * 4), width, height, channels: 4 };
  if (kind === KIND_GRAY_1BPP) {
    const rowBytes = (width + 7) >> 3;
    const out = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
        out[y * width + x] = bit ? 255 : 0;
      }
    }
    return { data: out, width, height, channels: 1 };
  }
  return undefined;
}

interface PdfPageProxy {
  getTextContent(): Promise<{ items: unknown[] }>;
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  objs: { get(id: string, cb: (v: unknown) => void): void };
  commonObjs: { get(id: string, cb: (v: unknown) => void): void };
  cleanup(): void;
}

/** pdf.js 5+ expects Promise.withResolvers (Node 22, Electron 45); the CLI and tests also run on Node 20. */
function ensureWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}

function objGet(page: PdfPageProxy, id: string): Promise<unknown> {
  const store = id.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => store.get(id, resolve));
}

/** True when a page has a text layer worth keeping (any non-blank text item). */
export function hasTextLayer(items: unknown[]): boolean {
  return items.some((i) => typeof (i as { str?: unknown }).str === 'string' && /\S/.test((i as { str: string }).str));
}

/**
 * The images of the text-less pages of a PDF, 1-based page numbers, in page order. Pages with a text layer and
 * pages with no usable image are left out (the caller reads the text layer of the first kind).
 */
export async function pdfPageImages(bytes: Uint8Array, opts: { signal?: AbortSignal; pages?: number[] } = {}): Promise<OcrPageInput[]> {
  ensureWithResolvers();
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // A copy, and a plain Uint8Array (pdf.js refuses a Buffer and detaches what it is given).
    data: new Uint8Array(bytes),
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
  });
  const doc = await task.promise.catch((e: unknown) => {
    throw new SanctumError('UNSUPPORTED_FORMAT', `not a readable PDF: ${e instanceof Error ? e.message : String(e)}`);
  });
  const paintOps = new Set([pdfjs.OPS.paintImageXObject, pdfjs.OPS.paintImageXObjectRepeat]);
  const out: OcrPageInput[] = [];
  try {
    const wanted = opts.pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1);
    for (const n of wanted) {
      if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'PDF image extraction cancelled');
      if (n < 1 || n > doc.numPages) continue;
      const page = (await doc.getPage(n)) as unknown as PdfPageProxy;
      try {
        if (hasTextLayer((await page.getTextContent()).items)) continue;
        const ops = await page.getOperatorList();
        let best: ReturnType<typeof pdfImageToPixels>;
        for (let i = 0; i < ops.fnArray.length; i++) {
          if (!paintOps.has(ops.fnArray[i]!)) continue;
          const id = ops.argsArray[i]?.[0];
          if (typeof id !== 'string') continue;
          const px = pdfImageToPixels((await objGet(page, id)) as PdfImage);
          if (!px || px.width < MIN_SCAN_SIDE || px.height < MIN_SCAN_SIDE) continue;
          if (!best || px.width * px.height > best.width * best.height) best = px;
        }
        if (best) out.push({ page: n, image: best });
      } finally {
        page.cleanup();
      }
    }
  } finally {
    await task.destroy();
  }
  return out;
}
