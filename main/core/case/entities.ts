import { EntityData, LinkData } from '../../../shared/model/records';
import { LINK_KIND_SPECS, type LinkKind } from '../../../shared/model/vocabulary';
import type { EntityPatch } from '../../../shared/ipc/channels/case';
import type { PatchOf } from '../../../shared/ipc/channels/common';
import { detectScript } from '../../../shared/model/script';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import type { Tx } from '../store/repository';
import { parseData, requireInCase, requireKind, type ServiceContext } from './context';
import { newRecordId } from '../store/sealed-store';

export type EntityRecord = StoredRecord<EntityData>;

/** Fill in the script of names that do not state it, so listings can show "original script" names. */
function withScripts(d: EntityData): EntityData {
  return { ...d, aliases: d.aliases.map((a) => (a.script ? a : { ...a, script: detectScript(a.value) })) };
}

export interface DeleteImpact {
  links: string[];
  claims: string[];
  events: string[];
}

export class EntityService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): EntityRecord {
    return requireKind<EntityData>(this.ctx.repo, id, 'entity');
  }

  list(caseId: string): EntityRecord[] {
    return this.ctx.index.records<EntityData>('case', caseId, 'entity');
  }

  validate(input: unknown): EntityData {
    const data = withScripts(parseData(EntityData, input, 'entity'));
    requireKind(this.ctx.repo, data.caseId, 'case');
    if (data.witnessId) requireInCase(this.ctx.repo, data.witnessId, 'witness', data.caseId);
    return data;
  }

  create(input: unknown): EntityRecord {
    const data = this.validate(input);
    const id = newRecordId();
    return this.ctx.repo.transact({ action: 'entity.created', target: { kind: 'entity', id }, details: { kind: data.kind } }, (tx) => tx.insert('entity', data, { id }), {
      undoable: true,
      label: 'create entity',
    });
  }

  /**
   * Add an entity together with a link from it to an entity already in the case (a bank account's new holder and
   * its "owns" link): one action in the activity log and one undo step, so an undo never leaves a holder without
   * its link or a link without its holder.
   */
  createLinked(input: unknown, link: { kind: LinkKind; target: string }): { entity: EntityRecord; link: StoredRecord<LinkData> } {
    const data = this.validate(input);
    const id = newRecordId();
    const linkData = parseData(LinkData, { caseId: data.caseId, kind: link.kind, source: id, target: link.target }, 'link');
    requireInCase(this.ctx.repo, linkData.target, 'entity', data.caseId, 'target entity');
    return this.ctx.repo.transact(
      { action: 'entity.created', target: { kind: 'entity', id }, details: { kind: data.kind, link: link.kind, toId: linkData.target } },
      (tx) => ({ entity: tx.insert('entity', data, { id }), link: tx.insert('link', linkData) }),
      { undoable: true, label: `create entity and ${LINK_KIND_SPECS[link.kind].label.toLowerCase()} link` },
    );
  }

  /** Insert inside a caller's transaction (imports). */
  insertIn(tx: Tx, data: EntityData): EntityRecord {
    return tx.insert('entity', data);
  }

  update(id: string, patch: PatchOf<typeof EntityPatch>): EntityRecord {
    const prev = this.get(id);
    const data = this.validate({ ...prev.data, ...(patch as object), caseId: prev.data.caseId });
    return this.ctx.repo.transact({ action: 'entity.updated', target: { kind: 'entity', id } }, (tx) => tx.update(prev, data), {
      undoable: true,
      label: 'edit entity',
    });
  }

  /** What deleting this entity would take with it: its links, the claims about it or its links, event roles. */
  deleteImpact(id: string): DeleteImpact {
    this.get(id);
    const links = [...this.ctx.index.ids('linkEnd', id)];
    const claims = new Set<string>(this.ctx.index.ids('claimAbout', id));
    for (const l of links) for (const c of this.ctx.index.ids('claimAbout', l)) claims.add(c);
    return { links, claims: [...claims], events: [...this.ctx.index.ids('eventParticipant', id)] };
  }

  /**
   * Delete with everything that depends on it. `confirm` must be true when anything else would go too:
   * nothing destructive without confirmation.
   */
  delete(id: string, opts: { confirm?: boolean } = {}): DeleteImpact {
    const impact = this.deleteImpact(id);
    if (!opts.confirm && (impact.links.length || impact.claims.length || impact.events.length)) {
      throw new SanctumError(
        'CONFLICT',
        `deleting this entity also removes ${impact.links.length} link(s) and ${impact.claims.length} claim(s) and its role in ${impact.events.length} event(s); confirm to proceed`,
        id,
      );
    }
    this.ctx.repo.transact(
      { action: 'entity.deleted', target: { kind: 'entity', id }, details: { links: impact.links.length, claims: impact.claims.length } },
      (tx) => {
        for (const c of impact.claims) tx.delete(c);
        for (const l of impact.links) tx.delete(l);
        for (const evId of impact.events) {
          const ev = tx.get<{ participants: { entityId: string }[] }>(evId)!;
          tx.update(ev, { ...ev.data, participants: ev.data.participants.filter((p) => p.entityId !== id) });
        }
        tx.delete(id);
      },
      { undoable: true, label: 'delete entity' },
    );
    return impact;
  }

  /** Links touching an entity, with the entity at the other end. */
  neighbours(id: string): { link: StoredRecord<LinkData>; other: EntityRecord; outgoing: boolean }[] {
    const out = [];
    for (const link of this.ctx.index.records<LinkData>('linkEnd', id, 'link')) {
      const outgoing = link.data.source === id;
      const other = this.ctx.repo.get<EntityData>(outgoing ? link.data.target : link.data.source);
      if (other) out.push({ link, other, outgoing });
    }
    return out;
  }
}
