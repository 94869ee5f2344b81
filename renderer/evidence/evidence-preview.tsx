/**
 * The preview of an evidence file, decrypted by main and handed over as base64 (each preview is a custody
 * entry). Images and audio become blob: URLs that are revoked when the preview goes; PDFs are drawn by
 * pdf.js; text is shown as text, never as HTML. Anything else, or anything over 25 MB, says so.
 */
import { Button, Callout, Classes, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { formatBytes } from '../ui/format';
import type { TextPage } from '../../shared/model/records';
import { highlightRanges } from './highlight';
import { base64ToBytes, decodeText } from './preview-data';

const PdfPreview = lazy(() => import('./pdf-preview').then((m) => ({ default: m.PdfPreview })));

type Preview = ResponseOf<'evidence.preview'>;

/** A blob: URL for the bytes, made and revoked by the same effect (so it never outlives the preview). */
function useBlobUrl(bytes: Uint8Array<ArrayBuffer> | null, mediaType: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!bytes) return;
    const u = URL.createObjectURL(new Blob([bytes], { type: mediaType }));
    setUrl(u);
    return () => {
      setUrl(null);
      URL.revokeObjectURL(u);
    };
  }, [bytes, mediaType]);
  return url;
}

/** The OCR words' boxes over the image (in the image's pixels, scaled with it); the hit's words marked. */
function OcrOverlay({ ocr, terms }: { ocr: TextPage; terms: readonly string[] }) {
  const size = ocr.size;
  if (!size || !ocr.words?.length) return null;
  const pct = (v: number, of: number) => `${(100 * v) / of}%`;
  return (
    <div className="doc-overlay" aria-hidden="true">
      {ocr.words.map((w, i) => {
        const [x0, y0, x1, y1] = w.box;
        const hit = terms.length > 0 && highlightRanges(w.text, terms).length > 0;
        return (
          <div
            key={i}
            className={`doc-box${hit ? ' doc-box-hit' : ''}`}
            style={{ left: pct(x0, size.width), top: pct(y0, size.height), width: pct(x1 - x0, size.width), height: pct(y1 - y0, size.height) }}
            data-testid={hit ? 'ocr-hit' : undefined}
          />
        );
      })}
    </div>
  );
}

function ImagePreview({ bytes, p, ocr, terms }: { bytes: Uint8Array<ArrayBuffer>; p: Preview; ocr?: TextPage | undefined; terms: readonly string[] }) {
  const url = useBlobUrl(bytes, p.mediaType);
  const [actual, setActual] = useState(false);
  const [boxes, setBoxes] = useState(true);
  if (!url) return null;
  return (
    <div className="image-preview">
      <div className="preview-toolbar">
        <Button variant="minimal" size="small" icon={actual ? 'zoom-to-fit' : 'zoom-in'} text={actual ? 'Fit' : 'Actual size'} onClick={() => setActual((a) => !a)} />
        {ocr?.words?.length ? <Button variant="minimal" size="small" icon="text-highlight" text={boxes ? 'Hide OCR boxes' : 'Show OCR boxes'} onClick={() => setBoxes((b) => !b)} /> : null}
      </div>
      <div className={`image-frame${actual ? ' image-actual' : ''}`}>
        <div className="doc-page">
          <img src={url} alt={`Preview of ${p.name}`} data-testid="image-preview" />
          {ocr && boxes ? <OcrOverlay ocr={ocr} terms={terms} /> : null}
        </div>
      </div>
    </div>
  );
}

function AudioPreview({ bytes, p }: { bytes: Uint8Array<ArrayBuffer>; p: Preview }) {
  const url = useBlobUrl(bytes, p.mediaType);
  if (!url) return null;
  return (
    <div className="audio-preview">
      <audio controls src={url} preload="metadata" aria-label={`Recording ${p.name}`} data-testid="audio-preview" />
    </div>
  );
}

function TextPreview({ bytes }: { bytes: Uint8Array<ArrayBuffer> }) {
  const { text, truncated } = useMemo(() => decodeText(bytes), [bytes]);
  return (
    <div className="text-preview">
      {truncated ? (
        <Callout compact intent={Intent.PRIMARY} icon="info-sign" className="preview-note">
          Showing the first {formatBytes(1024 * 1024)} of {formatBytes(bytes.length)}. Export the original for the rest.
        </Callout>
      ) : null}
      <pre className="text-preview-body" dir="auto" data-testid="text-preview" tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}

export interface PreviewFocus {
  /** The page to open at (PDF) and the words to mark. */
  page?: number | undefined;
  terms?: readonly string[] | undefined;
  /** OCR of an image: its words' boxes are drawn over it. */
  ocr?: TextPage | undefined;
  onPage?: ((page: number) => void) | undefined;
}

export function EvidencePreview({ evidenceId, onViewed, focus = {} }: { evidenceId: string; onViewed?: () => void; focus?: PreviewFocus }) {
  const terms = focus.terms ?? [];
  // Loaded once per item (not on every edit): each preview is logged in the item's chain of custody.
  const q = useQuery(() => invoke('evidence.preview', { id: evidenceId }), [evidenceId]);
  const bytes = useMemo(() => (q.data?.base64 ? base64ToBytes(q.data.base64) : null), [q.data]);
  const viewedOnce = q.data?.base64 !== undefined && q.data?.base64 !== null;
  // Told once per loaded preview, whatever callback the parent passes on later renders.
  const onViewedRef = useRef(onViewed);
  onViewedRef.current = onViewed;
  useEffect(() => {
    if (viewedOnce) onViewedRef.current?.();
  }, [viewedOnce]);

  if (q.error) return <Callout intent={Intent.DANGER} icon="error">{describeError(q.error).message}</Callout>;
  const p = q.data;
  if (!p) {
    return (
      <div className="preview-loading">
        <Spinner size={20} aria-label="Decrypting the preview" />
        <span className={Classes.TEXT_MUTED}>Decrypting…</span>
      </div>
    );
  }
  if (p.tooLarge) {
    return (
      <NonIdealState
        icon="document"
        title="Too large to preview here"
        description={`${p.name} is ${formatBytes(p.size)}; previews are shown up to 25 MB. Export the original to open it in another program.`}
        className="preview-none"
      />
    );
  }
  if (p.kind === 'none' || !bytes) {
    return (
      <NonIdealState
        icon="document"
        title="No preview for this type"
        description={`Sanctum does not open ${p.mediaType} files inside the app. Export the original to open it in another program.`}
        className="preview-none"
      />
    );
  }
  if (p.kind === 'image') return <ImagePreview bytes={bytes} p={p} ocr={focus.ocr} terms={terms} />;
  if (p.kind === 'audio') return <AudioPreview bytes={bytes} p={p} />;
  if (p.kind === 'text') return <TextPreview bytes={bytes} />;
  return (
    <Suspense fallback={<Spinner size={20} />}>
      <PdfPreview bytes={bytes} name={p.name} initialPage={focus.page ?? 1} terms={terms} {...(focus.onPage ? { onPage: focus.onPage } : {})} />
    </Suspense>
  );
}
