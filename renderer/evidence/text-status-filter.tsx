/**
 * The evidence library's filter by extracted-text status (issue 14): every status of the `evidence_text` record,
 * "not read yet", and "OCR confidence under OCR_LOW_CONFIDENCE" (the row's lowest OCR page confidence). A native
 * select, so it works from the keyboard; each choice shows how many items it keeps.
 */
import { HTMLSelect } from '@blueprintjs/core';
import { useMemo } from 'react';
import type { EvidenceRow } from '../../shared/ipc/schemas/case';
import { OCR_LOW_CONFIDENCE, type TextStatus } from '../../shared/ipc/schemas/documents';
import { TEXT_STATUS_LABELS } from './evidence-text';

export type TextFilter = '' | TextStatus | 'low-ocr';

const TEXT_FILTERS: readonly Exclude<TextFilter, ''>[] = ['pending', 'extracted', 'partial', 'no-text', 'unsupported', 'failed', 'low-ocr'];

export function textFilterMatches(row: EvidenceRow, f: TextFilter): boolean {
  if (!f) return true;
  if (f === 'low-ocr') return row.ocrConfidence !== null && row.ocrConfidence < OCR_LOW_CONFIDENCE;
  return row.textStatus === f;
}

function textFilterLabel(f: Exclude<TextFilter, ''>): string {
  return f === 'low-ocr' ? `OCR confidence under ${OCR_LOW_CONFIDENCE}%` : TEXT_STATUS_LABELS[f].label;
}

/** `rows`: the whole library; the counts do not depend on the other filters. */
export function TextStatusSelect({ value, onChange, rows }: { value: TextFilter; onChange: (f: TextFilter) => void; rows: readonly EvidenceRow[] }) {
  const counts = useMemo(() => new Map(TEXT_FILTERS.map((f) => [f, rows.filter((r) => textFilterMatches(r, f)).length] as const)), [rows]);
  return (
    <HTMLSelect value={value} onChange={(e) => onChange(e.currentTarget.value as TextFilter)} aria-label="Extracted text" data-testid="text-status-filter">
      <option value="">Any text status</option>
      {TEXT_FILTERS.map((f) => (
        <option key={f} value={f}>
          {textFilterLabel(f)} ({(counts.get(f) ?? 0).toLocaleString('en-GB')})
        </option>
      ))}
    </HTMLSelect>
  );
}
