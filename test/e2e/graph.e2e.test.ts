/**
 * The network graph end to end: a seeded case (people, an armed group, a financier, a witness; dated links and
 * payments; one link backed by one source, one by two), opened in the graph view; search-to-focus, expanding a
 * node, keyboard navigation, undoing a layout, the shortest path between two entities, a date filter (faded,
 * then hidden), PNG and SVG export, and the witness rule with the compartment locked. Expected sets and counts
 * are worked out here from the seeded links, not copied from the app.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { expectNotOnPage, nav, openWorkspace, seed, toast } from './workspace-helpers';

const REAL_NAME = 'Mariam Tesfay Haile';
const WITNESS_ALIAS = 'Mimi Tesfay';
const SECRETS = ['Mariam', 'Tesfay', 'Haile', WITNESS_ALIAS];
const PSEUDONYM = 'W-014';

const P = {
  commander: 'Abd Al-Rahman Al-Milad',
  smuggler: 'Yonas Kidane',
  driver: 'Ibrahim Ould Salek',
  group: 'Al-Nasr Brigade',
  financier: 'Omar Khalifa Trading',
  unit: 'Coast Guard Unit 7',
  witness: PSEUDONYM,
} as const;
type Who = keyof typeof P;

/** [from, kind, to, dates] — years are enough for the window arithmetic below. */
interface SeedLink {
  from: Who;
  kind: string;
  to: Who;
  start?: string;
  end?: string;
  date?: string;
  money?: { amount: number; currency: string };
}
const LINKS: SeedLink[] = [
  { from: 'commander', kind: 'commands', to: 'group', start: '2017' },
  { from: 'smuggler', kind: 'member_of', to: 'group', start: '2018', end: '2020' },
  { from: 'financier', kind: 'finances', to: 'group', date: '2019-03', money: { amount: 250_000, currency: 'USD' } },
  { from: 'financier', kind: 'paid', to: 'smuggler', date: '2021-06', money: { amount: 40_000, currency: 'USD' } },
  { from: 'driver', kind: 'associate', to: 'smuggler' },
  { from: 'unit', kind: 'associate', to: 'group', start: '2016' },
  { from: 'witness', kind: 'communicated_with', to: 'commander', date: '2023-05' },
];

function neighbours(of: Who): Set<Who> {
  const out = new Set<Who>([of]);
  for (const l of LINKS) {
    if (l.from === of) out.add(l.to);
    if (l.to === of) out.add(l.from);
  }
  return out;
}

/** Breadth-first shortest path on the seeded links (undirected), for the expected answer. */
function bfs(a: Who, b: Who): Who[] {
  const prev = new Map<Who, Who | null>([[a, null]]);
  const queue: Who[] = [a];
  while (queue.length) {
    const v = queue.shift()!;
    if (v === b) break;
    for (const w of neighbours(v)) {
      if (prev.has(w)) continue;
      prev.set(w, v);
      queue.push(w);
    }
  }
  const path: Who[] = [];
  for (let v: Who | null = b; v; v = prev.get(v) ?? null) path.unshift(v);
  return path;
}

/** Links wholly outside [from, to] (years): a period overlaps unless it ended before or began after. */
function outsideWindow(from: number, to: number): SeedLink[] {
  return LINKS.filter((l) => {
    if (l.date) return Number(l.date.slice(0, 4)) < from || Number(l.date.slice(0, 4)) > to;
    if (!l.start && !l.end) return false; // undated: kept (and drawn lighter)
    const s = l.start ? Number(l.start) : -Infinity;
    const e = l.end ? Number(l.end) : Infinity;
    return e < from || s > to;
  });
}

