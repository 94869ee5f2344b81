/**
 * An in-memory `Facts` (main/core/criteria/facts.ts) for the criteria evaluator's tests: plain records checked
 * by the model's own schemas (so defaults and refusals are the vault's), looked up the way the case index
 * answers `claimAbout` and `linkEnd`. No vault, no Argon2id, no SQLite: the evaluator is a pure function of its
 * facts. test/unit/criteria/panel-rules.test.ts and scenario-libya-2018.test.ts still run through a real vault
 * and `contextFacts`, so the adapter itself stays covered.
 */
import { randomBytes } from 'node:crypto';
import type { Facts } from '../../main/core/criteria/facts';
import type { StoredRecord } from '../../main/core/store/sealed-store';
import { RECORD_SCHEMAS, type CaseRecordKind, type RecordData } from '../../shared/model/records';

type Kind = 'case' | 'entity' | 'event' | 'link' | 'source' | 'evidence' | 'claim';

/** Every lookup is an own property (the evaluator's `memoised` copies a Facts object by spreading it). */
export class MemoryFacts implements Facts {
  readonly #records = new Map<string, StoredRecord>();

  /** Insert a record of `kind` after the model's schema has checked it (and filled its defaults). */
  add<K extends Kind>(kind: K, input: unknown): StoredRecord<RecordData<K>> {
    const data = RECORD_SCHEMAS[kind as CaseRecordKind].parse(input) as RecordData<K>;
    const now = new Date().toISOString();
    const rec: StoredRecord<RecordData<K>> = { id: randomBytes(16).toString('hex'), kind, v: 1, createdAt: now, updatedAt: now, data };
    this.#records.set(rec.id, rec);
    return rec;
  }

  /** Replace fields of a record (checked again by its schema), as the services' `update` does. */
  update(id: string, patch: Record<string, unknown>): void {
    const prev = this.#records.get(id);
    if (!prev) throw new Error(`no record ${id}`);
    const data = RECORD_SCHEMAS[prev.kind as CaseRecordKind].parse({ ...(prev.data as object), ...patch });
    this.#records.set(id, { ...prev, data, updatedAt: new Date().toISOString() });
  }

  #of<T>(id: string, kind: Kind): StoredRecord<T> | undefined {
    const r = this.#records.get(id);
    return r && r.kind === kind ? (r as StoredRecord<T>) : undefined;
  }

  #all<T>(kind: Kind): StoredRecord<T>[] {
    return [...this.#records.values()].filter((r) => r.kind === kind) as StoredRecord<T>[];
  }

  entity = (id: string) => this.#of<RecordData<'entity'>>(id, 'entity');
  event = (id: string) => this.#of<RecordData<'event'>>(id, 'event');
  link = (id: string) => this.#of<RecordData<'link'>>(id, 'link');
  evidence = (id: string) => this.#of<RecordData<'evidence'>>(id, 'evidence');
  source = (id: string) => this.#of<RecordData<'source'>>(id, 'source');

  /** As the case index's `claimAbout`: conduct → entity (and its event), link → link, participation → both. */
  claimsAbout = (id: string): StoredRecord<RecordData<'claim'>>[] =>
    this.#all<RecordData<'claim'>>('claim').filter(({ data: { assertion: a } }) => {
      if (a.type === 'conduct') return a.entityId === id || a.eventId === id;
      if (a.type === 'link') return a.linkId === id;
      return a.entityId === id || a.eventId === id;
    });

  /** As the case index's `linkEnd`. */
  linksOf = (entityId: string): StoredRecord<RecordData<'link'>>[] => this.#all<RecordData<'link'>>('link').filter((l) => l.data.source === entityId || l.data.target === entityId);

  caseCountries = (caseId: string): string[] => this.#of<RecordData<'case'>>(caseId, 'case')?.data.countries ?? [];

  events = (caseId: string): StoredRecord<RecordData<'event'>>[] => this.#all<RecordData<'event'>>('event').filter((e) => e.data.caseId === caseId);
}
