/**
 * PDF pages rendered to canvas with pdf.js, inside the sandboxed renderer: the document is parsed in pdf.js's
 * worker (loaded from our own origin, allowed by `worker-src 'self'`), there is no eval path in pdf.js 6 (the
 * `isEvalSupported` option is gone), no XFA, no scripting, no annotation layer and no text layer; only pixels
 * reach the page. One page at a time, with ←/→ (or the buttons) to move.
 *
 * A search hit is shown by opening at its page and marking where its words are: the page's text content is read
 * (positions only, never put into the DOM as text) and a box is drawn over each matching span.
 */
import { Button, Callout, Classes, Intent, Spinner } from '@blueprintjs/core';
import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentLoadingTask, PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useMemo, useRef, useState } from 'react';
import { highlightRanges } from './highlight';

type PdfJs = typeof PdfJsModule;
let pdfjsPromise: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerSrc = workerUrl;
    return m;
  });
  return pdfjsPromise;
}

type Box = [number, number, number, number];

export function PdfPreview({ bytes, name, initialPage = 1, terms = [], onPage }: { bytes: Uint8Array<ArrayBuffer>; name: string; initialPage?: number; terms?: readonly string[]; onPage?: (page: number) => void }) {
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPageState] = useState(initialPage);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const setPage = (n: number) => {
    setPageState(n);
    onPage?.(n);
  };
  useEffect(() => setPageState(initialPage), [initialPage]);
  const termKey = terms.join('\u0000');
  // The terms as a value that changes only when their text does (callers pass a new array on every render).
  const termList = useMemo(() => (termKey ? termKey.split('\u0000') : []), [termKey]);
  const [rendering, setRendering] = useState(false);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    let task: PDFDocumentLoadingTask | null = null;
    void (async () => {
      try {
        const pdfjs = await loadPdfJs();
        if (!live) return;
        // pdf.js takes ownership of the buffer it is given: pass a copy so the caller's bytes stay usable.
        task = pdfjs.getDocument({ data: bytes.slice(), enableXfa: false, verbosity: pdfjs.VerbosityLevel.ERRORS, stopAtErrors: false });
        const loaded = await task.promise;
        if (live) setDoc(loaded);
      } catch (e) {
        if (live) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      live = false;
      void task?.destroy();
    };
  }, [bytes]);

  useEffect(() => {
    if (!doc || !canvasRef.current) return;
    let task: RenderTask | null = null;
    let live = true;
    setRendering(true);
    void (async () => {
      try {
        const p = await doc.getPage(page);
        if (!live || !canvasRef.current) return;
        const width = Math.max(320, (boxRef.current?.clientWidth ?? 720) - 32);
        const base = p.getViewport({ scale: 1 });
        const scale = Math.min(2, width / base.width);
        const ratio = window.devicePixelRatio || 1;
        const viewport = p.getViewport({ scale: scale * ratio });
        const canvas = canvasRef.current;
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
        canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
        task = p.render({ canvas, viewport, annotationMode: 0 });
        await task.promise;
        // Boxes over the words of the hit, in CSS pixels of the canvas.
        const found: Box[] = [];
        if (termList.length) {
          const css = p.getViewport({ scale });
          const content = await p.getTextContent();
          for (const item of content.items) {
            if (!('str' in item) || !item.str) continue;
            const len = item.str.length;
            for (const [a, b] of highlightRanges(item.str, termList)) {
              const [, , , d, e, f] = item.transform as number[];
              const h = item.height || Math.abs(d ?? 10);
              const x0 = (e ?? 0) + (item.width * a) / len;
              const x1 = (e ?? 0) + (item.width * b) / len;
              const [p0, q0] = css.convertToViewportPoint(x0, f ?? 0) as [number, number];
              const [p1, q1] = css.convertToViewportPoint(x1, (f ?? 0) + h) as [number, number];
              found.push([Math.min(p0, p1), Math.min(q0, q1), Math.abs(p1 - p0), Math.abs(q1 - q0)]);
            }
          }
        }
        if (live) setBoxes(found);
      } catch (e) {
        if (live && !(e instanceof Error && e.name === 'RenderingCancelledException')) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (live) setRendering(false);
      }
    })();
    return () => {
      live = false;
      task?.cancel();
    };
  }, [doc, page, termList]);

  if (error) {
    return (
      <Callout intent={Intent.WARNING} icon="warning-sign" title="This PDF cannot be shown here">
        {error}. Export the original to open it in another program.
      </Callout>
    );
  }
  const pages = doc?.numPages ?? 0;
  const go = (n: number) => setPage(Math.max(1, Math.min(pages, n)));
  return (
    <div
      className="pdf-preview"
      ref={boxRef}
      tabIndex={0}
      aria-label={`PDF preview of ${name}, page ${page} of ${pages || '…'}. Use the left and right arrow keys to turn pages.`}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'PageDown') {
          e.preventDefault();
          go(page + 1);
        } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
          e.preventDefault();
          go(page - 1);
        }
      }}
    >
      <div className="pdf-toolbar">
        <Button variant="minimal" size="small" icon="chevron-left" aria-label="Previous page" disabled={page <= 1} onClick={() => go(page - 1)} />
        <span className="tabular" data-testid="pdf-page">
          Page {page} of {pages || '…'}
        </span>
        <Button variant="minimal" size="small" icon="chevron-right" aria-label="Next page" disabled={page >= pages} onClick={() => go(page + 1)} />
        {rendering || !doc ? <Spinner size={14} /> : null}
        <span className={`pdf-note ${Classes.TEXT_MUTED}`}>Rendered as images: links, forms and scripts in the PDF are not active.</span>
      </div>
      <div className="pdf-page">
        <div className="doc-page">
          <canvas ref={canvasRef} data-testid="pdf-canvas" />
          <div className="doc-overlay" aria-hidden="true">
            {boxes.map(([x, y, w, h], i) => (
              <div key={i} className="doc-box doc-box-hit" style={{ left: x - 1, top: y - 1, width: w + 2, height: h + 2 }} data-testid="pdf-hit" />
            ))}
          </div>
        </div>
        {terms.length ? (
          <span className="visually-hidden" role="status">
            {boxes.length ? `${boxes.length} match(es) marked on this page` : 'No match on this page'}
          </span>
        ) : null}
      </div>
    </div>
  );
}
