/**
 * Disclosure profiles: what goes into a package and what is withheld, and why.
 *
 *   prosecutor  every selected file; statements the witness agreed to share with prosecutors, rendered with
 *               the witness's name only where that statement's consent also allows naming, else the pseudonym.
 *   panel       every selected file; statements the witness agreed to have used for listings, pseudonyms only.
 *   public      narrative only: releasable claims and what they rest on, originals of non-confidential files;
 *               no statements, no witness entities.
 *
 * Witness names are protected in every profile (in prosecutor, except for witnesses named with consent): a name
 * is replaced by the pseudonym in everything Sanctum writes, and an original file that contains one (UTF-8 or
 * UTF-16, any case) is never exported — a redacted working copy goes instead if there is one, else the item is
 * withheld. Originals are never altered.
 */
import type { ClaimData, EntityData, EventData, EvidenceData, LinkData, SourceData, WitnessData } from '../../../../shared/model/records';
import { formatPartialDate } from '../../../../shared/model/partial-date';
import { SanctumError } from '../../errors';
import type { CaseServices } from '../../case/services';
import type { StoredRecord } from '../../store/sealed-store';
import { protectedEntities } from '../../protection';
import { sanitiseFileName } from './bag-paths';
import type { DisclosureProfile } from './format';

export interface Selection {
  /** The whole case. */
  case?: boolean;
  entityIds?: string[];
  claimIds?: string[];
  evidenceIds?: string[];
}

export type PlannedItem =
  | { kind: 'file'; evidence: StoredRecord<EvidenceData> }
  | { kind: 'statement'; evidence: StoredRecord<EvidenceData>; witness: StoredRecord<WitnessData>; named: boolean };

export interface Withheld {
  id: string;
  type: 'file' | 'statement';
  title: string | null;
  code: string;
  reason: string;
}

export interface PackagePlan {
  caseId: string;
  profile: DisclosureProfile;
  items: PlannedItem[];
  withheld: Withheld[];
  entities: StoredRecord<EntityData>[];
  links: StoredRecord<LinkData>[];
  events: StoredRecord<EventData>[];
  claims: StoredRecord<ClaimData>[];
  /** Witnesses of the case: their names must be checked, so the compartment must be open. */
  witnesses: StoredRecord<WitnessData>[];
  /** Bytes of the files to be exported (statements not counted). */
  bytes: number;
}

export const WITHHELD_REASONS = {
  confidential: 'confidential item: originals are not released under the public profile',
  public_statement: 'witness statements are not released under the public profile',
  no_prosecutor_consent: 'the witness did not consent to this statement being shared with prosecutors',
  no_listing_consent: 'the witness did not consent to this statement being used for listings',
  witness_name: "the file contains a protected witness's name; add a redacted working copy to release it",
} as const;

function withheld(ev: StoredRecord<EvidenceData>, code: keyof typeof WITHHELD_REASONS, profile: DisclosureProfile): Withheld {
  return { id: ev.id, type: ev.data.type, title: profile === 'public' ? null : ev.data.title, code, reason: WITHHELD_REASONS[code] };
}

