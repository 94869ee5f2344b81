/**
 * GEXF 1.2 writer (https://gexf.net/) for a case graph snapshot, for Gephi's timeline (and networkx's
 * `read_gexf`). The same nodes, edges and attributes as the GraphML export (main/core/exchange/graphml/writer.ts
 * holds the attribute table and its meaning), plus time:
 *
 *  - `<graph mode="dynamic" timeformat="date">`: spells are whole days, YYYY-MM-DD.
 *  - An edge's spell is the link's extent (shared/graph/time.ts): from the earliest possible start to the latest
 *    possible end for a period (membership), the bounds of the date for a point (a payment). Partial dates are
 *    ranges ("1980" is 1980-01-01 … 1980-12-31; "c. 1980" widens by a year). An open side (no end: still
 *    active; no start: since an unknown time) is left out of the spell. An undated link has no spell, which
 *    GEXF reads as "always there".
 *  - A node's spells are the union of its links' extents and the extents of the events it took part in
 *    (overlapping ones merged), so that in Gephi a node is shown whenever one of its links or events may be
 *    active. A node with an undated link, or with no dated link or event at all, has no spells: always there.
 *
 * GEXF has native `label` (node: the name, a witness's pseudonym; edge: the link kind's label) and edge
 * `weight` (claims asserting the link, at least 1; see the GraphML writer), so those two are not repeated as
 * attributes. Direction: `directed` (default) writes every edge directed with `link_directed` saying what the link
 * kind is; `mixed` writes undirected link kinds with `type="undirected"` (Gephi reads mixed graphs; networkx
 * does not). Witnesses appear only under their pseudonym (the snapshot never holds more).
 */
import { edgeEvidence } from '../../../../shared/graph/evidence';
import type { CaseGraphSnapshot } from '../../../../shared/graph/snapshot';
import { eventExtent, extentOf, MAX_DATE, MIN_DATE, type Extent } from '../../../../shared/graph/time';
import { LINK_KIND_SPECS } from '../../../../shared/model/vocabulary';
import { EDGE_KEYS, lexical, linksAmong, linkWeight, nodeKeysFor, type EdgeMode, type GraphmlKey, type GraphmlKeyType, type NodeAnalytics } from '../graphml/writer';
import { escapeAttr, escapeText } from '../graphml/xml';

export interface GexfOptions {
  analytics?: Record<string, NodeAnalytics>;
  edges?: EdgeMode;
}

export interface Spell {
  /** First day, absent when open. */
  start?: string;
  /** Last day, absent when open. */
  end?: string;
}

const GEXF_TYPE: Record<GraphmlKeyType, string> = { string: 'string', boolean: 'boolean', int: 'integer', double: 'double' };
/** Native GEXF fields, not repeated as attributes. */
const NATIVE = new Set(['n_label', 'e_label', 'e_weight']);

/** dateBounds' own stand-ins for an open side of a range ("from 2015"), and ours. */
const OPEN_START = new Set([MIN_DATE, '1000-01-01']);
const OPEN_END = new Set([MAX_DATE, '2999-12-31']);

/** The spell of an extent, open sides left out; null for undated (always there). */
export function spellOf(x: Extent | null): Spell | null {
  if (!x) return null;
  const s: Spell = {};
  if (!OPEN_START.has(x.earliest)) s.start = x.earliest;
  if (!OPEN_END.has(x.latest)) s.end = x.latest;
  return s;
}

/** Union of spells (open sides are -∞ / +∞), sorted, overlapping or touching ones merged; null if any is null. */
export function mergeSpells(spells: readonly (Spell | null)[]): Spell[] | null {
  if (spells.length === 0 || spells.some((s) => s === null)) return null;
  const lo = (s: Spell) => s.start ?? '';
  const hi = (s: Spell) => s.end ?? '\uffff';
  const sorted = [...(spells as Spell[])].sort((a, b) => (lo(a) < lo(b) ? -1 : lo(a) > lo(b) ? 1 : 0));
  const out: Spell[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    // Touching: the next spell starts the day after (or before) the last one ends.
    if (last && lo(s) <= nextDay(hi(last))) {
      if (hi(s) > hi(last)) {
        if (s.end === undefined) delete last.end;
        else last.end = s.end;
      }
    } else out.push({ ...s });
  }
  return out;
}

