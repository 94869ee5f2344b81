/**
 * Build a case's graph snapshot (shared/graph/snapshot.ts) from the workspace: entities, links with the claims
 * and evidence grades behind them, events, and the saved layout.
 *
 * Witness rule: this reads the main records only, never the witness compartment, so the snapshot is the same
 * whether the compartment is locked or not. An entity standing for a witness is reduced to its pseudonym (from
 * the witness record), kind and roles: aliases, original-script name, birth date, nationality and countries
 * could identify the person and are left out.
 */
import type { CaseData, ClaimData, EventData, EvidenceData, LinkData, SourceData, WitnessData } from '../../../shared/model/records';
import { SNAPSHOT_VERSION, type CaseGraphSnapshot, type Positions, type SnapshotLink, type SnapshotNode, type SupportItem } from '../../../shared/graph/snapshot';
import { requireKind } from '../case/context';
import type { Workspace } from '../case/workspace';
import { GraphStore } from './graph-store';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function buildCaseSnapshot(ws: Workspace, caseId: string): CaseGraphSnapshot {
  const c = requireKind<CaseData>(ws.repo, caseId, 'case');
  const repo = ws.repo;
  const index = ws.ctx.index;

  const nodes: SnapshotNode[] = ws.entities.list(caseId).map((r) => {
    const d = r.data;
    if (d.witnessId) {
      const w = repo.get<WitnessData>(d.witnessId);
      return { id: r.id, kind: d.kind, name: w?.data.pseudonym ?? d.name, aliases: [], roles: d.roles, nationality: [], countries: [], isWitness: true };
    }
    const n: SnapshotNode = {
      id: r.id,
      kind: d.kind,
      name: d.name,
      aliases: d.aliases.map((a) => a.value),
      roles: d.roles,
      nationality: d.nationality,
      countries: d.countries,
      isWitness: false,
    };
    if (d.originalScriptName) n.originalScriptName = d.originalScriptName;
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
      title: d.title,
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

  return { version: SNAPSHOT_VERSION, caseId, caseName: c.data.name, nodes, links, events, positions };
}

