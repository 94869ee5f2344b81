/**
 * The criteria engine over a vault's case records: assessments use the vault's own knowledge — who is listed (designations,
 * from confirmed screening matches or entered by hand), which groups entities belong to, the analyst's victim
 * overrides, and the per-authority standards the user configured.
 */
import { CriteriaOverrideData, DesignationData } from '../../../shared/model/records';
import { dateBounds } from '../../../shared/model/partial-date';
import { AUTHORITIES, STANDARDS, StandardPatch, regimeById, type Authority, type EvidentiaryStandard } from '../../../shared/catalog';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import { parseData, requireInCase, requireKind, type ServiceContext } from '../case/context';
import { assessEntity, suggestRegimes, type EntityAssessment, type EvaluateOptions, type ListedStatus } from './evaluate';
import { contextFacts, type Facts } from './facts';
import { traffickingTest, type TraffickingTest } from './trafficking-test';

const STANDARDS_KIND = 'criteria_standards';
type StandardsOverride = Partial<Record<Authority, Partial<Omit<EvidentiaryStandard, 'authority'>>>>;

/** Listed under which regimes (and references), from an entity's designations; null when under none. */
function listedStatus(ds: readonly DesignationData[]): ListedStatus | null {
  const regimeIds = [...new Set(ds.flatMap((d) => d.regimeIds))];
  if (!regimeIds.length) return null;
  // The earliest recorded listing date: acting for the party counts from then (issue 11 rule 2).
  const dated = ds.filter((d) => d.regimeIds.length && d.listedOn).map((d) => d.listedOn!);
  const listedOn = dated.sort((a, b) => (dateBounds(a)?.earliest ?? '').localeCompare(dateBounds(b)?.earliest ?? ''))[0] ?? null;
  return { regimeIds, references: [...new Set(ds.flatMap((d) => d.references))], listedOn };
}

function affiliatedGroups(ds: readonly DesignationData[]): string[] {
  return [...new Set(ds.flatMap((d) => d.groups))];
}

export class CriteriaService {
  readonly #ctx: ServiceContext;
  readonly #facts: Facts;

  /** Reads and records through the case context; assessments read `facts` (by default the context's records). */
  constructor(ctx: ServiceContext, facts: Facts = contextFacts(ctx)) {
    this.#ctx = ctx;
    this.#facts = facts;
  }

  // --- designations (sanctions status) -------------------------------------------------------------------

  designations(entityId: string): StoredRecord<DesignationData>[] {
    return [...this.#ctx.repo.ofKind('designation')].filter((d) => d.data.entityId === entityId);
  }

  addDesignation(input: unknown): StoredRecord<DesignationData> {
    const data = parseData(DesignationData, input, 'designation');
    requireInCase(this.#ctx.repo, data.entityId, 'entity', data.caseId);
    for (const r of data.regimeIds) if (!regimeById(r)) throw new SanctumError('INVALID_INPUT', `unknown regime "${r}"`, 'regimeIds');
    if (!data.regimeIds.length && !data.groups.length) throw new SanctumError('INVALID_INPUT', 'a designation names a regime or a group', 'regimeIds');
    return this.#ctx.repo.transact({ action: 'designation.recorded', target: { kind: 'entity', id: data.entityId }, details: { regimes: data.regimeIds, source: data.source } }, (tx) => tx.insert('designation', data), {
      undoable: true,
      label: 'record designation',
    });
  }

  removeDesignation(id: string): void {
    const rec = requireKind<DesignationData>(this.#ctx.repo, id, 'designation');
    this.#ctx.repo.transact({ action: 'designation.removed', target: { kind: 'entity', id: rec.data.entityId } }, (tx) => tx.delete(id), { undoable: true, label: 'remove designation' });
  }

  listed(entityId: string): ListedStatus | null {
    return listedStatus(this.designations(entityId).map((d) => d.data));
  }

  affiliations(entityId: string): string[] {
    return affiliatedGroups(this.designations(entityId).map((d) => d.data));
  }

  // --- victim overrides ----------------------------------------------------------------------------------

  override(entityId: string): StoredRecord<CriteriaOverrideData> | undefined {
    return [...this.#ctx.repo.ofKind('criteria_override')].find((o) => o.data.entityId === entityId);
  }

  /** Lift the victim exclusion for one entity, with the analyst's reason (logged). */
  setOverride(input: unknown): StoredRecord<CriteriaOverrideData> {
    const data = parseData(CriteriaOverrideData, input, 'override');
    requireInCase(this.#ctx.repo, data.entityId, 'entity', data.caseId);
    const prev = this.override(data.entityId);
    return this.#ctx.repo.transact({ action: 'criteria.victim_override_set', target: { kind: 'entity', id: data.entityId } }, (tx) => (prev ? tx.update(prev, data) : tx.insert('criteria_override', data)), {
      undoable: true,
      label: 'override victim exclusion',
    });
  }

  clearOverride(entityId: string): void {
    const prev = this.override(entityId);
    if (!prev) return;
    this.#ctx.repo.transact({ action: 'criteria.victim_override_cleared', target: { kind: 'entity', id: entityId } }, (tx) => tx.delete(prev.id), { undoable: true, label: 'clear override' });
  }

  // --- standards -----------------------------------------------------------------------------------------

  #standardsRecord() {
    return this.#ctx.repo.ofKind(STANDARDS_KIND).next().value;
  }

