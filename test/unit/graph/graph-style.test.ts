/**
 * What the canvas is told to draw (renderer/graph/graph-style.ts is pure data, no DOM): label texts with their
 * numbers written the en-US way, and the level of detail of labels in large views (issue 13).
 */
import { describe, expect, it } from 'vitest';
import type { MetaGraph } from '../../../shared/graph/explore';
import { buildElements, edgeData, metaElements, moneyText, stylesheet } from '../../../renderer/graph/graph-style';
import { link, node, snapshot } from '../../helpers/graph-fixtures';

describe('graph labels', () => {
  it('writes amounts and counts with en-US grouping, as toLocaleString did', () => {
    const l = link('A', 'B', { kind: 'paid', money: { amount: 1234567.5, currency: 'USD' } });
    expect(String(edgeData(l, undefined, undefined).label)).toMatch(/ · 1,234,567\.5 USD$/);
    expect(moneyText({ EUR: 700.4, USD: 1500 })).toBe('1,500 USD, 700 EUR');
    const els = buildElements({ snapshot: snapshot([node('A'), node('B')], [l]) });
    expect(els.filter((e) => e.group === 'edges').map((e) => String(e.data.label))).toEqual([expect.stringContaining('1,234,567.5 USD')]);
  });

  it('labels meta-nodes and meta-links with their counts and money', () => {
    const m = {
      groupBy: 'kind',
      groups: [
        { id: 'g:person', key: 'person', label: 'person', count: 12345, members: [], money: { USD: 2500 } },
        { id: 'g:company', key: 'company', label: 'company', count: 1, members: [], money: {} },
      ],
      metaLinks: [{ id: 'm1', source: 'g:person', target: 'g:company', count: 1001, money: {} }],
      open: [],
      groupOf: {},
      nodes: [],
      links: [],
    } as unknown as MetaGraph;
    const els = metaElements(m);
    // The overview's disc label (overview-layout.ts): name, count with the shared formatter, money.
    const person = String(els.find((e) => e.data.id === 'g:person')!.data.label).split('\n');
    expect(person).toEqual(['Person', '12,345 entities', '2.5K USD']);
    expect(els.find((e) => e.data.id === 'm1')!.data.label).toBe('1,001 links');
  });
});

describe('level of detail', () => {
  type Rule = { selector: string; style: Record<string, unknown> };
  const rules = (sheet: ReturnType<typeof stylesheet>) => sheet as unknown as Rule[];
  const rule = (sheet: ReturnType<typeof stylesheet>, selector: string) => rules(sheet).find((r) => r.selector === selector)?.style;

  it('a large view labels only the entities marked labelled (and selected ones), and links on hover', () => {
    const large = stylesheet({ large: true });
    expect(rule(large, 'node')!.label).toBe('');
    expect(rule(large, 'node.labelled, node:selected, node.path, node.keyboard-focus')!.label).toBe('data(label)');
    // No link label rule for every edge in a large view; hover (show-label) and selection bring one.
    expect(rules(large).filter((r) => r.selector === 'edge').some((r) => 'label' in r.style)).toBe(false);
    expect(rule(large, 'edge.show-label, edge:selected')!.label).toBe('data(label)');
  });

  it('a small view labels every entity, and links once zoomed in far enough to read them', () => {
    const small = stylesheet({ large: false });
    expect(rule(small, 'node')!.label).toBe('data(label)');
    const edgeLabels = rules(small).filter((r) => r.selector === 'edge').map((r) => r.style).find((s) => 'label' in s);
    expect(edgeLabels).toMatchObject({ label: 'data(label)' });
    expect(Number(edgeLabels!['min-zoomed-font-size'])).toBeGreaterThan(Number(edgeLabels!['font-size']));
  });
});