async function seedCase(app: E2EApp): Promise<{ caseId: string; ids: Record<Who, string> }> {
  const c = await seed<{ id: string }>(app, 'case.create', { name: 'Zawiya network 2017–2023', countries: ['ly'] });
  const ids = {} as Record<Who, string>;
  const entity = async (who: Who, kind: string, roles: string[], extra: Record<string, unknown> = {}) => {
    ids[who] = (await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind, name: P[who], roles, ...extra } })).id;
  };
  await entity('commander', 'person', ['commander', 'trafficker']);
  await entity('smuggler', 'person', ['smuggler']);
  await entity('driver', 'person', ['transporter']);
  await entity('group', 'armed_group', ['armed_group_member']);
  await entity('financier', 'company', ['financier']);
  await entity('unit', 'organization', []);
  // A witness with a sealed identity, and the entity standing for them in the network (with an alias the
  // snapshot must not carry).
  await seed(app, 'compartment.unlock', { passphrase: WITNESS_PASS });
  const w = await seed<{ id: string }>(app, 'witness.create', { data: { caseId: c.id, pseudonym: PSEUDONYM }, identity: { fullName: REAL_NAME, otherNames: [WITNESS_ALIAS] }, reliability: 'ungraded' });
  await entity('witness', 'person', ['witness'], { witnessId: w.id, aliases: [{ value: WITNESS_ALIAS }] });
  const linkIds: string[] = [];
  for (const l of LINKS) {
    const data: Record<string, unknown> = { caseId: c.id, kind: l.kind, source: ids[l.from], target: ids[l.to] };
    if (l.start) data.start = { value: l.start };
    if (l.end) data.end = { value: l.end };
    if (l.date) data.date = { value: l.date };
    if (l.money) data.money = l.money;
    linkIds.push((await seed<{ id: string }>(app, 'link.create', { data })).id);
  }
  // Evidence: the financing backed by one document (one source: dashed); the command by the document and the
  // witness's statement (two sources: solid).
  const doc = join(app.scratchDir, 'bank-ledger.txt');
  writeFileSync(doc, 'Transfer 250,000 USD, Omar Khalifa Trading to Al-Nasr Brigade, March 2019.\n');
  const item = (await seed<{ items: { id: string }[] }>(app, 'evidence.intake', { caseId: c.id, grants: [app.readGrant('evidence.intake', doc)], jobId: 'graph-seed-1' })).items[0]!;
  const st = await seed<{ id: string }>(app, 'statement.create', { caseId: c.id, witnessId: w.id, title: 'Interview, Tunis', text: 'He gave the orders at the compound.' });
  await seed(app, 'claim.create', { data: { caseId: c.id, assertion: { type: 'link', linkId: linkIds[2] }, evidence: [{ evidenceId: item.id }], assessment: 'probable' } });
  await seed(app, 'claim.create', { data: { caseId: c.id, assertion: { type: 'link', linkId: linkIds[0] }, evidence: [{ evidenceId: item.id }, { evidenceId: st.id }], assessment: 'confirmed' } });
  await seed(app, 'criteria.addDesignation', { data: { caseId: c.id, entityId: ids.commander, regimeIds: ['un-1970-libya'], references: ['LYi.099'], source: 'manual' } });
  await seed(app, 'compartment.lock', {});
  return { caseId: c.id, ids };
}

const canvas = (page: Page) => page.getByTestId('graph-canvas');
const drawn = async (page: Page) => Number(await canvas(page).getAttribute('data-nodes'));
const drawnLinks = async (page: Page) => Number(await canvas(page).getAttribute('data-links'));

/** The layout worker has answered and the analytics table is filled. */
async function settled(page: Page): Promise<void> {
  await page.getByTestId('graph-busy').waitFor({ state: 'detached' });
  await page.locator('[data-testid="graph-status"][data-analytics="done"]').waitFor();
}

/** The analytics table (its tab opened). */
async function table(page: Page) {
  await page.getByRole('tab', { name: 'Analytics' }).click();
  const grid = page.getByRole('grid', { name: 'Network analytics' });
  await grid.waitFor();
  return grid;
}

async function openGraph(app: E2EApp): Promise<void> {
  await nav(app.page, 'Network graph').click();
  await app.page.getByRole('heading', { name: 'Network graph', exact: true }).waitFor();
  await canvas(app.page).waitFor();
}

async function searchAndSelect(page: Page, text: string, name: string): Promise<void> {
  await page.getByTestId('graph-search').fill(text);
  await page.getByRole('option', { name: new RegExp(name) }).click();
  await page.getByTestId('graph-selection').getByRole('heading', { name }).waitFor();
}

