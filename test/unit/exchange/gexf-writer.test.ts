/** The GEXF writer on its own: spells from partial dates, their union per node, and escaping. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { mergeSpells, spellOf, writeGexf } from '../../../main/core/exchange/gexf/writer';
import { extentOf } from '../../../shared/graph/time';
import { hexId, link, node, snapshot } from '../../helpers/graph-fixtures';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['node', 'edge', 'spell', 'attvalue', 'attribute'].includes(name) });

describe('GEXF spells', () => {
  it('turn partial dates into day ranges and leave open sides open', () => {
    expect(spellOf(extentOf({ date: { value: '2017' } }))).toEqual({ start: '2017-01-01', end: '2017-12-31' });
    // "c. 1980" widens by a year each way.
    expect(spellOf(extentOf({ date: { value: '1980', approximate: true } }))).toEqual({ start: '1979-01-01', end: '1981-12-31' });
    expect(spellOf(extentOf({ start: { value: '2015-06' } }))).toEqual({ start: '2015-06-01' });
    expect(spellOf(extentOf({ end: { value: '2016' } }))).toEqual({ end: '2016-12-31' });
    expect(spellOf(extentOf({ date: { from: '2015' } }))).toEqual({ start: '2015-01-01' });
    // Text only: undated, always there.
    expect(spellOf(extentOf({ date: { text: 'during the war' } }))).toBeNull();
  });

  it('merge per node: overlapping and touching ones join, an open end swallows what follows, undated means always', () => {
    expect(mergeSpells([{ start: '2017-04-01', end: '2017-04-30' }, { start: '2017-03-01', end: '2017-03-31' }, { start: '2019-01-01', end: '2019-01-02' }])).toEqual([
      { start: '2017-03-01', end: '2017-04-30' },
      { start: '2019-01-01', end: '2019-01-02' },
    ]);
    expect(mergeSpells([{ start: '2015-01-01' }, { start: '2016-01-01', end: '2016-02-01' }, { start: '2020-01-01', end: '2020-12-31' }])).toEqual([{ start: '2015-01-01' }]);
    expect(mergeSpells([{ end: '2014-12-31' }, { start: '2015-01-01', end: '2015-02-01' }])).toEqual([{ end: '2015-02-01' }]);
    expect(mergeSpells([{ start: '2015-01-01', end: '2015-02-01' }, null])).toBeNull();
    expect(mergeSpells([])).toBeNull();
  });
});

describe('writeGexf', () => {
  it('writes a well-formed dynamic graph: native label and weight, typed attributes, spells, escaped names', () => {
    const hostile = 'A "quoted" <name> & co\u0001';
    const s = snapshot(
      [node('A', { name: hostile }), node('B'), node('C')],
      [link('A', 'B', { kind: 'paid', id: hexId(0xe1), date: { value: '2017-03' }, money: { amount: 5, currency: 'USD' } }), link('B', 'C', { kind: 'associate', id: hexId(0xe2) })],
      { events: [{ id: hexId(0xee), title: 't', date: { value: '2018-02-02' }, participants: [{ entityId: hexId('C'), role: 'x' }], conduct: [] }] },
    );
    const { xml, nodes, edges } = writeGexf(s);
    expect({ nodes, edges }).toEqual({ nodes: 3, edges: 2 });
    expect(XMLValidator.validate(xml)).toBe(true);
    const g = parser.parse(xml).gexf.graph;
    expect(g).toMatchObject({ mode: 'dynamic', timeformat: 'date', defaultedgetype: 'directed' });
    const titles = g.attributes.flatMap((a: { attribute: { title: string }[] }) => a.attribute.map((x) => x.title));
    // label and weight are GEXF's own fields, not repeated as attributes.
    expect(titles).not.toContain('label');
    expect(titles).not.toContain('weight');
    expect(titles).toContain('link_directed');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed XML
    const byId = (xs: { id: string }[], id: string): any => xs.find((x) => x.id === id);
    // XML-illegal characters become U+FFFD; the rest comes back as written.
    expect(byId(g.nodes.node, hexId('A')).label).toBe('A "quoted" <name> & co\uFFFD');
    const paid = byId(g.edges.edge, hexId(0xe1));
    expect(paid).toMatchObject({ label: 'Paid', weight: '1', spells: { spell: [{ start: '2017-03-01', end: '2017-03-31' }] } });
    expect(paid).not.toHaveProperty('type');
    // B and C have an undated link: always there (C's dated event cannot narrow that).
    expect(byId(g.nodes.node, hexId('B'))).not.toHaveProperty('spells');
    expect(byId(g.nodes.node, hexId('C'))).not.toHaveProperty('spells');
    expect(byId(g.nodes.node, hexId('A')).spells.spell).toEqual([{ start: '2017-03-01', end: '2017-03-31' }]);

    // Mixed: undirected by default, directed link kinds say so.
    const mixed = parser.parse(writeGexf(s, { edges: 'mixed' }).xml).gexf.graph;
    expect(mixed.defaultedgetype).toBe('undirected');
    expect(byId(mixed.edges.edge, hexId(0xe1)).type).toBe('directed');
    expect(byId(mixed.edges.edge, hexId(0xe2))).not.toHaveProperty('type');
  });

  it('gives a node with only dated links and events the union of their spells', () => {
    const s = snapshot([node('A'), node('B')], [link('A', 'B', { id: hexId(0xe3), start: { value: '2016-01' }, end: { value: '2016-06' } })], {
      events: [{ id: hexId(0xef), title: 't', date: { value: '2018-02-02' }, participants: [{ entityId: hexId('B'), role: 'x' }], conduct: [] }],
    });
    const g = parser.parse(writeGexf(s).xml).gexf.graph;
    const b = g.nodes.node.find((n: { id: string }) => n.id === hexId('B'));
    expect(b.spells.spell).toEqual([
      { start: '2016-01-01', end: '2016-06-30' },
      { start: '2018-02-02', end: '2018-02-02' },
    ]);
  });
});
