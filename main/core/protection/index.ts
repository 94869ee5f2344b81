/**
 * Witness protection for every output: the one place that decides who is protected, finds their identity in
 * text and redacts it, and holds back what a person must review. Every exporter (FtM, GraphML, graph
 * snapshot — which the renderer draws PNG/SVG from —, evidence packages, listing proposals, the activity-log
 * export, CLI output) builds one `OutputProtection` per export and passes every entity name and every string
 * it writes through it. test/unit/ipc/witness-sweep.test.ts plants identities and exports through every path.
 *
 * Who is protected (one definition, used by all exporters):
 *   - every witness of the case (identity from the compartment: names, parts, numbers, address, birth);
 *   - every entity that stands for a witness, from either side (entity.witnessId or witness.entityId);
 *   - every entity recorded as a victim (PROTECTED_ROLES) or flagged `protected` by an analyst.
 * A protected entity leaves under its label only (the witness's pseudonym, or "Protected person N"), and its
 * recorded names and aliases are redacted from text like a witness's.
 *
 * With the compartment locked identities cannot be read, so only entity-level protection applies;
 * `identitiesChecked` says so and each exporter decides (packages refuse; others add a notice).
 */
import { createHash } from 'node:crypto';
import type { EntityData, WitnessData, WitnessIdentity } from '../../../shared/model/records';
import { PROTECTED_ROLES } from '../../../shared/model/vocabulary';
import type { ServiceContext } from '../case/context';
import type { EntityService } from '../case/entities';
import type { WitnessService } from '../case/witnesses';
import { SanctumError } from '../errors';
import { entityNameTerms, identityTerms } from './identity';
import { findMatches, type Match, type Term } from './matcher';
import { applySpans, chooseSpans } from './redactor';

export { findMatches, type Term, type Match } from './matcher';
export { identityTerms } from './identity';
export { chooseSpans, redactText } from './redactor';

/** What protection reads of a case: the records (and the compartment, when open), its witnesses and entities. */
export interface ProtectionSources {
  readonly ctx: ServiceContext;
  readonly witnesses: Pick<WitnessService, 'list'>;
  readonly entities: Pick<EntityService, 'list'>;
}

export interface ProtectedEntity {
  entityId: string;
  label: string;
  reason: 'witness' | 'victim' | 'flagged';
  witnessId?: string;
}

/** The one definition of a protected entity, for a case. Reads the main records only (no compartment). */
export function protectedEntities(ws: ProtectionSources, caseId: string): Map<string, ProtectedEntity> {
  const out = new Map<string, ProtectedEntity>();
  const witnesses = ws.witnesses.list(caseId);
  for (const w of witnesses) if (w.data.entityId) out.set(w.data.entityId, { entityId: w.data.entityId, label: w.data.pseudonym, reason: 'witness', witnessId: w.id });
  const entities = ws.entities.list(caseId).sort((a, b) => (a.id < b.id ? -1 : 1));
  let n = 0;
  for (const e of entities) {
    if (out.has(e.id)) continue;
    if (e.data.witnessId) {
      const w = ws.ctx.repo.get<WitnessData>(e.data.witnessId);
      out.set(e.id, { entityId: e.id, label: w?.data.pseudonym ?? `Protected person ${++n}`, reason: 'witness', witnessId: e.data.witnessId });
    } else if (e.data.roles.some((r) => PROTECTED_ROLES.includes(r)) || e.data.protected) {
      out.set(e.id, { entityId: e.id, label: `Protected person ${++n}`, reason: e.data.protected ? 'flagged' : 'victim' });
    }
  }
  return out;
}

/**
 * The ids of `protectedEntities` from the records alone (a service context, no workspace): witnesses'
 * entities from either side, victims, flagged. Same definition; used where labels are not needed (screening).
 */
export function protectedEntityIds(ctx: Pick<ServiceContext, 'index'>, caseId: string): Set<string> {
  const out = new Set<string>();
  for (const w of ctx.index.records<WitnessData>('case', caseId, 'witness')) if (w.data.entityId) out.add(w.data.entityId);
  for (const e of ctx.index.records<EntityData>('case', caseId, 'entity')) if (isProtectedEntityData(e.data)) out.add(e.id);
  return out;
}

export function isProtectedEntityData(d: EntityData): boolean {
  return d.witnessId !== undefined || d.protected === true || d.roles.some((r) => PROTECTED_ROLES.includes(r));
}