/** The canvas's highlight: names of entities marked as on a path/result, how many links, how many others not dimmed. */
const highlighted = (page: Page) =>
  page.evaluate(() => {
    type El = { data(k: string): unknown; hasClass(c: string): boolean };
    const cy = (globalThis as unknown as { __sanctumGraph: { cy: { nodes(): { map<T>(f: (e: El) => T): T[] }; edges(): { map<T>(f: (e: El) => T): T[] } } } }).__sanctumGraph.cy;
    const nodes = cy.nodes().map((n) => ({ name: String(n.data('name')), on: n.hasClass('path'), dim: n.hasClass('dim') }));
    const edges = cy.edges().map((e) => ({ on: e.hasClass('path'), dim: e.hasClass('dim') }));
    return {
      nodes: nodes.filter((n) => n.on).map((n) => n.name).sort(),
      links: edges.filter((e) => e.on).length,
      undimmed: [...nodes, ...edges].filter((x) => !x.on && !x.dim).length,
    };
  });

const positions = (page: Page) =>
  page.evaluate(() => {
    const g = (globalThis as unknown as { __sanctumGraph: { cy: { nodes(): { map<T>(f: (n: { id(): string; position(): { x: number; y: number } }) => T): T[] } } } }).__sanctumGraph;
    return Object.fromEntries(g.cy.nodes().map((n) => [n.id(), { ...n.position() }]));
  });

