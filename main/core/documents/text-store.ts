/** Reading the `evidence_text` record of an item (one per item, replaced when extraction runs again). */
import type { EvidenceTextData } from '../../../shared/model/records';
import type { TextStatus } from '../../../shared/ipc/schemas/documents';
import type { ServiceContext } from '../case/context';
import type { StoredRecord } from '../store/sealed-store';

export function textRecordOf(ctx: Pick<ServiceContext, 'index' | 'repo'>, evidenceId: string): StoredRecord<EvidenceTextData> | undefined {
  for (const id of ctx.index.ids('textOf', evidenceId)) {
    const rec = ctx.repo.get<EvidenceTextData>(id);
    if (rec?.kind === 'evidence_text') return rec;
  }
  return undefined;
}

/** The item's text status; 'pending' until extraction has run. */
export function textStatusOf(ctx: Pick<ServiceContext, 'index' | 'repo'>, evidenceId: string): TextStatus {
  return textRecordOf(ctx, evidenceId)?.data.status ?? 'pending';
}

/** The lowest mean word confidence of the item's OCR'd pages, or null when none was OCR'd. */
export function ocrConfidenceOf(ctx: Pick<ServiceContext, 'index' | 'repo'>, evidenceId: string): number | null {
  let low: number | null = null;
  for (const p of textRecordOf(ctx, evidenceId)?.data.pages ?? []) {
    if (p.method === 'ocr' && p.confidence !== undefined) low = low === null ? p.confidence : Math.min(low, p.confidence);
  }
  return low;
}
