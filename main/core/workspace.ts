/** The case workspace of an unlocked vault: every case service over one in-memory repository and its indexes. */
import { SanctumError } from './errors';
import { EvidenceService } from './evidence/evidence-service';
import { Repository } from './store/repository';
import type { Vault } from './vault/vault';
import { CaseIndex } from './case/case-index';
import { CaseService } from './case/cases';
import { ClaimService } from './case/claims';
import type { ServiceContext } from './case/context';
import type { CaseServices } from './case/services';
import { EntityService } from './case/entities';
import { EventService } from './case/events';
import { LinkService } from './case/links';
import { SourceService } from './case/sources';
import { WitnessService } from './case/witnesses';
import { SearchService, type SearchMode } from './search/search-service';
import { FullTextService } from './search/fulltext-service';
import { CriteriaService } from './criteria/criteria-service';
import { ListingService } from './listing/listing-service';
import { ScreeningService } from './screening/screening-service';
import { DocumentTextService } from './documents/text-service';
import type { Extractor } from './documents/text-worker-client';
import { ocrPages } from './documents/ocr';
import { TimelineCache } from './graph/timeline';

export class Workspace implements CaseServices {
  readonly ctx: ServiceContext;
  readonly cases: CaseService;
  readonly entities: EntityService;
  readonly links: LinkService;
  readonly events: EventService;
  readonly sources: SourceService;
  readonly claims: ClaimService;
  readonly evidence: EvidenceService;
  readonly witnesses: WitnessService;
  /** Name search, kept current from the commit stream; the Session asks for it in a worker thread. */
  readonly search: SearchService;
  /** Text extracted from evidence files (issue 14), in a worker thread; the app also runs it after every intake. */
  readonly text: DocumentTextService;
  /** Full-text search across everything (issue 14), built at unlock; the Session asks for it in a worker thread. */
  readonly fulltext: FullTextService;

  #witnessRepo: Repository | null = null;

  constructor(vault: Vault, repo: Repository = new Repository(vault), opts: { search?: SearchMode; textExtractor?: Extractor; autoText?: boolean; fulltext?: SearchMode; ocr?: boolean } = {}) {
    this.ctx = {
      vault,
      repo,
      index: new CaseIndex(repo),
      witnessRepo: () => {
        if (!vault.witnessUnlocked) {
          this.forgetIdentities();
          throw new SanctumError('COMPARTMENT_LOCKED', 'the witness-identity compartment is locked; unlock it to see or record identities');
        }
        // Loaded on first use after the compartment is unlocked.
        this.#witnessRepo ??= new Repository(vault, 'witness_records');
        return this.#witnessRepo;
      },
    };
    this.cases = new CaseService(this.ctx);
    this.entities = new EntityService(this.ctx);
    this.links = new LinkService(this.ctx);
    this.events = new EventService(this.ctx);
    this.sources = new SourceService(this.ctx);
    this.claims = new ClaimService(this.ctx);
    this.evidence = new EvidenceService(this.ctx);
    this.witnesses = new WitnessService(this.ctx);
    this.search = new SearchService(repo, { mode: opts.search ?? 'in-process' });
    // Text is read in a worker thread unless an extractor is given (the CLI reads in process). OCR (tesseract.js,
    // shipped data) reads images and scanned PDF pages; `ocr: false` leaves them marked as not run.
    this.text = new DocumentTextService(this.ctx, this.evidence, { ...(opts.textExtractor ? { extractor: opts.textExtractor } : {}), auto: opts.autoText ?? false, ocr: opts.ocr === false ? null : ocrPages });
    this.fulltext = new FullTextService(repo, { mode: opts.fulltext ?? 'in-process', bodies: (rec) => this.text.pages(rec), blobs: () => vault.blobs.workerAccess() });
  }

  #criteria: CriteriaService | null = null;

  /** The criteria engine over this workspace (created on first use). */
  get criteria(): CriteriaService {
    this.#criteria ??= new CriteriaService(this.ctx);
    return this.#criteria;
  }

  #listing: ListingService | null = null;

  /** Listing proposals (created on first use). */
  get listing(): ListingService {
    this.#listing ??= new ListingService(this);
    return this.#listing;
  }

  #screening: ScreeningService | null = null;

  /** Sanctions lists in the vault, case screening and the decision ledger (created on first use). */
  get screening(): ScreeningService {
    this.#screening ??= new ScreeningService(this.ctx);
    return this.#screening;
  }

  #timelines: TimelineCache | null = null;

  /** Built case timelines, reused until a write (graph/timeline.ts); dropped with the workspace. */
  get timelines(): TimelineCache {
    this.#timelines ??= new TimelineCache(this);
    return this.#timelines;
  }

  get repo(): Repository {
    return this.ctx.repo;
  }

  /** Drop decrypted identities from memory (on compartment lock). */
  forgetIdentities(): void {
    this.#witnessRepo?.clear();
    this.#witnessRepo = null;
  }

  dispose(): void {
    this.#timelines?.clear();
    this.forgetIdentities();
    this.text.dispose();
    this.#screening?.dispose();
    this.ctx.index.dispose();
    this.search.dispose();
    this.fulltext.dispose();
  }
}
