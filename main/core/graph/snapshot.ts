/**
 * Build a case's graph snapshot (shared/graph/snapshot.ts) from the workspace: entities, links with the claims
 * and evidence grades behind them, events, and the saved layout.
 *
 * Protection rule (main/core/protection): a protected entity (witness-linked from either side, victim, flagged)
 * is reduced to its label (the witness's pseudonym), kind and roles: aliases, original-script name, birth date,
 * nationality and countries could identify the person and are left out. Every other label (names, aliases,
 * event titles) goes through the identity matcher; with the witness compartment open that includes the
 * witnesses' identities, so PNG/SVG drawn from the snapshot carry none.
 */
import type { CaseData, ClaimData, EventData, EvidenceData, LinkData, SourceData } from '../../../shared/model/records';
import { SNAPSHOT_VERSION, type CaseGraphSnapshot, type Positions, type SnapshotLink, type SnapshotNode, type SupportItem } from '../../../shared/graph/snapshot';
import { requireKind } from '../case/context';
import type { CaseServices } from '../case/services';
import { OutputProtection, type ProtectionSources } from '../protection';
import { GraphStore } from './graph-store';

/** What a snapshot reads: the case's entities, links and events, their claims and evidence, who is protected. */
export type SnapshotSources = ProtectionSources & Pick<CaseServices, 'ctx' | 'entities' | 'links' | 'events'>;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** `protection`: an export's own (with its review decisions); a fresh one otherwise. */
export function buildCaseSnapshot(ws: SnapshotSources, caseId: string, opts: { protection?: OutputProtection } = {}): CaseGraphSnapshot {
  const c = requireKind<CaseData>(ws.ctx.repo, caseId, 'case');
  const repo = ws.ctx.repo;
  const index = ws.ctx.index;

  // One definition of who is protected (main/core/protection): witness-linked entities from either side,
  // victims, anyone flagged. Their nodes carry the label only; every other label is checked for identities.
  const protection = opts.protection ?? OutputProtection.forCase(ws, caseId);
  const t = (s: string) => protection.text('graph label', s);
  const nodes: SnapshotNode[] = ws.entities.list(caseId).map((r) => {
    const d = r.data;
    const p = protection.entities.get(r.id);
    if (p) return { id: r.id, kind: d.kind, name: p.label, aliases: [], roles: d.roles, nationality: [], countries: [], isWitness: p.reason === 'witness' };
    const n: SnapshotNode = {
      id: r.id,
      kind: d.kind,
      name: t(d.name),
      aliases: d.aliases.map((a) => t(a.value)),
      roles: d.roles,
      nationality: d.nationality,
      countries: d.countries,
      isWitness: false,
    };
    if (d.originalScriptName) n.originalScriptName = t(d.originalScriptName);
    if (d.birthDate) n.birthDate = d.birthDate;
    return n;
  });
  nodes.sort(byId);

  // Evidence items are cited by many claims: grade each once.
  const items = new Map<string, SupportItem | null>();
  const itemOf = (evidenceId: string): SupportItem | null => {
    if (items.has(evidenceId)) return items.get(evidenceId)!;
    const ev = repo.get<EvidenceData>(evidenceId);
    let item: SupportItem | null = null;
    if (ev?.kind === 'evidence') {
      // A working copy (translation, redaction) is not independent of its original: use the original's source.
      let sourceId = ev.data.sourceId ?? null;
      for (let cur = ev, hops = 0; sourceId === null && cur.data.derivedFrom && hops < 20; hops++) {
        const orig = repo.get<EvidenceData>(cur.data.derivedFrom.evidenceId);
        if (!orig) break;
        sourceId = orig.data.sourceId ?? null;
        cur = orig;
      }
      const src = sourceId ? repo.get<SourceData>(sourceId) : undefined;
      item = {
        evidenceId,
        sourceId: src ? sourceId : null,
        grade: src?.data.reliability ?? null,
        credibility: ev.data.credibility,
        verified: ev.data.verifiedDocument,
      };
    }
    items.set(evidenceId, item);
    return item;
  };

  const links: SnapshotLink[] = ws.links.list(caseId).map((r) => {
    const d = r.data as LinkData;
    const support = index
      .records<ClaimData>('claimAbout', r.id, 'claim')
      .filter((cl) => cl.data.assertion.type === 'link')
      .sort(byId)
      .map((cl) => ({
        claimId: cl.id,
        assessment: cl.data.assessment,
        evidence: cl.data.evidence.map((e) => itemOf(e.evidenceId)).filter((x): x is SupportItem => x !== null),
      }));
    const l: SnapshotLink = { id: r.id, kind: d.kind, source: d.source, target: d.target, support };
    if (d.role) l.role = d.role;
    if (d.start) l.start = d.start;
    if (d.end) l.end = d.end;
    if (d.date) l.date = d.date;
    if (d.money) l.money = d.money.currency ? { amount: d.money.amount, currency: d.money.currency } : { amount: d.money.amount };
    return l;
  });
  links.sort(byId);

  const events = ws.events.list(caseId).map((r) => {
    const d = r.data as EventData;
    const e: CaseGraphSnapshot['events'][number] = {
      id: r.id,
      title: t(d.title),
      participants: d.participants.map((p) => ({ entityId: p.entityId, role: p.role })),
      conduct: d.conduct,
    };
    if (d.date) e.date = d.date;
    if (d.endDate) e.endDate = d.endDate;
    return e;
  });
  events.sort(byId);

  const present = new Set(nodes.map((n) => n.id));
  const positions: Positions = {};
  for (const [id, p] of Object.entries(new GraphStore(ws).positions(caseId))) if (present.has(id)) positions[id] = p;

  return { version: SNAPSHOT_VERSION, caseId, caseName: t(c.data.name), nodes, links, events, positions };
}

