import { SourceData } from '../../../shared/model/records';
import type { SourcePatch } from '../../../shared/ipc/channels/case';
import type { PatchOf } from '../../../shared/ipc/channels/common';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import { parseData, requireInCase, requireKind, type ServiceContext } from './context';
import { newRecordId } from '../store/sealed-store';

export type SourceRecord = StoredRecord<SourceData>;

export class SourceService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): SourceRecord {
    return requireKind<SourceData>(this.ctx.repo, id, 'source');
  }

  list(caseId: string): SourceRecord[] {
    return this.ctx.index.records<SourceData>('case', caseId, 'source');
  }

  validate(input: unknown): SourceData {
    const data = parseData(SourceData, input, 'source');
    requireKind(this.ctx.repo, data.caseId, 'case');
    if (data.witnessId) requireInCase(this.ctx.repo, data.witnessId, 'witness', data.caseId);
    return data;
  }

  create(input: unknown): SourceRecord {
    const data = this.validate(input);
    const id = newRecordId();
    return this.ctx.repo.transact({ action: 'source.created', target: { kind: 'source', id } }, (tx) => tx.insert('source', data, { id }), { undoable: true, label: 'create source' });
  }

  update(id: string, patch: PatchOf<typeof SourcePatch>): SourceRecord {
    const prev = this.get(id);
    const next: Record<string, unknown> = { ...prev.data, ...(patch as object), caseId: prev.data.caseId };
    // Setting a grade is grading the source: the "not yet graded" flag goes unless the patch keeps it.
    if (patch && typeof patch === 'object' && 'reliability' in patch && !('ungraded' in patch)) delete next.ungraded;
    const data = this.validate(next);
    return this.ctx.repo.transact({ action: 'source.updated', target: { kind: 'source', id } }, (tx) => tx.update(prev, data), {
      undoable: true,
      label: 'edit source',
    });
  }

  delete(id: string): void {
    this.get(id);
    const items = this.ctx.index.ids('evidenceSource', id);
    if (items.size) throw new SanctumError('CONFLICT', `${items.size} evidence item(s) come from this source; reassign them first`, id);
    this.ctx.repo.transact({ action: 'source.deleted', target: { kind: 'source', id } }, (tx) => tx.delete(id), { undoable: true, label: 'delete source' });
  }
}
