import { LinkData } from '../../../shared/model/records';
import type { LinkPatch } from '../../../shared/ipc/channels/case';
import type { PatchOf } from '../../../shared/ipc/channels/common';
import { LINK_KIND_SPECS } from '../../../shared/model/vocabulary';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import { parseData, requireInCase, requireKind, type ServiceContext } from './context';
import { newRecordId } from '../store/sealed-store';

export type LinkRecord = StoredRecord<LinkData>;

export class LinkService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): LinkRecord {
    return requireKind<LinkData>(this.ctx.repo, id, 'link');
  }

  list(caseId: string): LinkRecord[] {
    return this.ctx.index.records<LinkData>('case', caseId, 'link');
  }

  validate(input: unknown): LinkData {
    const data = parseData(LinkData, input, 'link');
    requireKind(this.ctx.repo, data.caseId, 'case');
    requireInCase(this.ctx.repo, data.source, 'entity', data.caseId, 'source entity');
    requireInCase(this.ctx.repo, data.target, 'entity', data.caseId, 'target entity');
    if (data.money && !LINK_KIND_SPECS[data.kind].money) {
      throw new SanctumError('INVALID_INPUT', `a "${LINK_KIND_SPECS[data.kind].label}" link does not carry an amount`, 'money');
    }
    return data;
  }

  create(input: unknown): LinkRecord {
    const data = this.validate(input);
    const id = newRecordId();
    return this.ctx.repo.transact({ action: 'link.created', target: { kind: 'link', id }, details: { kind: data.kind } }, (tx) => tx.insert('link', data, { id }), {
      undoable: true,
      label: 'create link',
    });
  }

  update(id: string, patch: PatchOf<typeof LinkPatch>): LinkRecord {
    const prev = this.get(id);
    const data = this.validate({ ...prev.data, ...(patch as object), caseId: prev.data.caseId });
    return this.ctx.repo.transact({ action: 'link.updated', target: { kind: 'link', id } }, (tx) => tx.update(prev, data), {
      undoable: true,
      label: 'edit link',
    });
  }

  delete(id: string, opts: { confirm?: boolean } = {}): { claims: string[] } {
    this.get(id);
    const claims = [...this.ctx.index.ids('claimAbout', id)];
    if (claims.length && !opts.confirm) {
      throw new SanctumError('CONFLICT', `${claims.length} claim(s) assert this link and would be deleted with it; confirm to proceed`, id);
    }
    this.ctx.repo.transact(
      { action: 'link.deleted', target: { kind: 'link', id } },
      (tx) => {
        for (const c of claims) tx.delete(c);
        tx.delete(id);
      },
      { undoable: true, label: 'delete link' },
    );
    return { claims };
  }
}