export function planPackage(ws: CaseServices, req: { caseId: string; selection: Selection; profile: DisclosureProfile }): PackagePlan {
  const { caseId, selection, profile } = req;
  ws.cases.get(caseId);
  const repo = ws.repo;
  const inCase = <T>(id: string, kind: string): StoredRecord<T> => {
    const r = repo.get<T & { caseId: string }>(id);
    if (!r || r.kind !== kind) throw new SanctumError('NOT_FOUND', `no ${kind} with id ${id}`, id);
    if (r.data.caseId !== caseId) throw new SanctumError('INVALID_INPUT', `${kind} ${id} belongs to another case`, id);
    return r as unknown as StoredRecord<T>;
  };
  const evidence = new Set<string>();
  const claims = new Set<string>();
  const entities = new Set<string>();
  const links = new Set<string>();
  const events = new Set<string>();
  const nothing = !selection.case && !selection.entityIds?.length && !selection.claimIds?.length && !selection.evidenceIds?.length;
  if (nothing) throw new SanctumError('INVALID_INPUT', 'choose what to export: the case, entities, claims or evidence items', 'selection');
  if (selection.case) {
    for (const e of ws.evidence.list(caseId)) if (!e.data.derivedFrom) evidence.add(e.id);
    for (const c of ws.claims.list(caseId)) claims.add(c.id);
    for (const e of ws.entities.list(caseId)) entities.add(e.id);
    for (const l of ws.links.list(caseId)) links.add(l.id);
    for (const v of ws.events.list(caseId)) events.add(v.id);
  }
  for (const id of selection.entityIds ?? []) {
    inCase(id, 'entity');
    entities.add(id);
    for (const c of ws.claims.about(id)) claims.add(c.id);
    for (const n of ws.entities.neighbours(id)) {
      links.add(n.link.id);
      for (const c of ws.claims.about(n.link.id)) claims.add(c.id);
    }
  }
  for (const id of selection.claimIds ?? []) claims.add(inCase<ClaimData>(id, 'claim').id);
  for (const id of selection.evidenceIds ?? []) {
    evidence.add(inCase<EvidenceData>(id, 'evidence').id);
    for (const c of ws.claims.citing(id)) claims.add(c.id);
  }

  let claimRecs = [...claims].map((id) => repo.get<ClaimData>(id)!).filter(Boolean);
  if (profile === 'public') claimRecs = claimRecs.filter((c) => c.data.releasable);
  // One definition of who is protected (main/core/protection): witness-linked from either side, victims, flagged.
  const protectedIds = protectedEntities(ws, caseId);
  const witnessEntity = (id: string) => protectedIds.has(id);
  const refs = (c: ClaimData): { entities: string[]; links: string[]; events: string[] } => {
    const a = c.assertion;
    if (a.type === 'link') {
      const l = repo.get<LinkData>(a.linkId);
      return { entities: l ? [l.data.source, l.data.target] : [], links: [a.linkId], events: [] };
    }
    return { entities: [a.entityId], links: [], events: a.eventId ? [a.eventId] : [] };
  };
  if (profile === 'public') {
    // Narrative only: the releasable claims decide which entities appear (evidence is filtered item by item below).
    entities.clear();
    links.clear();
    events.clear();
    claimRecs = claimRecs.filter((c) => !refs(c.data).entities.some(witnessEntity));
    for (const id of selection.entityIds ?? []) if (!witnessEntity(id)) entities.add(id);
  }
  for (const c of claimRecs) {
    const r = refs(c.data);
    r.entities.forEach((x) => entities.add(x));
    r.links.forEach((x) => links.add(x));
    r.events.forEach((x) => events.add(x));
    c.data.evidence.forEach((e) => evidence.add(e.evidenceId));
  }
  for (const id of links) {
    const l = repo.get<LinkData>(id);
    if (l) [l.data.source, l.data.target].forEach((x) => entities.add(x));
  }
  if (profile === 'public') for (const id of [...entities]) if (witnessEntity(id)) entities.delete(id);

  const items: PlannedItem[] = [];
  const held: Withheld[] = [];
  let bytes = 0;
  const evidenceRecs = [...evidence]
    .map((id) => repo.get<EvidenceData>(id))
    .filter((e): e is StoredRecord<EvidenceData> => e?.kind === 'evidence')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  for (const ev of evidenceRecs) {
    const st = ev.data.statement;
    if (ev.data.type === 'statement' && st) {
      const witness = repo.get<WitnessData>(st.witnessId);
      if (profile === 'public') held.push(withheld(ev, 'public_statement', profile));
      else if (profile === 'prosecutor' && !st.consent.shareWithProsecutors) held.push(withheld(ev, 'no_prosecutor_consent', profile));
      else if (profile === 'panel' && !st.consent.useForListing) held.push(withheld(ev, 'no_listing_consent', profile));
      else if (witness) items.push({ kind: 'statement', evidence: ev, witness, named: profile === 'prosecutor' && st.consent.shareWithProsecutors && st.consent.mayBeNamed });
      continue;
    }
    if (!ev.data.file) continue;
    if (profile === 'public' && ev.data.confidentiality !== 'normal') {
      held.push(withheld(ev, 'confidential', profile));
      continue;
    }
    items.push({ kind: 'file', evidence: ev });
    bytes += ev.data.file.blob.size;
  }
  const byId = <T>(ids: Set<string>, kind: string) =>
    [...ids]
      .map((id) => repo.get<T>(id))
      .filter((r): r is StoredRecord<T> => r?.kind === kind)
      .sort((a, b) => a.id.localeCompare(b.id));
  return {
    caseId,
    profile,
    items,
    withheld: held,
    entities: byId<EntityData>(entities, 'entity'),
    links: byId<LinkData>(links, 'link'),
    events: byId<EventData>(events, 'event'),
    claims: claimRecs.sort((a, b) => a.id.localeCompare(b.id)),
    witnesses: ws.witnesses.list(caseId),
    bytes,
  };
}

