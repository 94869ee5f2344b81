/** Drafts of listing proposals (sealed records) and their export, logged like every export. */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { Id } from '../../../shared/model/records';
import { SanctumError } from '../errors';
import { sha256Hex } from '../crypto/hash';
import { writeFileAtomic } from '../util/atomic-file';
import { parseData, requireInCase } from '../case/context';
import type { StoredRecord } from '../store/sealed-store';
import { buildProposal, type ListingProposal, type ProposalSources } from './proposal';
import { proposalToDocx, proposalToHtml } from './render';
import { OutputProtection, type ReviewDecision } from '../protection';

export const ListingDraftData = z.object({
  caseId: Id,
  entityId: Id,
  regimeId: z.string(),
  introduction: z.string().max(50_000).default(''),
  excludeClaims: z.array(Id).default([]),
  designatingStateMayBeNamed: z.boolean().default(false),
  interpolSpecialNotice: z.boolean().default(false),
  pointOfContact: z.string().max(1000).default(''),
});
export type ListingDraftData = z.infer<typeof ListingDraftData>;

export type ProposalFormat = 'html' | 'docx';
/** PDF is printed by the shell (Chromium's print pipeline) from the preview on screen; the core only files it. */
export type ExportFormat = ProposalFormat | 'pdf';

/** Draft fields an editor may try out before saving (the live preview). */
export type DraftOverride = Partial<Pick<ListingDraftData, 'introduction' | 'excludeClaims' | 'designatingStateMayBeNamed' | 'interpolSpecialNotice' | 'pointOfContact'>>;

export class ListingService {
  constructor(private readonly ws: ProposalSources) {}

  draft(entityId: string, regimeId: string): StoredRecord<ListingDraftData> | undefined {
    for (const r of this.ws.ctx.repo.ofKind('listing_draft')) if (r.data.entityId === entityId && r.data.regimeId === regimeId) return r;
    return undefined;
  }

  saveDraft(input: unknown): StoredRecord<ListingDraftData> {
    const data = parseData(ListingDraftData, input, 'listing draft');
    requireInCase(this.ws.ctx.repo, data.entityId, 'entity', data.caseId);
    const prev = this.draft(data.entityId, data.regimeId);
    return this.ws.ctx.repo.transact({ action: 'listing.draft_saved', target: { kind: 'entity', id: data.entityId }, details: { regime: data.regimeId } }, (tx) => (prev ? tx.update(prev, data) : tx.insert('listing_draft', data)), {
      undoable: true,
      label: 'edit listing proposal',
    });
  }

  /** The proposal from the saved draft, with unsaved edits laid over it when an editor previews them. */
  build(entityId: string, regimeId: string, override: DraftOverride = {}): ListingProposal {
    return buildProposal(this.ws, entityId, regimeId, { ...(this.draft(entityId, regimeId)?.data ?? {}), ...override });
  }

  render(p: ListingProposal, format: ProposalFormat): Promise<Buffer> {
    return format === 'html' ? Promise.resolve(Buffer.from(proposalToHtml(p), 'utf8')) : proposalToDocx(p);
  }

  /** Write the proposal to a file (never overwriting) and log the export with the file's hash. */
  async export(entityId: string, regimeId: string, format: ProposalFormat, path: string, review: readonly ReviewDecision[] = []): Promise<{ path: string; sha256: string; bytes: number }> {
    if (existsSync(path)) throw new SanctumError('CONFLICT', `${path} already exists; choose another name`, path);
    return this.file(entityId, regimeId, format, await this.render(this.reviewed(entityId, regimeId, review), format), path);
  }

  /** The proposal as it may leave: built through the export's protection, refused while a hit is undecided. */
  private reviewed(entityId: string, regimeId: string, review: readonly ReviewDecision[]): ListingProposal {
    const protection = OutputProtection.forCase(this.ws, this.ws.entities.get(entityId).data.caseId, { decisions: review });
    const p = buildProposal(this.ws, entityId, regimeId, this.draft(entityId, regimeId)?.data ?? {}, new Date(), { protection });
    protection.assertReviewed('listing proposal');
    return p;
  }

  /**
   * File a PDF the shell printed from the preview. The proposal is built first, so a victim without an override
   * (or an unknown regime) is refused here exactly as for the other formats.
   */
  exportPrinted(entityId: string, regimeId: string, pdf: Uint8Array, path: string, review: readonly ReviewDecision[] = []): { path: string; sha256: string; bytes: number } {
    if (existsSync(path)) throw new SanctumError('CONFLICT', `${path} already exists; choose another name`, path);
    this.reviewed(entityId, regimeId, review);
    if (Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new SanctumError('INVALID_INPUT', 'the printed proposal is not a PDF', 'pdf');
    return this.file(entityId, regimeId, 'pdf', Buffer.from(pdf), path);
  }

  private file(entityId: string, regimeId: string, format: ExportFormat, bytes: Buffer, path: string): { path: string; sha256: string; bytes: number } {
    writeFileAtomic(path, bytes);
    const sha256 = sha256Hex(bytes);
    this.ws.ctx.vault.record({ action: 'export.listing_proposal', target: { kind: 'entity', id: entityId }, details: { regime: regimeId, format, sha256 } });
    return { path, sha256, bytes: bytes.length };
  }
}

/** A saved listing draft (typed `ofKind`, see OwnRecordKinds in store/repository.ts). */
declare module '../store/repository' {
  interface OwnRecordKinds {
    listing_draft: ListingDraftData;
  }
}