function nextDay(ymd: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return ymd;
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function attvalues<T>(keys: readonly GraphmlKey<T>[], x: T, indent: string): string[] {
  const vals: string[] = [];
  for (const k of keys) {
    const v = lexical(k.type, k.value(x));
    if (v !== null) vals.push(`${indent}  <attvalue for="${k.id}" value="${escapeAttr(v)}"/>`);
  }
  return vals.length ? [`${indent}<attvalues>`, ...vals, `${indent}</attvalues>`] : [];
}

function spellLines(spells: readonly Spell[] | null, indent: string): string[] {
  // One spell open on both sides is no limit at all.
  if (!spells?.length || (spells.length === 1 && !spells[0]!.start && !spells[0]!.end)) return [];
  return [
    `${indent}<spells>`,
    ...spells.map((s) => `${indent}  <spell${s.start ? ` start="${s.start}"` : ''}${s.end ? ` end="${s.end}"` : ''}/>`),
    `${indent}</spells>`,
  ];
}

function attributeBlock<T>(cls: 'node' | 'edge', keys: readonly GraphmlKey<T>[]): string[] {
  return [
    `    <attributes class="${cls}" mode="static">`,
    ...keys.map((k) => `      <attribute id="${k.id}" title="${k.name}" type="${GEXF_TYPE[k.type]}"/>`),
    '    </attributes>',
  ];
}

export function writeGexf(s: CaseGraphSnapshot, opts: GexfOptions = {}): { xml: string; nodes: number; edges: number } {
  const mode = opts.edges ?? 'directed';
  const nodeKeys = nodeKeysFor(opts.analytics !== undefined).filter((k) => !NATIVE.has(k.id));
  const edgeKeys = EDGE_KEYS.filter((k) => !NATIVE.has(k.id));
  const links = linksAmong(s);

  // A node's spells: its links' and events' extents.
  const extents = new Map<string, (Spell | null)[]>();
  const see = (id: string, sp: Spell | null) => {
    const list = extents.get(id);
    if (list) list.push(sp);
    else extents.set(id, [sp]);
  };
  const linkSpells = new Map<string, Spell | null>();
  for (const l of links) {
    const sp = spellOf(extentOf(l));
    linkSpells.set(l.id, sp);
    see(l.source, sp);
    see(l.target, sp);
  }
  for (const e of s.events) {
    const sp = spellOf(eventExtent(e));
    // An undated event says nothing about when its participants were there.
    if (!sp) continue;
    for (const p of e.participants) see(p.entityId, sp);
  }

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
    '  <meta>',
    '    <creator>Sanctum</creator>',
    `    <description>${escapeText(`Network of case ${s.caseName} (${s.caseId})`)}</description>`,
    '  </meta>',
    `  <graph mode="dynamic" timeformat="date" defaultedgetype="${mode === 'directed' ? 'directed' : 'undirected'}">`,
    ...attributeBlock('node', nodeKeys),
    ...attributeBlock('edge', edgeKeys),
    '    <nodes>',
  ];
  // Mixed: the default is undirected and directed link kinds say so, as Gephi reads mixed GEXF.
  for (const n of s.nodes) {
    out.push(
      `      <node id="${escapeAttr(n.id)}" label="${escapeAttr(n.name)}">`,
      ...attvalues(nodeKeys, { n, a: opts.analytics?.[n.id] }, '        '),
      ...spellLines(mergeSpells(extents.get(n.id) ?? []), '        '),
      '      </node>',
    );
  }
  out.push('    </nodes>', '    <edges>');
  for (const l of links) {
    const ev = edgeEvidence(l.support);
    const type = mode === 'mixed' && LINK_KIND_SPECS[l.kind].directed ? ' type="directed"' : '';
    const sp = linkSpells.get(l.id) ?? null;
    out.push(
      `      <edge id="${escapeAttr(l.id)}" source="${escapeAttr(l.source)}" target="${escapeAttr(l.target)}" label="${escapeAttr(LINK_KIND_SPECS[l.kind].label)}" weight="${linkWeight(ev)}"${type}>`,
      ...attvalues(edgeKeys, { l, ev }, '        '),
      ...spellLines(sp ? [sp] : null, '        '),
      '      </edge>',
    );
  }
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return { xml: out.join('\n'), nodes: s.nodes.length, edges: links.length };
}
