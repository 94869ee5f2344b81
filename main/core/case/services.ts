/**
 * The case layer as the modules above it see it: the context (vault, records, indexes, compartment) and the
 * case services. The composition root (main/core/workspace.ts) implements it; every engine, exporter and view
 * declares beside itself the `Pick` of it that it reads, so its signature says what it uses and this folder
 * never imports the modules built on it (eslint.config.js, issue 16).
 */
import type { EvidenceService } from '../evidence/evidence-service';
import type { Repository } from '../store/repository';
import type { CaseService } from './cases';
import type { ClaimService } from './claims';
import type { ServiceContext } from './context';
import type { EntityService } from './entities';
import type { EventService } from './events';
import type { LinkService } from './links';
import type { SourceService } from './sources';
import type { WitnessService } from './witnesses';

export interface CaseServices {
  readonly ctx: ServiceContext;
  /** The same as `ctx.repo`. */
  readonly repo: Repository;
  readonly cases: CaseService;
  readonly entities: EntityService;
  readonly links: LinkService;
  readonly events: EventService;
  readonly sources: SourceService;
  readonly claims: ClaimService;
  readonly evidence: EvidenceService;
  readonly witnesses: WitnessService;
}