describeE2E('network graph over the real router', () => {
  e2eTest(
    'focuses, expands, finds the shortest path, filters by date and exports PNG and SVG',
    async (app) => {
      const { page } = app;
      const { caseId } = await openWorkspace(app, { seed: () => seedCase(app) });
      await openGraph(app);
      const all = Object.keys(P).length;
      await expect.poll(() => drawn(page)).toBe(all);
      await expect.poll(() => drawnLinks(page)).toBe(LINKS.length);
      await settled(page);
      // Styling from data: the legend is there, and the listed commander carries the flag in the table.
      await page.getByTestId('graph-legend').getByText('Single source').waitFor();
      await (await table(page)).getByText(`⚑ ${P.commander}`).waitFor();
      const style = await page.evaluate(
        ([financing, command]) => {
          const cy = (globalThis as unknown as { __sanctumGraph: { cy: { edges(): { filter(f: (e: { data(k: string): unknown }) => boolean): { style(k: string): string }[] } } } }).__sanctumGraph.cy;
          const edge = (kind: string) => cy.edges().filter((e) => e.data('kind') === kind)[0]!;
          return { single: edge(financing!).style('line-style'), multi: edge(command!).style('line-style') };
        },
        ['finances', 'commands'],
      );
      expect(style).toEqual({ single: 'dashed', multi: 'solid' });
      // The layout is saved with the case: every drawn entity has a stored position.
      await expect.poll(async () => Object.keys((await seed<{ positions: object }>(app, 'graph.snapshot', { caseId })).positions).length, { timeout: 10_000 }).toBe(all);
      await app.shot('01-graph-overview');

      // Search-to-focus, then focus on one neighbourhood.
      await searchAndSelect(page, 'Yonas', P.smuggler);
      await page.getByTestId('graph-selection').getByRole('button', { name: 'Focus' }).click();
      const focusSet = neighbours('smuggler');
      await expect.poll(() => drawn(page)).toBe(focusSet.size);
      await page.getByTestId('graph-focus').getByText(`Neighbourhood of ${P.smuggler}`).waitFor();
      await settled(page);
      await app.shot('02-focus-neighbourhood');

      // Expand the armed group (picked from the selection's link list): its other links come in.
      await page.getByTestId('graph-selection').getByRole('button', { name: P.group }).click();
      await page.getByTestId('graph-selection').getByRole('heading', { name: P.group }).waitFor();
      await page.getByTestId('graph-selection').getByRole('button', { name: 'Expand' }).click();
      const expanded = new Set([...focusSet, ...neighbours('group')]);
      await expect.poll(() => drawn(page)).toBe(expanded.size);
      await settled(page);
      await (await table(page)).getByText(P.unit).waitFor();
      await app.shot('03-expanded');

      // Keyboard: from the canvas, an arrow key moves the selection to a linked entity.
      await searchAndSelect(page, 'Nasr', P.group);
      await canvas(page).focus();
      const before = await page.getByTestId('graph-selection').getByRole('heading').first().innerText();
      let moved = before;
      for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp']) {
        await page.keyboard.press(key);
        moved = await page.getByTestId('graph-selection').getByRole('heading').first().innerText();
        if (moved !== before) break;
      }
      expect(moved).not.toBe(before);
      expect([...neighbours('group')].map((w) => P[w] as string)).toContain(moved);

      // Collapse takes back what the expansion added.
      await searchAndSelect(page, 'Nasr', P.group);
      await page.getByTestId('graph-selection').getByRole('button', { name: 'Collapse' }).click();
      await expect.poll(() => drawn(page)).toBe(focusSet.size);
      await page.getByTestId('graph-focus').getByRole('button', { name: 'Show the whole network' }).click();
      await expect.poll(() => drawn(page)).toBe(all);
      await settled(page);

      // A layout change can be undone.
      const laidOut = await positions(page);
      await page.getByLabel('Layout').selectOption('concentric');
      await page.getByRole('button', { name: 'Lay out' }).click();
      await expect.poll(async () => JSON.stringify(await positions(page)) !== JSON.stringify(laidOut)).toBe(true);
      await page.getByRole('button', { name: 'Undo layout' }).click();
      const restored = await positions(page);
      for (const [id, p] of Object.entries(laidOut)) {
        expect(restored[id]!.x).toBeCloseTo(p.x, 0);
        expect(restored[id]!.y).toBeCloseTo(p.y, 0);
      }

      // Shortest path between the driver and the commander.
      await searchAndSelect(page, 'Salek', P.driver);
      await page.getByTestId('graph-selection').getByRole('button', { name: 'Path from here' }).click();
      await searchAndSelect(page, 'Milad', P.commander);
      await page.getByTestId('graph-selection').getByRole('button', { name: 'Path to here' }).click();
      const pathPanel = page.getByTestId('graph-path');
      await pathPanel.getByRole('button', { name: 'Find shortest path' }).click();
      const expected = bfs('driver', 'commander');
      const result = pathPanel.getByTestId('path-result');
      await result.getByText(`${expected.length - 1} links`).waitFor();
      expect(await result.getByRole('listitem').allInnerTexts()).toEqual(expected.map((w) => P[w]));
      // Highlighted on the canvas: the path's entities and its links stand out, everything else is dimmed.
      await expect.poll(() => highlighted(page)).toMatchObject({ nodes: expected.map((w) => P[w] as string).sort(), links: expected.length - 1 });
      expect((await highlighted(page)).undimmed).toBe(0);
      await app.shot('04-shortest-path');

      // The top brokers from the analytics table, highlighted the same way.
      await page.getByRole('tab', { name: 'Analytics' }).click();
      await page.getByRole('button', { name: 'Highlight the top brokers on the graph' }).click();
      await expect.poll(async () => {
        const h = await highlighted(page);
        return h.nodes.length > 0 && h.undimmed === 0 && !h.nodes.includes(P.driver);
      }).toBe(true);
      await app.shot('04b-top-brokers');

      // Date filter: 2021. Links wholly outside are faded first, then hidden.
      const out = outsideWindow(2021, 2021);
      expect(out.length).toBeGreaterThan(0);
      const filtersButton = page.getByRole('button', { name: /^Filters/ });
      if ((await filtersButton.getAttribute('aria-pressed')) !== 'true') await filtersButton.click();
      await page.getByLabel('From', { exact: true }).fill('2021');
      await page.getByLabel('To', { exact: true }).fill('2021');
      await page.getByTestId('graph-status').getByText(`${out.length} outside the time window (faded)`).waitFor();
      expect(await drawnLinks(page)).toBe(LINKS.length);
      await app.shot('05-date-window-faded');
      await page.getByText('Hide links outside the window (otherwise faded)').click();
      await expect.poll(() => drawnLinks(page)).toBe(LINKS.length - out.length);
      await settled(page);
      await app.shot('06-date-window-hidden');

      // Export: PNG (bytes checked), then SVG.
      const pngPath = join(app.scratchDir, 'network.png');
      app.dialogs.nextSavePath(pngPath);
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByTestId('export-png').click();
      await toast(page, /Graph exported as PNG/);
      const png = readFileSync(pngPath);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(png.readUInt32BE(16)).toBeGreaterThan(100);
      expect(png.readUInt32BE(20)).toBeGreaterThan(100);
      expect(app.dialogs.requests.at(-1)).toMatchObject({ kind: 'pickSavePath', defaultName: expect.stringMatching(/network\.png$/) });
      await app.shot('07-exported-png');

      const svgPath = join(app.scratchDir, 'network.svg');
      app.dialogs.nextSavePath(svgPath);
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByTestId('export-svg').click();
      await toast(page, /Graph exported as SVG/);
      const svg = readFileSync(svgPath, 'utf8');
      expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg /);
      expect(svg).toContain(P.financier);
      for (const s of SECRETS) expect(svg).not.toContain(s);
      const audit = await seed<{ entries: { action: string; details?: { format?: string } }[] }>(app, 'audit.list', { limit: 20 });
      expect(audit.entries.filter((e) => e.action === 'graph.exported').map((e) => e.details?.format).sort()).toEqual(['png', 'svg']);

      // GEXF for Gephi from the export dialog, mixed edges, the view's date window applied.
      const gexfPath = join(app.scratchDir, 'network.gexf');
      app.dialogs.nextSavePath(gexfPath);
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByTestId('export-graph-file').click();
      const fileDialog = page.getByRole('dialog').filter({ hasText: 'Export the network' });
      await fileDialog.getByText('GEXF — Gephi', { exact: false }).click();
      await fileDialog.getByText('Mixed directed and undirected', { exact: false }).click();
      await fileDialog.getByTestId('graph-export-go').click();
      await fileDialog.getByTestId('graph-export-report').getByText(/written as GEXF to network\.gexf/).waitFor();
      expect(app.dialogs.requests.at(-1)).toMatchObject({ kind: 'pickSavePath', defaultName: expect.stringMatching(/network\.gexf$/) });
      const gexf = readFileSync(gexfPath, 'utf8');
      expect(gexf).toContain('<graph mode="dynamic" timeformat="date" defaultedgetype="undirected">');
      // Only the links the view shows (the 2021 window hides the others).
      expect(gexf.match(/<edge /g)?.length).toBe(LINKS.length - out.length);
      for (const s of SECRETS) expect(gexf).not.toContain(s);
      await app.shot('07b-exported-gexf');
      await fileDialog.getByRole('button', { name: 'Done' }).click();

      // A saved view brings the window back after the filters were cleared.
      await page.getByRole('button', { name: 'Views' }).click();
      const views = page.getByRole('dialog').filter({ hasText: 'Saved views' });
      await views.getByLabel('Name of the new view').fill('Payments in 2021');
      await views.getByRole('button', { name: 'Save current view' }).click();
      await toast(page, 'View “Payments in 2021” saved.');
      await views.getByRole('button', { name: 'Close', exact: true }).first().click();
      await page.getByTestId('graph-filters').getByRole('button', { name: 'Clear' }).click();
      await expect.poll(() => drawnLinks(page)).toBe(LINKS.length);
      await page.getByRole('button', { name: 'Views' }).click();
      await views.getByRole('button', { name: 'Payments in 2021', exact: true }).click();
      await expect.poll(() => drawnLinks(page)).toBe(LINKS.length - out.length);
      expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2021');
    },
    { id: 'graph-flow', timeout: 180_000 },
  );

  e2eTest(
    'with the witness compartment locked the graph shows the pseudonym only',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, { seed: () => seedCase(app) });
      expect((await seed<{ witnessUnlocked: boolean }>(app, 'vault.status', {})).witnessUnlocked).toBe(false);
      await openGraph(app);
      await expect.poll(() => drawn(page)).toBe(Object.keys(P).length);
      await settled(page);
      await (await table(page)).getByText(PSEUDONYM).waitFor();
      await expectNotOnPage(page, SECRETS, 'the graph page');
      // Selecting the witness shows the pseudonym and what the snapshot has; the entity record is never fetched.
      await searchAndSelect(page, PSEUDONYM, PSEUDONYM);
      await page.getByTestId('graph-selection').getByText('Witness (pseudonym)').waitFor();
      await expectNotOnPage(page, SECRETS, 'the graph page with the witness selected', PSEUDONYM);
      // Neither in the labels cytoscape draws on the canvas.
      const labels = await page.evaluate(() =>
        (globalThis as unknown as { __sanctumGraph: { cy: { nodes(): { map<T>(f: (n: { data(k: string): unknown }) => T): T[] } } } }).__sanctumGraph.cy.nodes().map((n) => String(n.data('label'))),
      );
      expect(labels).toContain(PSEUDONYM);
      for (const s of SECRETS) expect(labels.join('\n')).not.toContain(s);
      expect(app.calls.filter((c) => ['entity.get', 'witness.reveal', 'compartment.unlock'].includes(c.channel))).toEqual([]);
      await app.shot('01-witness-pseudonym-only');
    },
    { id: 'graph-witness', timeout: 120_000 },
  );
});
