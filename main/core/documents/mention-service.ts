/**
 * Mentions over the vault: `entity.mentions` (where one entity is named in the case's documents) and
 * `evidence.suggestions` (known entities, patterns and unknown names in one document). Reads the extracted
 * text (`evidence_text` records), the case's entities, links and claims from the `records` repository only;
 * the witness compartment (`witness_records`) is never read, so a witness appears only by the pseudonym their
 * entity carries.
 *
 * Nothing is stored: suggestions are computed on request. A 300-page document takes a noticeable while, so the
 * work is cut into pages and yields to the event loop whenever a slice has run for SLICE_MS: IPC keeps being
 * served meanwhile (measured in test/bench/suites/mentions.bench.ts).
 */
import type { DocumentSuggestions, Mention } from '../../../shared/ipc/schemas/documents';
import type { EntityData, EvidenceData, EvidenceTextRecordData, LinkData, TextPage } from '../../../shared/model/records';
import type { Repository } from '../store/repository';
import type { StoredRecord } from '../store/sealed-store';
import { entityNames } from '../search/entity-names';
import { findUnknownNames, NameMatcher, snippetAround } from './mentions';
import { findPatterns, normaliseIdentifier, type PatternType } from './patterns';

const SLICE_MS = 12;

/** Opens a text record's pages (DocumentTextService: from the sealed body blob, documents/text-store.ts). */
export interface TextPages {
  pages(rec: StoredRecord<EvidenceTextRecordData>): Promise<TextPage[]>;
}

/** Yields to the event loop when the current slice has run long enough. */
class Slicer {
  #since = performance.now();
  async tick(): Promise<void> {
    if (performance.now() - this.#since < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#since = performance.now();
  }
}

function entitiesOf(repo: Repository, caseId: string): StoredRecord<EntityData>[] {
  return [...repo.ofKind('entity')].filter((e) => e.data.caseId === caseId);
}

/** The extracted text of an evidence item, or null (the newest record when there are several). */
export function textOf(repo: Repository, evidenceId: string): StoredRecord<EvidenceTextRecordData> | null {
  let best: StoredRecord<EvidenceTextRecordData> | null = null;
  for (const r of repo.ofKind('evidence_text')) {
    if (r.data.evidenceId !== evidenceId) continue;
    if (!best || r.data.extractedAt > best.data.extractedAt) best = r;
  }
  return best;
}

/** entityId -> evidence ids cited by a claim about that entity (conduct, participation, or a link it is in). */
function linkedEvidence(repo: Repository, caseId: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (entityId: string, evidenceIds: string[]) => {
    let s = out.get(entityId);
    if (!s) out.set(entityId, (s = new Set()));
    for (const id of evidenceIds) s.add(id);
  };
  for (const c of repo.ofKind('claim')) {
    if (c.data.caseId !== caseId) continue;
    const ev = c.data.evidence.map((e) => e.evidenceId);
    const a = c.data.assertion;
    if (a.type === 'link') {
      const link = repo.get<LinkData>(a.linkId);
      if (link && link.kind === 'link') {
        add(link.data.source, ev);
        add(link.data.target, ev);
      }
    } else add(a.entityId, ev);
  }
  return out;
}

/** normalised identifier ("phone:+218…") -> entity id, for the case's entities. */
function identifierMap(entities: readonly StoredRecord<EntityData>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entities) {
    for (const idf of e.data.identifiers ?? []) {
      const n = normaliseIdentifier(idf.type, idf.value);
      if (n && !out.has(`${n.type}:${n.normalised}`)) out.set(`${n.type}:${n.normalised}`, e.id);
    }
  }
  return out;
}

function titleOf(repo: Repository, evidenceId: string): string {
  return repo.get<EvidenceData>(evidenceId)?.data.title ?? evidenceId;
}

