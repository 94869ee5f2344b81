import { ClaimData, type EvidenceData } from '../../../shared/model/records';
import type { ClaimPatch } from '../../../shared/ipc/channels/case';
import type { PatchOf } from '../../../shared/ipc/channels/common';
import type { StoredRecord } from '../store/sealed-store';
import { parseData, requireInCase, requireKind, type ServiceContext } from './context';
import { newRecordId } from '../store/sealed-store';

export type ClaimRecord = StoredRecord<ClaimData>;

export class ClaimService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): ClaimRecord {
    return requireKind<ClaimData>(this.ctx.repo, id, 'claim');
  }

  list(caseId: string): ClaimRecord[] {
    return this.ctx.index.records<ClaimData>('case', caseId, 'claim');
  }

  /** Claims about an entity, link or event. */
  about(id: string): ClaimRecord[] {
    return this.ctx.index.records<ClaimData>('claimAbout', id, 'claim');
  }

  /** Claims citing an evidence item. */
  citing(evidenceId: string): ClaimRecord[] {
    return this.ctx.index.records<ClaimData>('claimEvidence', evidenceId, 'claim');
  }

  validate(input: unknown): ClaimData {
    const data = parseData(ClaimData, input, 'claim');
    const { repo } = this.ctx;
    requireKind(repo, data.caseId, 'case');
    const a = data.assertion;
    if (a.type === 'conduct') {
      requireInCase(repo, a.entityId, 'entity', data.caseId);
      if (a.eventId) requireInCase(repo, a.eventId, 'event', data.caseId);
    } else if (a.type === 'link') requireInCase(repo, a.linkId, 'link', data.caseId);
    else {
      requireInCase(repo, a.entityId, 'entity', data.caseId);
      requireInCase(repo, a.eventId, 'event', data.caseId);
    }
    for (const e of data.evidence) requireInCase<EvidenceData>(repo, e.evidenceId, 'evidence', data.caseId, 'evidence item');
    return data;
  }

  create(input: unknown): ClaimRecord {
    const data = this.validate(input);
    const id = newRecordId();
    return this.ctx.repo.transact({ action: 'claim.created', target: { kind: 'claim', id }, details: { type: data.assertion.type } }, (tx) => tx.insert('claim', data, { id }), {
      undoable: true,
      label: 'create claim',
    });
  }

  update(id: string, patch: PatchOf<typeof ClaimPatch>): ClaimRecord {
    const prev = this.get(id);
    const data = this.validate({ ...prev.data, ...(patch as object), caseId: prev.data.caseId });
    return this.ctx.repo.transact({ action: 'claim.updated', target: { kind: 'claim', id } }, (tx) => tx.update(prev, data), {
      undoable: true,
      label: 'edit claim',
    });
  }

  delete(id: string): void {
    this.get(id);
    this.ctx.repo.transact({ action: 'claim.deleted', target: { kind: 'claim', id } }, (tx) => tx.delete(id), { undoable: true, label: 'delete claim' });
  }
}
