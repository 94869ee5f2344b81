/**
 * What the evaluator reads, as a narrow interface over the case: it never touches storage, so it is pure and
 * testable, and `contextFacts` adapts the in-memory records and their indexes (each lookup O(1)).
 */
import type { ClaimData, EntityData, EventData, EvidenceData, LinkData, SourceData } from '../../../shared/model/records';
import type { StoredRecord } from '../store/sealed-store';
import type { ServiceContext } from '../case/context';

export interface Facts {
  entity(id: string): StoredRecord<EntityData> | undefined;
  event(id: string): StoredRecord<EventData> | undefined;
  link(id: string): StoredRecord<LinkData> | undefined;
  evidence(id: string): StoredRecord<EvidenceData> | undefined;
  source(id: string): StoredRecord<SourceData> | undefined;
  /** Claims about an entity, link or event. */
  claimsAbout(id: string): StoredRecord<ClaimData>[];
  /** Links touching an entity. */
  linksOf(entityId: string): StoredRecord<LinkData>[];
  /** Countries recorded on the case (a weak hint for choosing regimes, never a nexus by itself). */
  caseCountries(caseId: string): string[];
  /** Every event of a case (the trafficking test joins events per victim). */
  events?(caseId: string): StoredRecord<EventData>[];
}

/** The facts of a vault's case records: the repository and its indexes, nothing else. */
export function contextFacts(ctx: Pick<ServiceContext, 'repo' | 'index'>): Facts {
  const repo = ctx.repo;
  const idx = ctx.index;
  const kind = <T>(id: string, k: string) => {
    const r = repo.get<T>(id);
    return r && r.kind === k ? r : undefined;
  };
  return {
    entity: (id) => kind<EntityData>(id, 'entity'),
    event: (id) => kind<EventData>(id, 'event'),
    link: (id) => kind<LinkData>(id, 'link'),
    evidence: (id) => kind<EvidenceData>(id, 'evidence'),
    source: (id) => kind<SourceData>(id, 'source'),
    claimsAbout: (id) => idx.records<ClaimData>('claimAbout', id, 'claim'),
    linksOf: (id) => idx.records<LinkData>('linkEnd', id, 'link'),
    caseCountries: (caseId) => kind<{ countries: string[] }>(caseId, 'case')?.data.countries ?? [],
    events: (caseId) => idx.records<EventData>('case', caseId, 'event'),
  };
}