/** Known entities, patterns and unknown names in one document. */
export async function documentSuggestions(repo: Repository, evidenceId: string, bodies: TextPages): Promise<DocumentSuggestions> {
  const evidence = repo.require<EvidenceData>(evidenceId, 'evidence');
  const caseId = evidence.data.caseId;
  const text = textOf(repo, evidenceId);
  const out: DocumentSuggestions = { evidenceId, entities: [], patterns: [], unknownNames: [] };
  if (!text) return out;
  const entities = entitiesOf(repo, caseId);
  const matcher = new NameMatcher(entities.map(entityNames));
  const ids = identifierMap(entities);
  const linked = linkedEvidence(repo, caseId);
  const names = new Map<string, { entityId: string; name: string; count: number; firstPage: number; linked: boolean }>();
  const unknown = new Map<string, { name: string; count: number; page: number }>();
  const patternSeen = new Set<string>();
  const slicer = new Slicer();
  for (const page of await bodies.pages(text)) {
    const found = matcher.find(page.text);
    for (const m of found) {
      const e = names.get(m.entityId);
      if (e) e.count++;
      else {
        const rec = entities.find((x) => x.id === m.entityId)!;
        names.set(m.entityId, { entityId: m.entityId, name: rec.data.name, count: 1, firstPage: page.page, linked: linked.get(m.entityId)?.has(evidenceId) ?? false });
      }
    }
    await slicer.tick();
    for (const u of findUnknownNames(page.text, matcher, found)) {
      const key = u.name.replace(/\s+/g, ' ');
      const e = unknown.get(key);
      if (e) e.count++;
      else unknown.set(key, { name: key, count: 1, page: page.page });
    }
    await slicer.tick();
    for (const p of findPatterns(page.text)) {
      const key = `${p.type}:${p.normalised}`;
      if (patternSeen.has(key)) continue;
      patternSeen.add(key);
      const entityId = ids.get(key);
      out.patterns.push({ type: p.type, value: p.value, normalised: p.normalised, page: page.page, ...(entityId ? { entityId } : {}) });
    }
    await slicer.tick();
  }
  out.entities = [...names.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  out.unknownNames = [...unknown.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return out;
}

/** Where one entity is named (name, alias) or its identifiers occur in the case's documents. */
export async function entityMentions(repo: Repository, entityId: string, bodies: TextPages): Promise<Mention[]> {
  const entity = repo.require<EntityData>(entityId, 'entity');
  const caseId = entity.data.caseId;
  // The whole case's names: a span that better names another entity is that entity's, not this one's.
  const matcher = new NameMatcher(entitiesOf(repo, caseId).map(entityNames));
  const wanted = new Map<string, PatternType>();
  for (const idf of entity.data.identifiers ?? []) {
    const n = normaliseIdentifier(idf.type, idf.value);
    if (n) wanted.set(`${n.type}:${n.normalised}`, n.type);
  }
  const linked = linkedEvidence(repo, caseId).get(entityId) ?? new Set<string>();
  const out: Mention[] = [];
  const slicer = new Slicer();
  const texts = [...repo.ofKind('evidence_text')].filter((t) => t.data.caseId === caseId);
  const newest = new Map<string, StoredRecord<EvidenceTextRecordData>>();
  for (const t of texts) {
    const prev = newest.get(t.data.evidenceId);
    if (!prev || t.data.extractedAt > prev.data.extractedAt) newest.set(t.data.evidenceId, t);
  }
  for (const t of newest.values()) {
    const evidenceId = t.data.evidenceId;
    if (!repo.get(evidenceId)) continue;
    const title = titleOf(repo, evidenceId);
    // An item deleted meanwhile (its body with it) has no mentions any more.
    const pages = await bodies.pages(t).catch((e: unknown) => {
      if (!repo.get(t.id)) return [];
      throw e;
    });
    for (const page of pages) {
      const hits: { start: number; end: number; found: string; via: Mention['via'] }[] = [];
      for (const m of matcher.find(page.text)) if (m.entityId === entityId) hits.push({ start: m.start, end: m.end, found: m.found, via: m.via });
      if (wanted.size) {
        for (const p of findPatterns(page.text)) {
          if (wanted.has(`${p.type}:${p.normalised}`)) hits.push({ start: p.start, end: p.end, found: p.value, via: 'identifier' });
        }
      }
      for (const h of hits.sort((a, b) => a.start - b.start)) {
        const { snippet, highlights } = snippetAround(page.text, h.start, h.end);
        out.push({ evidenceId, title, page: page.page, snippet, highlights, found: h.found, via: h.via, linked: linked.has(evidenceId) });
      }
      await slicer.tick();
    }
  }
  return out;
}
