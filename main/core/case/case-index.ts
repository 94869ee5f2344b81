/**
 * Reverse indexes over the in-memory records, kept current incrementally from the repository's commit
 * stream: which records belong to a case, which links touch an entity, which claims rest on an evidence
 * item, and so on. One generic mechanism: each kind declares the keys it is found under.
 */
import { isKnownRecord, type CommittedChange, type Repository } from '../store/repository';
import type { StoredRecord } from '../store/sealed-store';

export type IndexName =
  | 'case' // caseId -> records of that case (any kind)
  | 'linkEnd' // entityId -> links touching it
  | 'claimAbout' // entity/link/event id -> claims about it
  | 'claimEvidence' // evidenceId -> claims citing it
  | 'eventParticipant' // entityId -> events it took part in
  | 'evidenceSource' // sourceId -> evidence from it
  | 'derivedFrom' // evidenceId -> its working copies
  | 'attachment' // evidenceId -> statements attaching it
  | 'witnessOf' // witnessId -> statements, sources and entities for that witness
  | 'partOf' // evidenceId -> its parts (an e-mail's attachments)
  | 'textOf'; // evidenceId -> its evidence_text record

type Keys = [IndexName, string][];

function keysOf(rec: StoredRecord): Keys {
  const keys: Keys = [];
  // Any kind with a case (drafts, layouts and views too) is found under it.
  const caseId = (rec.data as { caseId?: unknown } | null)?.caseId;
  if (typeof caseId === 'string') keys.push(['case', caseId]);
  if (!isKnownRecord(rec)) return keys;
  switch (rec.kind) {
    case 'entity':
      if (rec.data.witnessId) keys.push(['witnessOf', rec.data.witnessId]);
      break;
    case 'link':
      keys.push(['linkEnd', rec.data.source], ['linkEnd', rec.data.target]);
      break;
    case 'event':
      for (const p of rec.data.participants ?? []) keys.push(['eventParticipant', p.entityId]);
      break;
    case 'claim': {
      const a = rec.data.assertion;
      if (a.type === 'conduct') {
        keys.push(['claimAbout', a.entityId]);
        if (a.eventId) keys.push(['claimAbout', a.eventId]);
      } else if (a.type === 'link') keys.push(['claimAbout', a.linkId]);
      else {
        keys.push(['claimAbout', a.entityId], ['claimAbout', a.eventId]);
      }
      for (const ev of rec.data.evidence ?? []) keys.push(['claimEvidence', ev.evidenceId]);
      break;
    }
    case 'evidence': {
      const e = rec.data;
      if (e.sourceId) keys.push(['evidenceSource', e.sourceId]);
      if (e.derivedFrom) keys.push(['derivedFrom', e.derivedFrom.evidenceId]);
      if (e.partOf) keys.push(['partOf', e.partOf.evidenceId]);
      if (e.statement) {
        keys.push(['witnessOf', e.statement.witnessId]);
        for (const a of e.statement.attachments ?? []) keys.push(['attachment', a]);
      }
      break;
    }
    case 'evidence_text':
      keys.push(['textOf', rec.data.evidenceId]);
      break;
    case 'source':
      if (rec.data.witnessId) keys.push(['witnessOf', rec.data.witnessId]);
      break;
  }
  return keys;
}

export class CaseIndex {
  readonly #repo: Repository;
  readonly #maps = new Map<IndexName, Map<string, Set<string>>>();
  readonly #unsubscribe: () => void;

  constructor(repo: Repository) {
    this.#repo = repo;
    for (const rec of repo.all()) this.#add(rec);
    this.#unsubscribe = repo.onCommit((changes) => this.#apply(changes));
  }

  #add(rec: StoredRecord): void {
    for (const [name, key] of keysOf(rec)) {
      let m = this.#maps.get(name);
      if (!m) this.#maps.set(name, (m = new Map()));
      let s = m.get(key);
      if (!s) m.set(key, (s = new Set()));
      s.add(rec.id);
    }
  }

  #remove(rec: StoredRecord): void {
    for (const [name, key] of keysOf(rec)) {
      const s = this.#maps.get(name)?.get(key);
      s?.delete(rec.id);
      if (s && s.size === 0) this.#maps.get(name)!.delete(key);
    }
  }

  #apply(changes: CommittedChange[]): void {
    for (const c of changes) {
      if (c.before) this.#remove(c.before);
      if (c.after) this.#add(c.after);
    }
  }

  /** Ids found under `key` in index `name`. */
  ids(name: IndexName, key: string): ReadonlySet<string> {
    return this.#maps.get(name)?.get(key) ?? EMPTY;
  }

  /** Records of `kind` found under `key` in index `name`. */
  records<T>(name: IndexName, key: string, kind?: string): StoredRecord<T>[] {
    const out: StoredRecord<T>[] = [];
    for (const id of this.ids(name, key)) {
      const r = this.#repo.get<T>(id);
      if (r && (!kind || r.kind === kind)) out.push(r);
    }
    return out;
  }

  dispose(): void {
    this.#unsubscribe();
    this.#maps.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set();
