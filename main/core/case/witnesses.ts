/**
 * Witnesses and their statements. A witness is known everywhere by a pseudonym; the real identity is a
 * separate record sealed with the witness-compartment key, readable only while the compartment is unlocked,
 * and every reveal is logged. Statements are evidence items of type "statement".
 */
import type { WitnessPatch, StatementPatch } from '../../../shared/ipc/channels/case';
import type { PatchOf } from '../../../shared/ipc/channels/common';
import { z } from 'zod';
import { Consent, EvidenceData, Interview, WitnessData, WitnessIdentity, type ReliabilityChoice, type SourceData } from '../../../shared/model/records';
import { RISK_LEVELS } from '../../../shared/model/vocabulary';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import { newRecordId } from '../store/sealed-store';
import { parseData, requireInCase, requireKind, type ServiceContext } from './context';

export type WitnessRecord = StoredRecord<WitnessData>;

/**
 * The compartment's row count is kept at a multiple of this with sealed decoy records of kind `pad` (data `{}`,
 * padded to the same size bucket as a short identity), so a seized `witness_records` table does not count the
 * identities. A new identity takes a decoy's row (same id, new ciphertext: indistinguishable from editing an
 * identity); only when no decoy is left does the table grow, by a whole bucket. Readers look only at kind
 * `identity`; `vault check` decrypts decoys like any record.
 */
export const WITNESS_ROWS_BUCKET = 16;

export const StatementInput = z.object({
  caseId: z.string(),
  witnessId: z.string(),
  title: z.string().max(500).optional(),
  interview: Interview.default({}),
  consent: Consent.default({ useForListing: false, shareWithProsecutors: false, mayBeNamed: false }),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  text: z.string().max(500_000).default(''),
  attachments: z.array(z.string()).default([]),
  credibility: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]).optional(),
  /** The witness saw or suffered what they tell (an eyewitness or victim account): with credibility 1–3 it counts alone. */
  firstHand: z.boolean().optional(),
  language: z.string().max(100).optional(),
  sourceId: z.string().optional(),
});

export class WitnessService {
  constructor(private readonly ctx: ServiceContext) {}

  get(id: string): WitnessRecord {
    return requireKind<WitnessData>(this.ctx.repo, id, 'witness');
  }

  list(caseId: string): WitnessRecord[] {
    return this.ctx.index.records<WitnessData>('case', caseId, 'witness');
  }

  /** Next free pseudonym in a case: W-001, W-002 … */
  nextPseudonym(caseId: string): string {
    const used = new Set(this.list(caseId).map((w) => w.data.pseudonym));
    for (let n = 1; ; n++) {
      const p = `W-${String(n).padStart(3, '0')}`;
      if (!used.has(p)) return p;
    }
  }

  /**
   * Register a witness under a pseudonym, with a source record for them (so statements count as one
   * source) and, if given, their identity in the compartment (which must then be unlocked).
   */
  create(input: unknown, identity?: unknown, opts: { reliability?: ReliabilityChoice } = {}): WitnessRecord {
    const raw = input as { caseId?: string; pseudonym?: string };
    const data = parseData(WitnessData, { ...raw, pseudonym: raw?.pseudonym || (raw?.caseId ? this.nextPseudonym(raw.caseId) : undefined) }, 'witness');
    requireKind(this.ctx.repo, data.caseId, 'case');
    if (data.entityId) requireInCase(this.ctx.repo, data.entityId, 'entity', data.caseId);
    if (this.list(data.caseId).some((w) => w.data.pseudonym === data.pseudonym)) {
      throw new SanctumError('CONFLICT', `pseudonym ${data.pseudonym} is already used in this case`, 'pseudonym');
    }
    // Check the identity (and that the compartment is open) before anything is written.
    if (identity !== undefined) {
      this.ctx.witnessRepo();
      parseData(WitnessIdentity, { ...(identity as object), witnessId: '0'.repeat(32) }, 'witness identity');
    }
    const id = newRecordId();
    const rec = this.ctx.repo.transact(
      { action: 'witness.created', target: { kind: 'witness', id } },
      (tx) => {
        const w = tx.insert('witness', data, { id });
        // Never a silent F (issue 11 rule 4): an ungraded witness is recorded as such, which the engine reads
        // as the lowest grade with a caveat on every finding resting on it.
        const r = opts.reliability ?? 'ungraded';
        const source: SourceData = { caseId: data.caseId, name: data.pseudonym, type: 'witness', reliability: r === 'ungraded' ? 'F' : r, ...(r === 'ungraded' ? { ungraded: true } : {}), description: '', witnessId: id };
        tx.insert('source', source);
        return w;
      },
      { undoable: true, label: 'create witness' },
    );
    if (identity !== undefined) this.setIdentity(rec.id, identity);
    return rec;
  }

  update(id: string, patch: PatchOf<typeof WitnessPatch>): WitnessRecord {
    const prev = this.get(id);
    const data = parseData(WitnessData, { ...prev.data, ...(patch as object), caseId: prev.data.caseId }, 'witness');
    return this.ctx.repo.transact({ action: 'witness.updated', target: { kind: 'witness', id } }, (tx) => tx.update(prev, data), {
      undoable: true,
      label: 'edit witness',
    });
  }

  /** The witness's own source record (created with the witness). */
  sourceOf(witnessId: string): StoredRecord<SourceData> | undefined {
    return this.ctx.index.records<SourceData>('witnessOf', witnessId, 'source')[0];
  }

