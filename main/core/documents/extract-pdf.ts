/**
 * PDF text layer with pdfjs-dist's legacy Node build: the text content of each page in content-stream order (the
 * order the producer wrote it, which is the reading order for almost every producer), line ends where pdfjs
 * marks them. Nothing is rendered, no script is evaluated, no font is loaded, nothing is fetched. Pages with no
 * text layer (scans) are listed for OCR. Limits: LIMITS.pdfPages pages and LIMITS.ms wall time, after which the
 * result is partial; a file pdfjs cannot open is a clear UNSUPPORTED_FORMAT error. A PDF that makes pdfjs spin
 * inside one call is stopped from outside: the text worker is terminated at its deadline (text-worker-client.ts).
 */
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { SanctumError } from '../errors';
import { tidy } from './charset';
import { LIMITS, type ExtractOptions, type ExtractResult, type TextPage } from './types';

type PdfJs = typeof PdfJsModule;
let loaded: Promise<PdfJs> | null = null;

/** pdfjs with its "worker" in this thread: we are already off the main thread (text-worker.ts). */
function pdfjs(): Promise<PdfJs> {
  loaded ??= (async () => {
    // pdfjs 5+ expects Node 22 (Electron's); the CLI and tests may run on Node 20.
    const P = Promise as unknown as { withResolvers?: () => unknown };
    P.withResolvers ??= function withResolvers<T>() {
      let resolve!: (v: T) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    };
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return loaded;
}

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

function cancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SanctumError('CANCELLED', 'text extraction cancelled');
}

export async function extractPdf(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<ExtractResult> {
  const lib = await pdfjs();
  const started = Date.now();
  cancelled(opts.signal);
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new SanctumError('UNSUPPORTED_FORMAT', 'this PDF is password-protected; its text cannot be read');
    throw new SanctumError('UNSUPPORTED_FORMAT', `this PDF cannot be read: ${(e as Error).message ?? String(e)}`);
  }
  const warnings: string[] = [];
  const pages: TextPage[] = [];
  const ocrNeeded: number[] = [];
  try {
    const total = Math.min(doc.numPages, LIMITS.pdfPages);
    if (doc.numPages > LIMITS.pdfPages) warnings.push(`only the first ${LIMITS.pdfPages} of ${doc.numPages} pages were read`);
    opts.onProgress?.(0, total);
    for (let n = 1; n <= total; n++) {
      cancelled(opts.signal);
      if (Date.now() - started > LIMITS.ms) {
        warnings.push(`stopped after ${LIMITS.ms / 1000} s at page ${n} of ${doc.numPages}`);
        break;
      }
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        let text = '';
        for (const item of content.items as TextItemLike[]) {
          if (typeof item.str !== 'string') continue;
          text += item.str;
          if (item.hasEOL) text += '\n';
          if (text.length > LIMITS.pageChars) break;
        }
        page.cleanup();
        text = tidy(text).slice(0, LIMITS.pageChars);
        if (text) pages.push({ page: n, method: 'pdf-text', text });
        else ocrNeeded.push(n);
      } catch (e) {
        if (e instanceof SanctumError) throw e;
        warnings.push(`page ${n} could not be read: ${(e as Error).message ?? String(e)}`);
      }
      opts.onProgress?.(n, total);
    }
    const read = pages.length;
    const status: ExtractResult['status'] = read === 0 ? 'no-text' : read + ocrNeeded.length < doc.numPages || ocrNeeded.length > 0 ? 'partial' : 'extracted';
    return { status, pages, extractor: `pdfjs-dist ${lib.version}`, warnings, ocrNeeded };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}