export interface ReviewDecision {
  key: string;
  decision: 'redact' | 'keep';
  reason?: string;
}

export interface ReviewHit {
  /** Stable across exports of the same text: what a decision in a review file refers to. */
  key: string;
  /** The output and place in it ("proposal narrative", "statement W-001.txt" …). */
  where: string;
  /** Which identity field matched (never the field's value). */
  field: string;
  /** Whose identity: the pseudonym or label. */
  subject: string;
  match: string;
  context: string;
}

export interface ProtectionOptions {
  /** Witnesses whose real name may appear (prosecutor profile, consent to be named): not matched. */
  exemptWitnessIds?: ReadonlySet<string>;
  decisions?: readonly ReviewDecision[];
  /** Read identities from the compartment if it is open (default true). */
  identities?: boolean;
}

interface Subject {
  label: string;
  terms: Term[];
}

function hitKey(subject: string, field: string, match: string): string {
  return createHash('sha256').update(`${subject}\0${field}\0${match.normalize('NFC').toLowerCase().replace(/\s+/g, ' ')}`).digest('hex').slice(0, 16);
}

/** One export's protection: build it once, pass every output string through it, then `assertReviewed()`. */
export class OutputProtection {
  readonly entities: Map<string, ProtectedEntity>;
  /** True when every witness identity of the case was read and is matched (compartment open). */
  readonly identitiesChecked: boolean;
  readonly witnessCount: number;
  readonly #subjects: Subject[] = [];
  readonly #decisions: Map<string, ReviewDecision>;
  readonly #pending = new Map<string, ReviewHit>();
  readonly #applied = new Map<string, ReviewDecision>();
  #redactions = 0;
  #logged = false;

  constructor(
    private readonly ws: ProtectionSources,
    readonly caseId: string,
    opts: ProtectionOptions = {},
  ) {
    this.entities = protectedEntities(ws, caseId);
    this.#decisions = new Map((opts.decisions ?? []).map((d) => [d.key, d]));
    const witnesses = ws.witnesses.list(caseId);
    this.witnessCount = witnesses.length;
    const open = ws.ctx.vault.witnessUnlocked && opts.identities !== false;
    this.identitiesChecked = open || witnesses.length === 0;
    const exempt = opts.exemptWitnessIds ?? new Set<string>();
    if (open) {
      // Read for matching only: nothing of the identity is shown or returned, so this is not a logged reveal.
      const ids = new Map<string, WitnessIdentity>();
      for (const r of ws.ctx.witnessRepo().ofKind('identity')) ids.set(r.data.witnessId, r.data);
      for (const w of witnesses) {
        const id = ids.get(w.id);
        if (id && !exempt.has(w.id)) this.#subjects.push({ label: w.data.pseudonym, terms: identityTerms(id, w.data.pseudonym) });
      }
    }
    for (const p of this.entities.values()) {
      if (p.witnessId && exempt.has(p.witnessId)) continue;
      const e = ws.ctx.repo.get<EntityData>(p.entityId);
      if (!e) continue;
      const names = [e.data.name, e.data.originalScriptName, ...e.data.aliases.map((a) => a.value)].filter((x): x is string => !!x && x !== p.label);
      if (names.length) this.#subjects.push({ label: p.label, terms: entityNameTerms(names, p.label) });
    }
  }

  static forCase(ws: ProtectionSources, caseId: string, opts?: ProtectionOptions): OutputProtection {
    return new OutputProtection(ws, caseId, opts);
  }

  isProtected(entityId: string): boolean {
    return this.entities.has(entityId);
  }

  /** The name an entity leaves under: its label if protected, else its own name. */
  entityName(entityId: string, name: string): string {
    return this.entities.get(entityId)?.label ?? name;
  }

  /** Every possible mention in a text, without changing it (writing-time warnings, review screens). */
  scan(where: string, text: string): ReviewHit[] {
    const out: ReviewHit[] = [];
    for (const s of this.#subjects) {
      for (const m of findMatches(text, s.terms)) out.push(this.#hit(where, text, s.label, m));
    }
    return out;
  }

  #hit(where: string, text: string, subject: string, m: Match): ReviewHit {
    const match = text.slice(m.start, m.end);
    const context = `${text.slice(Math.max(0, m.start - 40), m.start)}[[${match}]]${text.slice(m.end, m.end + 40)}`.replace(/\s+/g, ' ');
    return { key: hitKey(subject, m.field, match), where, field: m.field, subject, match, context };
  }