  #identityRecord(witnessId: string): StoredRecord<WitnessIdentity> | undefined {
    for (const r of this.ctx.witnessRepo().ofKind('identity')) if (r.data.witnessId === witnessId) return r;
    return undefined;
  }

  hasIdentity(witnessId: string): boolean {
    return this.#identityRecord(witnessId) !== undefined;
  }

  /** Store or replace the real identity (compartment must be unlocked). */
  setIdentity(witnessId: string, input: unknown): void {
    this.get(witnessId);
    const repo = this.ctx.witnessRepo();
    const data = parseData(WitnessIdentity, { ...(input as object), witnessId }, 'witness identity');
    const prev = this.#identityRecord(witnessId);
    repo.transact({ action: 'witness.identity_recorded', target: { kind: 'witness', id: witnessId } }, (tx) => {
      if (prev) tx.update(prev, data);
      else {
        const decoy = repo.ofKind('pad').next();
        if (decoy.done) tx.insert('identity', data);
        else {
          tx.delete(decoy.value.id);
          tx.insert('identity', data, { id: decoy.value.id });
        }
      }
      // Top up (also a compartment written before decoys existed) to a whole number of buckets.
      const rows = repo.size + (prev || repo.countOfKind('pad') > 0 ? 0 : 1);
      for (let n = rows; n % WITNESS_ROWS_BUCKET !== 0; n++) tx.insert('pad', {});
    });
  }

  /** Show the real identity: compartment unlocked, and logged every time. */
  revealIdentity(witnessId: string): WitnessIdentity | null {
    this.get(witnessId);
    const rec = this.#identityRecord(witnessId);
    this.ctx.vault.record({ action: 'witness.identity_viewed', target: { kind: 'witness', id: witnessId }, details: { found: rec !== undefined } });
    return rec?.data ?? null;
  }

  statements(witnessId: string): StoredRecord<EvidenceData>[] {
    return this.ctx.index.records<EvidenceData>('witnessOf', witnessId, 'evidence');
  }

  /** Record a statement: an evidence item of type statement, from the witness's source by default. */
  recordStatement(input: unknown): StoredRecord<EvidenceData> {
    const s = parseData(StatementInput, input, 'statement');
    const witness = requireInCase<WitnessData>(this.ctx.repo, s.witnessId, 'witness', s.caseId);
    for (const a of s.attachments) requireInCase(this.ctx.repo, a, 'evidence', s.caseId, 'attachment');
    const sourceId = s.sourceId ?? this.sourceOf(s.witnessId)?.id;
    if (sourceId) requireInCase(this.ctx.repo, sourceId, 'source', s.caseId);
    const data = parseData(
      EvidenceData,
      {
        caseId: s.caseId,
        type: 'statement',
        title: s.title?.trim() || `Statement of ${witness.data.pseudonym}`,
        sourceId,
        credibility: s.credibility ?? 6,
        firstHand: s.firstHand ?? false,
        language: s.language ?? s.interview.language,
        confidentiality: 'strictly_confidential',
        date: s.interview.date,
        statement: {
          witnessId: s.witnessId,
          interview: s.interview,
          consent: s.consent,
          riskLevel: s.riskLevel ?? witness.data.riskLevel,
          text: s.text,
          attachments: s.attachments,
        },
      },
      'statement',
    );
    const id = newRecordId();
    return this.ctx.repo.transact(
      { action: 'custody.statement_recorded', target: { kind: 'evidence', id }, custodyItem: id, details: { witnessId: s.witnessId } },
      (tx) => tx.insert('evidence', data, { id }),
    );
  }

  updateStatement(id: string, patch: PatchOf<typeof StatementPatch>): StoredRecord<EvidenceData> {
    const prev = requireKind<EvidenceData>(this.ctx.repo, id, 'evidence');
    if (prev.data.type !== 'statement' || !prev.data.statement) throw new SanctumError('INVALID_INPUT', 'not a statement', id);
    const p = patch as Partial<z.input<typeof StatementInput>> & { title?: string };
    const statement = {
      ...prev.data.statement,
      ...(p.interview ? { interview: p.interview } : {}),
      ...(p.consent ? { consent: p.consent } : {}),
      ...(p.riskLevel ? { riskLevel: p.riskLevel } : {}),
      ...(p.text !== undefined ? { text: p.text } : {}),
      ...(p.attachments ? { attachments: p.attachments } : {}),
    };
    for (const a of statement.attachments) requireInCase(this.ctx.repo, a, 'evidence', prev.data.caseId, 'attachment');
    const data = parseData(
      EvidenceData,
      { ...prev.data, ...(p.title ? { title: p.title } : {}), ...(p.credibility ? { credibility: p.credibility } : {}), statement },
      'statement',
    );
    // A change of consent decides what the next export may carry: logged with what it was and what it is.
    const before = prev.data.statement.consent;
    const consentChanged = p.consent !== undefined && (Object.keys(before) as (keyof typeof before)[]).some((k) => before[k] !== statement.consent[k]);
    return this.ctx.repo.transact(
      {
        action: 'custody.statement_edited',
        target: { kind: 'evidence', id },
        custodyItem: id,
        ...(consentChanged ? { details: { consentChanged: { from: before, to: statement.consent } } } : {}),
      },
      (tx) => tx.update(prev, data),
      { undoable: true, label: 'edit statement' },
    );
  }
}

/** A witness's real identity, in the witness compartment's repository (typed `ofKind`, see OwnRecordKinds in store/repository.ts). */
declare module '../store/repository' {
  interface OwnRecordKinds {
    identity: WitnessIdentity;
  }
}