  standards(): Record<Authority, EvidentiaryStandard> {
    const o: StandardsOverride = this.#standardsRecord()?.data ?? {};
    return Object.fromEntries(AUTHORITIES.map((a) => [a, { ...STANDARDS[a], ...(o[a] ?? {}) }])) as Record<Authority, EvidentiaryStandard>;
  }

  /** Change the corroboration defaults for one authority (the legal threshold text stays as cited). */
  setStandard(authority: Authority, patch: unknown): EvidentiaryStandard {
    const p = parseData(StandardPatch, patch, 'standard');
    const prev = this.#standardsRecord();
    const before: StandardsOverride = prev?.data ?? {};
    const next: StandardsOverride = { ...before, [authority]: { ...(before[authority] ?? {}), ...p } };
    this.#ctx.repo.transact({ action: 'criteria.standard_changed', details: { authority, ...p } }, (tx) => (prev ? tx.update(prev, next) : tx.insert(STANDARDS_KIND, next)));
    return this.standards()[authority];
  }

  // --- assessments ---------------------------------------------------------------------------------------

  options(entityId: string, regimes?: string[]): EvaluateOptions {
    const o = this.override(entityId);
    const std = this.standards();
    return {
      ...(regimes?.length ? { regimes } : {}),
      standards: std,
      listed: (id) => this.listed(id),
      affiliations: (id) => this.affiliations(id),
      victimOverride: o ? { reason: o.data.reason } : null,
    };
  }

  assess(entityId: string, regimes?: string[]): EntityAssessment {
    requireKind(this.#ctx.repo, entityId, 'entity');
    return assessEntity(this.#facts, entityId, this.options(entityId, regimes));
  }

  suggestedRegimes(entityId: string): string[] {
    return suggestRegimes(this.#facts, entityId, this.options(entityId));
  }

  traffickingTest(eventId: string): TraffickingTest {
    // The same evidentiary standard as the criteria engine (the UN panels' by default, as configured).
    return traffickingTest(this.#facts, eventId, this.standards().UN);
  }

  /** The trafficking test for every event of a case (standards read once). */
  traffickingOutcomes(caseId: string): TraffickingTest[] {
    requireKind(this.#ctx.repo, caseId, 'case');
    const std = this.standards().UN;
    return [...this.#ctx.repo.ofKind('event')]
      .filter((e) => e.data.caseId === caseId)
      .map((e) => traffickingTest(this.#facts, e.id, std));
  }

  /** Who in a case is already listed, and under which regimes (the Listings screen warns before a proposal). */
  listedInCase(caseId: string): Map<string, ListedStatus> {
    requireKind(this.#ctx.repo, caseId, 'case');
    const inCase = new Set(this.#ctx.index.ids('case', caseId));
    const designations = new Map<string, DesignationData[]>();
    for (const d of this.#ctx.repo.ofKind('designation')) designations.set(d.data.entityId, [...(designations.get(d.data.entityId) ?? []), d.data]);
    const out = new Map<string, ListedStatus>();
    for (const [id, ds] of designations) {
      if (!inCase.has(id)) continue;
      const l = listedStatus(ds);
      if (l) out.set(id, l);
    }
    return out;
  }

  /**
   * Assess every entity of a case (flags for the graph and the entity table). Designations, overrides and
   * standards are read once for the whole run rather than once per entity and link.
   */
  assessCase(caseId: string, regimes?: string[]): EntityAssessment[] {
    requireKind(this.#ctx.repo, caseId, 'case');
    const designations = new Map<string, DesignationData[]>();
    for (const d of this.#ctx.repo.ofKind('designation')) designations.set(d.data.entityId, [...(designations.get(d.data.entityId) ?? []), d.data]);
    const overrides = new Map<string, string>();
    for (const o of this.#ctx.repo.ofKind('criteria_override')) overrides.set(o.data.entityId, o.data.reason);
    const standards = this.standards();
    const listed = (id: string) => listedStatus(designations.get(id) ?? []);
    const affiliations = (id: string) => affiliatedGroups(designations.get(id) ?? []);
    const out: EntityAssessment[] = [];
    for (const id of this.#ctx.index.ids('case', caseId)) {
      const r = this.#ctx.repo.get(id);
      if (r?.kind !== 'entity') continue;
      const reason = overrides.get(id);
      out.push(assessEntity(this.#facts, id, { ...(regimes?.length ? { regimes } : {}), standards, listed, affiliations, victimOverride: reason !== undefined ? { reason } : null }));
    }
    return out;
  }
}

/** The panel's evidentiary standards as changed from the defaults (typed `ofKind`, see OwnRecordKinds in store/repository.ts). */
declare module '../store/repository' {
  interface OwnRecordKinds {
    criteria_standards: StandardsOverride;
  }
}