// ------------------------------------------------------------------------------------------ protected names

export interface ProtectedName {
  name: string;
  pseudonym: string;
}

const MIN_NAME = 3;

/**
 * Names that must not leave the vault, with the pseudonym that replaces each. Reads identities from the
 * compartment (each read is logged by the witness service).
 */
export function protectedNames(ws: CaseServices, plan: PackagePlan): ProtectedName[] {
  const named = new Set(plan.items.filter((i) => i.kind === 'statement' && i.named).map((i) => (i.kind === 'statement' ? i.witness.id : '')));
  const out: ProtectedName[] = [];
  const add = (n: string | undefined, pseudonym: string) => {
    const name = n?.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (name && [...name].length >= MIN_NAME && name !== pseudonym) out.push({ name, pseudonym });
  };
  // Protected entities (victims, flagged, witness-linked): their recorded names, as written.
  for (const p of protectedEntities(ws, plan.caseId).values()) {
    if (p.witnessId && named.has(p.witnessId)) continue;
    const e = ws.repo.get<EntityData>(p.entityId);
    if (e) for (const n of [e.data.name, e.data.originalScriptName, ...e.data.aliases.map((a) => a.value)]) add(n, p.label);
  }
  if (plan.witnesses.length === 0) return sortNames(out);
  if (!ws.ctx.vault.witnessUnlocked) {
    throw new SanctumError(
      'COMPARTMENT_LOCKED',
      'this case has witnesses: unlock the witness compartment so that every file can be checked for their names before it leaves the vault',
    );
  }
  for (const w of plan.witnesses) {
    if (named.has(w.id) || !ws.witnesses.hasIdentity(w.id)) continue;
    const id = ws.witnesses.revealIdentity(w.id);
    if (!id) continue;
    const pseudo = w.data.pseudonym;
    for (const n of [id.fullName, ...id.otherNames, ...id.nicknames]) add(n, pseudo);
    // Files are searched byte for byte (they may be PDFs or images): every ordered pair of name parts as written,
    // so "Yonas Tesfamariam" and "Berhe, Yonas" are found in a file about "Yonas Tesfamariam Berhe".
    const parts = [...new Set([id.givenName, id.fatherName, id.grandfatherName, id.familyName, ...id.fullName.split(/\s+/)].map((x) => x?.trim()).filter((x): x is string => !!x))];
    for (const a of parts) for (const b of parts) if (a !== b) {
      add(`${a} ${b}`, pseudo);
      add(`${a}, ${b}`, pseudo);
    }
    add(id.phone, pseudo);
    for (const n of id.idNumbers) add(n, pseudo);
  }
  return sortNames(out);
}