  /**
   * The text as it may leave: identity mentions replaced (by the pseudonym for names); possible mentions
   * that need a person's decision are kept until decided and listed by `pending()`.
   */
  text(where: string, text: string): string {
    if (!text || this.#subjects.length === 0) return text;
    const spans: (Match & { subject: string })[] = [];
    for (const s of this.#subjects) for (const m of findMatches(text, s.terms)) spans.push({ ...m, subject: s.label });
    if (spans.length === 0) return text;
    const { redact, review } = chooseSpans(spans);
    for (const m of review) {
      const hit = this.#hit(where, text, m.subject, m);
      const d = this.#decisions.get(hit.key);
      if (!d) {
        this.#pending.set(`${hit.key}\0${where}`, hit);
        continue;
      }
      this.#applied.set(hit.key, d);
      if (d.decision === 'redact') redact.push(m);
    }
    this.#redactions += redact.length;
    return applySpans(text, redact);
  }

  /** Every string inside a JSON-like value, through `text`. */
  deep<T>(where: string, value: T): T {
    if (typeof value === 'string') return this.text(where, value) as T;
    if (Array.isArray(value)) return value.map((v) => this.deep(where, v)) as T;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.deep(where, v)])) as T;
    return value;
  }

  get redactions(): number {
    return this.#redactions;
  }

  pending(): ReviewHit[] {
    return [...this.#pending.values()];
  }

  /** Nothing leaves unreviewed: refuse while a possible mention has no decision; log the decisions taken. */
  assertReviewed(what: string): void {
    const pending = this.pending();
    if (pending.length) {
      const lines = pending.map((h) => `  ${h.key}  ${h.where}  ${h.field} of ${h.subject}: …${h.context}…`);
      throw new SanctumError(
        'FORBIDDEN',
        `${what}: ${pending.length} possible identity mention(s) need review before anything leaves (decide redact or keep, with a reason, for each):\n${lines.join('\n')}`,
        'review',
        { reviewHits: pending.map((h) => ({ key: h.key, where: h.where, field: h.field, subject: h.subject, context: h.context })) },
      );
    }
    if (this.#applied.size && !this.#logged) {
      this.#logged = true;
      this.ws.ctx.vault.record({
        action: 'protection.review_decided',
        target: { kind: 'case', id: this.caseId },
        details: { output: what, decisions: [...this.#applied.values()].map((d) => ({ key: d.key, decision: d.decision, reason: d.reason ?? '' })) },
      });
    }
  }
}

export interface IdentityWarning {
  start: number;
  end: number;
  /** Which identity field matched (never its value: the renderer already has the text, not the identity). */
  field: string;
  /** redact: an identity mention; review: possibly one (a single name part, a birth place or date). */
  kind: 'redact' | 'review';
  /** What a one-click fix puts in its place: the pseudonym for names. */
  replacement: string;
}

/**
 * Writing-time check (statement editor, claim dialog): where a text mentions a witness's identity. For a
 * statement, its witness (`witnessId`); otherwise every witness of the case. Needs the compartment open;
 * `checked: false` says the text could not be checked. Nothing of the identity is returned, only positions.
 */
export function identityWarnings(ws: ProtectionSources, caseId: string, text: string, witnessId?: string): { checked: boolean; hits: IdentityWarning[] } {
  if (!ws.ctx.vault.witnessUnlocked) return { checked: false, hits: [] };
  const witnesses = ws.witnesses.list(caseId).filter((w) => witnessId === undefined || w.id === witnessId);
  const ids = new Map<string, WitnessIdentity>();
  for (const r of ws.ctx.witnessRepo().ofKind('identity')) ids.set(r.data.witnessId, r.data);
  const matches: Match[] = [];
  for (const w of witnesses) {
    const id = ids.get(w.id);
    if (id) matches.push(...findMatches(text, identityTerms(id, w.data.pseudonym)));
  }
  const { redact, review } = chooseSpans(matches);
  const hits = [...redact, ...review]
    .sort((a, b) => a.start - b.start)
    .map((m) => ({ start: m.start, end: m.end, field: m.field, kind: m.action, replacement: m.replacement }));
  return { checked: true, hits };
}
