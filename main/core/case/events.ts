import { EventData } from '../../../shared/model/records';
import type { EventPatch } from '../../../shared/ipc/channels/case';
import type { PatchOf } from '../../../shared/ipc/channels/common';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import { parseData, requireInCase, requireKind, type ServiceContext } from './context';
import { newRecordId } from '../store/sealed-store';

export type EventRecord = StoredRecord<EventData>;

export class EventService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): EventRecord {
    return requireKind<EventData>(this.ctx.repo, id, 'event');
  }

  list(caseId: string): EventRecord[] {
    return this.ctx.index.records<EventData>('case', caseId, 'event');
  }

  forEntity(entityId: string): EventRecord[] {
    return this.ctx.index.records<EventData>('eventParticipant', entityId, 'event');
  }

  validate(input: unknown): EventData {
    const data = parseData(EventData, input, 'event');
    requireKind(this.ctx.repo, data.caseId, 'case');
    for (const p of data.participants) requireInCase(this.ctx.repo, p.entityId, 'entity', data.caseId, 'participant');
    if (data.place.locationId) requireInCase(this.ctx.repo, data.place.locationId, 'entity', data.caseId, 'location');
    return data;
  }

  create(input: unknown): EventRecord {
    const data = this.validate(input);
    const id = newRecordId();
    return this.ctx.repo.transact({ action: 'event.created', target: { kind: 'event', id } }, (tx) => tx.insert('event', data, { id }), { undoable: true, label: 'create event' });
  }

  update(id: string, patch: PatchOf<typeof EventPatch>): EventRecord {
    const prev = this.get(id);
    const data = this.validate({ ...prev.data, ...(patch as object), caseId: prev.data.caseId });
    return this.ctx.repo.transact({ action: 'event.updated', target: { kind: 'event', id } }, (tx) => tx.update(prev, data), {
      undoable: true,
      label: 'edit event',
    });
  }

  delete(id: string, opts: { confirm?: boolean } = {}): { claims: string[] } {
    this.get(id);
    const claims = [...this.ctx.index.ids('claimAbout', id)];
    if (claims.length && !opts.confirm) {
      throw new SanctumError('CONFLICT', `${claims.length} claim(s) refer to this event and would be deleted with it; confirm to proceed`, id);
    }
    this.ctx.repo.transact(
      { action: 'event.deleted', target: { kind: 'event', id } },
      (tx) => {
        for (const c of claims) tx.delete(c);
        tx.delete(id);
      },
      { undoable: true, label: 'delete event' },
    );
    return { claims };
  }
}