/** Longest first, so "Amanuel Tesfay Haile" is replaced before "Amanuel Tesfay". */
function sortNames(names: ProtectedName[]): ProtectedName[] {
  return names.sort((a, b) => b.name.length - a.name.length);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replace protected names in text (any case, after Unicode normalisation) with pseudonyms. */
export function makeScrubber(names: readonly ProtectedName[]): (text: string) => string {
  if (names.length === 0) return (t) => t;
  const res = names.map((n) => ({ re: new RegExp(escapeRegExp(n.name), 'giu'), to: n.pseudonym }));
  return (text) => {
    let t = text.normalize('NFC');
    for (const { re, to } of res) t = t.replace(re, to);
    return t;
  };
}

/** Every string inside a JSON-like value, scrubbed. */
export function scrubDeep<T>(value: T, scrub: (t: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, scrub)])) as T;
  return value;
}

/** Byte patterns of each name: UTF-8, UTF-16LE and UTF-16BE; as written, lower case, upper case and title case. */
export function namePatterns(names: readonly ProtectedName[]): Buffer[] {
  const forms = new Set<string>();
  for (const { name } of names) {
    const title = name.toLowerCase().replace(/(^|\s)(\p{L})/gu, (_m, s: string, c: string) => s + c.toUpperCase());
    for (const f of [name, name.toLowerCase(), name.toUpperCase(), title, name.normalize('NFD')]) forms.add(f);
  }
  const out: Buffer[] = [];
  for (const f of forms) {
    const le = Buffer.from(f, 'utf16le');
    out.push(Buffer.from(f, 'utf8'), le, Buffer.from(le).swap16());
  }
  return out;
}

/** Streaming search for any of the patterns across chunk boundaries. */
export class NameScanner {
  #tail: Buffer = Buffer.alloc(0);
  readonly #keep: number;
  found = false;

  constructor(private readonly patterns: readonly Buffer[]) {
    this.#keep = Math.max(0, ...patterns.map((p) => p.length)) - 1;
  }

  push(chunk: Uint8Array): void {
    if (this.found || this.patterns.length === 0) return;
    const buf = this.#tail.length ? Buffer.concat([this.#tail, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.patterns.some((p) => buf.includes(p))) this.found = true;
    this.#tail = Buffer.from(buf.subarray(Math.max(0, buf.length - this.#keep)));
  }
}

// -------------------------------------------------------------------------------------------- statements

/** The text of a statement as it leaves the vault under a profile (names already decided). */
export function renderStatement(
  ev: StoredRecord<EvidenceData>,
  witness: StoredRecord<WitnessData>,
  opts: { profile: DisclosureProfile; realName: string | null; source: StoredRecord<SourceData> | undefined },
): string {
  const st = ev.data.statement!;
  const i = st.interview;
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const who = opts.realName ? `${opts.realName} (named with the witness's consent; pseudonym ${witness.data.pseudonym})` : `${witness.data.pseudonym} (pseudonym)`;
  const lines = [
    `WITNESS STATEMENT — ${ev.data.title}`,
    '',
    `Witness:          ${who}`,
    `Evidence item:    ${ev.id}`,
    `Interview date:   ${formatPartialDate(i.date) || 'not recorded'}`,
    `Place:            ${i.place ?? 'not recorded'}`,
    `Interviewer:      ${i.interviewer ?? 'not recorded'}`,
    `Language:         ${i.language ?? ev.data.language ?? 'not recorded'}${i.interpreter ? ` (interpreter: ${i.interpreter})` : ''}`,
    `Consent:          use for listing: ${yes(st.consent.useForListing)}; share with prosecutors: ${yes(st.consent.shareWithProsecutors)}; may be named: ${yes(st.consent.mayBeNamed)}`,
    `Risk level:       ${st.riskLevel}`,
    `Credibility:      ${ev.data.credibility}${opts.source ? `; source ${opts.source.data.name} (reliability ${opts.source.data.reliability})` : ''}`,
    `Disclosure:       ${opts.profile} profile`,
    '',
    '-'.repeat(72),
    '',
    st.text,
    '',
  ];
  return lines.join('\n');
}

export function statementFileName(witness: StoredRecord<WitnessData>): string {
  return sanitiseFileName(`statement-${witness.data.pseudonym}.txt`);
}
