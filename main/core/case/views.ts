/**
 * View models for the renderer and the CLI's JSON output: names resolved, counts computed, and no witness
 * identity anywhere (only pseudonyms; identities come from WitnessService.revealIdentity alone).
 */
import { ocrConfidenceOf, textStatusOf } from '../documents/text-store';
import type { CaseView, ClaimView, EntityRow, EntityView, EventView, EvidenceRow, EvidenceView, LinkView, SourceView, WitnessView } from '../../../shared/ipc/schemas/case';
import type { CaseData, ClaimData, EntityData, EventData, EvidenceData, LinkData, SourceData, WitnessData } from '../../../shared/model/records';
import { formatPartialDate } from '../../../shared/model/partial-date';
import { CONDUCT, LINK_KIND_SPECS } from '../../../shared/model/vocabulary';
import type { StoredRecord } from '../store/sealed-store';
import type { EvidenceService } from '../evidence/evidence-service';
import type { ServiceContext } from './context';
import type { CaseService } from './cases';
import type { ClaimService } from './claims';
import type { EntityService } from './entities';
import type { EventService } from './events';
import type { WitnessService } from './witnesses';

function meta(r: StoredRecord) {
  return { id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/** What the views read: the records and indexes, and the services that already answer the joins they show. */
export interface ViewSources {
  readonly ctx: ServiceContext;
  readonly cases: Pick<CaseService, 'counts'>;
  readonly entities: Pick<EntityService, 'neighbours'>;
  readonly events: Pick<EventService, 'forEntity'>;
  readonly claims: Pick<ClaimService, 'about' | 'citing'>;
  readonly evidence: Pick<EvidenceService, 'workingCopies' | 'custody'>;
  readonly witnesses: Pick<WitnessService, 'hasIdentity' | 'statements'>;
}

export class Views {
  constructor(private readonly ws: ViewSources) {}

  #name(id: string): string {
    const r = this.ws.ctx.repo.get<{ name?: string; title?: string }>(id);
    return r?.data.name ?? r?.data.title ?? '(deleted)';
  }

  entityRef(id: string) {
    const r = this.ws.ctx.repo.get<EntityData>(id);
    return { id, kind: r?.data.kind ?? 'person', name: r?.data.name ?? '(deleted)' };
  }

  case(r: StoredRecord<CaseData>): CaseView {
    return { ...meta(r), data: r.data, counts: this.ws.cases.counts(r.id) };
  }

  entityRow(r: StoredRecord<EntityData>): EntityRow {
    const idx = this.ws.ctx.index;
    return {
      id: r.id,
      kind: r.data.kind,
      name: r.data.name,
      aliases: r.data.aliases.map((a) => a.value),
      roles: r.data.roles,
      nationality: r.data.nationality,
      birthDate: formatPartialDate(r.data.birthDate),
      links: idx.ids('linkEnd', r.id).size,
      claims: idx.ids('claimAbout', r.id).size,
      isWitness: r.data.witnessId !== undefined,
      updatedAt: r.updatedAt,
    };
  }

  link(r: StoredRecord<LinkData>): LinkView {
    return { ...meta(r), data: r.data, source: this.entityRef(r.data.source), target: this.entityRef(r.data.target), claims: this.ws.ctx.index.ids('claimAbout', r.id).size };
  }

  event(r: StoredRecord<EventData>): EventView {
    return {
      ...meta(r),
      data: r.data,
      participants: r.data.participants.map((p) => ({ ...this.entityRef(p.entityId), role: p.role })),
      claims: this.ws.ctx.index.ids('claimAbout', r.id).size,
    };
  }

  source(r: StoredRecord<SourceData>): SourceView {
    return { ...meta(r), data: r.data, items: this.ws.ctx.index.ids('evidenceSource', r.id).size };
  }

  /** One line a reader can check: "Al-Milad — Kidnap for ransom (in ly, event: …)". */
  claimSummary(c: ClaimData): string {
    const a = c.assertion;
    if (a.type === 'conduct') {
      const where = a.country ? ` in ${a.country.toUpperCase()}` : '';
      const ev = a.eventId ? ` (${this.#name(a.eventId)})` : '';
      return `${this.#name(a.entityId)} — ${CONDUCT[a.conduct]?.label ?? a.conduct}${where}${ev}`;
    }
    if (a.type === 'link') {
      const l = this.ws.ctx.repo.get<LinkData>(a.linkId);
      if (!l) return '(deleted link)';
      return `${this.#name(l.data.source)} ${LINK_KIND_SPECS[l.data.kind].verb} ${this.#name(l.data.target)}`;
    }
    return `${this.#name(a.entityId)} took part in ${this.#name(a.eventId)}${a.role ? ` as ${a.role}` : ''}`;
  }

  claim(r: StoredRecord<ClaimData>): ClaimView {
    return {
      ...meta(r),
      data: r.data,
      summary: this.claimSummary(r.data),
      evidence: r.data.evidence.map((e) => {
        const ev = this.ws.ctx.repo.get<EvidenceData>(e.evidenceId);
        const src = ev?.data.sourceId ? this.ws.ctx.repo.get<SourceData>(ev.data.sourceId) : undefined;
        return {
          id: e.evidenceId,
          title: ev?.data.title ?? '(deleted)',
          sourceName: src?.data.name ?? null,
          reliability: src?.data.reliability ?? null,
          credibility: ev?.data.credibility ?? 6,
        };
      }),
    };
  }

  evidenceRow(r: StoredRecord<EvidenceData>): EvidenceRow {
    const src = r.data.sourceId ? this.ws.ctx.repo.get<SourceData>(r.data.sourceId) : undefined;
    return {
      id: r.id,
      type: r.data.type,
      title: r.data.title,
      mediaType: r.data.file?.mediaType ?? null,
      size: r.data.file?.blob.size ?? null,
      sha256: r.data.file?.blob.sha256 ?? null,
      sourceName: src?.data.name ?? null,
      sourceReliability: src?.data.reliability ?? null,
      credibility: r.data.credibility,
      derivedFrom: r.data.derivedFrom?.evidenceId ?? null,
      claims: this.ws.ctx.index.ids('claimEvidence', r.id).size,
      createdAt: r.createdAt,
      textStatus: r.data.file ? textStatusOf(this.ws.ctx, r.id) : null,
      ocrConfidence: r.data.file ? ocrConfidenceOf(this.ws.ctx, r.id) : null,
      partOf: r.data.partOf?.evidenceId ?? null,
    };
  }

  evidence(r: StoredRecord<EvidenceData>): EvidenceView {
    const src = r.data.sourceId ? this.ws.ctx.repo.get<SourceData>(r.data.sourceId) : undefined;
    const witnessId = r.data.statement?.witnessId;
    return {
      ...meta(r),
      data: r.data,
      source: src ? this.source(src) : null,
      witnessPseudonym: witnessId ? (this.ws.ctx.repo.get<WitnessData>(witnessId)?.data.pseudonym ?? null) : null,
      workingCopies: this.ws.evidence.workingCopies(r.id).map((w) => this.evidenceRow(w)),
      claims: this.ws.claims.citing(r.id).map((c) => this.claim(c)),
      custody: this.ws.evidence.custody(r.id).map((e) => ({ seq: e.seq, ts: e.ts, actor: e.actor, action: e.action, hash: e.hash, ...(e.details ? { details: e.details } : {}) })),
    };
  }

  entity(r: StoredRecord<EntityData>): EntityView {
    const claims = this.ws.claims.about(r.id);
    for (const n of this.ws.entities.neighbours(r.id)) for (const c of this.ws.claims.about(n.link.id)) claims.push(c);
    const evidenceIds = new Set(claims.flatMap((c) => c.data.evidence.map((e) => e.evidenceId)));
    const evidence = [...evidenceIds].map((id) => this.ws.ctx.repo.get<EvidenceData>(id)).filter((e): e is StoredRecord<EvidenceData> => !!e);
    const witness = r.data.witnessId ? this.ws.ctx.repo.get<WitnessData>(r.data.witnessId) : undefined;
    return {
      ...meta(r),
      data: r.data,
      links: this.ws.entities.neighbours(r.id).map((n) => this.link(n.link)),
      events: this.ws.events.forEntity(r.id).map((e) => this.event(e)),
      claims: claims.map((c) => this.claim(c)),
      evidence: evidence.map((e) => this.evidenceRow(e)),
      witnessPseudonym: witness?.data.pseudonym ?? null,
    };
  }

  witness(r: StoredRecord<WitnessData>): WitnessView {
    let hasIdentity: boolean | null = null;
    if (this.ws.ctx.vault.witnessUnlocked) hasIdentity = this.ws.witnesses.hasIdentity(r.id);
    return { ...meta(r), data: r.data, statements: this.ws.witnesses.statements(r.id).length, hasIdentity };
  }
}
