import { CaseData } from '../../../shared/model/records';
import type { CasePatch } from '../../../shared/ipc/channels/case';
import type { PatchOf } from '../../../shared/ipc/channels/common';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import { parseData, requireKind, type ServiceContext } from './context';
import { newRecordId } from '../store/sealed-store';

export type CaseRecord = StoredRecord<CaseData>;

export class CaseService {
  constructor(private readonly ctx: ServiceContext) {}

  list(): CaseRecord[] {
    return [...this.ctx.repo.ofKind('case')].sort((a, b) => a.data.name.localeCompare(b.data.name));
  }

  get(id: string): CaseRecord {
    return requireKind<CaseData>(this.ctx.repo, id, 'case');
  }

  /** Find by id or by exact (case-insensitive) name, as the CLI's --case accepts either. */
  resolve(idOrName: string): CaseRecord {
    const byId = this.ctx.repo.get<CaseData>(idOrName);
    if (byId?.kind === 'case') return byId;
    const wanted = idOrName.trim().toLowerCase();
    const hits = this.list().filter((c) => c.data.name.toLowerCase() === wanted);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) throw new SanctumError('CONFLICT', `${hits.length} cases are named "${idOrName}"; use the case id`);
    throw new SanctumError('NOT_FOUND', `no case named "${idOrName}"`, idOrName);
  }

  create(input: unknown): CaseRecord {
    const data = parseData(CaseData, input, 'case');
    if (this.list().some((c) => c.data.name.toLowerCase() === data.name.toLowerCase())) {
      throw new SanctumError('CONFLICT', `a case named "${data.name}" already exists`, 'name');
    }
    const id = newRecordId();
    return this.ctx.repo.transact({ action: 'case.created', target: { kind: 'case', id } }, (tx) => tx.insert('case', data, { id }), { undoable: true, label: 'create case' });
  }

  update(id: string, patch: PatchOf<typeof CasePatch>): CaseRecord {
    const prev = this.get(id);
    const data = parseData(CaseData, { ...prev.data, ...(patch as object) }, 'case');
    return this.ctx.repo.transact({ action: 'case.updated', target: { kind: 'case', id } }, (tx) => tx.update(prev, data), {
      undoable: true,
      label: 'edit case',
    });
  }

  /** The default case used when a command names none: the only case, or one created as "Default". */
  defaultCase(): CaseRecord {
    const all = this.list();
    if (all.length === 1) return all[0]!;
    const named = all.find((c) => c.data.name === 'Default');
    if (named) return named;
    if (all.length === 0) return this.create({ name: 'Default', description: 'Created automatically for records imported without a case.' });
    throw new SanctumError('INVALID_INPUT', `this vault has ${all.length} cases; say which one with --case`);
  }

  counts(caseId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const id of this.ctx.index.ids('case', caseId)) {
      const r = this.ctx.repo.get(id);
      if (r) out[r.kind] = (out[r.kind] ?? 0) + 1;
    }
    return out;
  }
}
