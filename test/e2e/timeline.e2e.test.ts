/**
 * The timeline beside the graph, and graph exports for reports, end to end over the real router: a seeded case
 * with periods, month and day dates, an approximate year, a date range on an event, a dated conduct claim and
 * an undated link; the witness's entity carries an alias the claim's statement repeats.
 *
 * Checked: the timeline draws every dated item in the lane of each entity it touches; choosing an item selects
 * its link / entities in the graph and selecting in the graph brings lanes and highlights items; keyboard zoom;
 * a brush across the dates sets the graph's window (the faded count is worked out here from the seeded dates);
 * the timeline's SVG and PNG exports; the graph's report export (PNG 1x and 3x, SVG with title, case, date,
 * legend and window) and the print view; the empty state. Expected values come from the seed, not the app.
 *
 * At the size of a real case (5k entities / 15k links written straight into the vault by `seedNetwork`, dates
 * and periods included): the graph opens first, the pane a click later; once its last lanes are placed
 * (`data-complete`), every dated link is on the axis in both its lanes (drawn one by one or in a lane's density
 * bars); the brush sets the graph's window (the filter's dates, and the count of links faded worked out from the
 * fixture's dates); opening the pane, brushing, zooming and scrolling it are measured for long main-thread tasks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { clusteredNetwork } from '../helpers/graph-fixtures';
import { WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { nav, openWorkspace, seed, seedNetwork, toast } from './workspace-helpers';

const REAL_NAME = 'Mariam Tesfay Haile';
const WITNESS_ALIAS = 'Mimi Tesfay';
const SECRETS = ['Mariam', 'Haile', WITNESS_ALIAS];
const PSEUDONYM = 'W-014';
const CASE = 'Zawiya network 2017–2023';

const P = {
  commander: 'Abd Al-Rahman Al-Milad',
  smuggler: 'Yonas Kidane',
  driver: 'Ibrahim Ould Salek',
  group: 'Al-Nasr Brigade',
  financier: 'Omar Khalifa Trading',
  witness: PSEUDONYM,
} as const;
type Who = keyof typeof P;

interface SeedLink {
  from: Who;
  kind: string;
  to: Who;
  start?: string;
  end?: string;
  date?: string;
  approximate?: boolean;
}
const LINKS: SeedLink[] = [
  { from: 'commander', kind: 'commands', to: 'group', start: '2017' },
  { from: 'smuggler', kind: 'member_of', to: 'group', start: '2018-03', end: '2020' },
  { from: 'financier', kind: 'finances', to: 'group', date: '2019-03' },
  { from: 'financier', kind: 'paid', to: 'smuggler', date: '2021-06-14' },
  { from: 'driver', kind: 'associate', to: 'smuggler' },
  { from: 'witness', kind: 'communicated_with', to: 'commander', date: '2023', approximate: true },
];
const EVENT = { title: 'Boat departure from Zawiya', from: '2019-05', to: '2019-07', participants: ['smuggler', 'driver'] as Who[] };
const CLAIM = { who: 'commander' as Who, date: '2018-09', statement: `Recruited fighters and warned ${WITNESS_ALIAS} to keep quiet.` };

/** First and last day a partial date (YYYY[-MM[-DD]]) can mean; approximate widens a year each side. */
function bounds(v: string, approximate = false): [string, string] {
  const [y, m, d] = v.split('-');
  const last = m ? String(new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate()).padStart(2, '0') : '31';
  let a = `${y}-${m ?? '01'}-${d ?? '01'}`;
  let b = d ? v : `${y}-${m ?? '12'}-${last}`;
  if (approximate) {
    a = `${Number(y) - 1}${a.slice(4)}`;
    b = `${Number(y) + 1}${b.slice(4)}`;
  }
  return [a, b];
}

/** Dated links whose possible dates lie wholly outside [from, to] (full days); undated ones never are. */
function outside(from: string, to: string): SeedLink[] {
  return LINKS.filter((l) => {
    if (!l.start && !l.end && !l.date) return false;
    const lo = l.date ? bounds(l.date, l.approximate)[0] : l.start ? bounds(l.start)[0] : '0000-01-01';
    const hi = l.date ? bounds(l.date, l.approximate)[1] : l.end ? bounds(l.end)[1] : '9999-12-31';
    return hi < from || lo > to;
  });
}

const dated = LINKS.filter((l) => l.start || l.end || l.date);
/** Marks drawn with every lane shown: a link in both ends' lanes, the event in each participant's, the claim in one. */
const EXPECTED_MARKS = dated.length * 2 + EVENT.participants.length + 1;
const EXPECTED_LANES = new Set<Who>([...dated.flatMap((l) => [l.from, l.to]), ...EVENT.participants, CLAIM.who]).size;

interface Seeded {
  caseId: string;
  ids: Record<Who, string>;
  links: string[];
  eventId: string;
  claimId: string;
}

async function seedCase(app: E2EApp): Promise<Seeded> {
  const c = await seed<{ id: string }>(app, 'case.create', { name: CASE, countries: ['ly'] });
  const ids = {} as Record<Who, string>;
  const entity = async (who: Who, kind: string, roles: string[], extra: Record<string, unknown> = {}) => {
    ids[who] = (await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind, name: P[who], roles, ...extra } })).id;
  };
  await entity('commander', 'person', ['commander']);
  await entity('smuggler', 'person', ['smuggler']);
  await entity('driver', 'person', ['transporter']);
  await entity('group', 'armed_group', []);
  await entity('financier', 'company', ['financier']);
  await seed(app, 'compartment.unlock', { passphrase: WITNESS_PASS });
  const w = await seed<{ id: string }>(app, 'witness.create', { data: { caseId: c.id, pseudonym: PSEUDONYM }, identity: { fullName: REAL_NAME, otherNames: [WITNESS_ALIAS] }, reliability: 'ungraded' });
  await entity('witness', 'person', ['witness'], { witnessId: w.id, aliases: [{ value: WITNESS_ALIAS }] });
  const links: string[] = [];
  for (const l of LINKS) {
    const data: Record<string, unknown> = { caseId: c.id, kind: l.kind, source: ids[l.from], target: ids[l.to] };
    if (l.start) data.start = { value: l.start };
    if (l.end) data.end = { value: l.end };
    if (l.date) data.date = l.approximate ? { value: l.date, approximate: true } : { value: l.date };
    links.push((await seed<{ id: string }>(app, 'link.create', { data })).id);
  }
  const eventId = (
    await seed<{ id: string }>(app, 'event.create', {
      data: { caseId: c.id, title: EVENT.title, date: { from: EVENT.from, to: EVENT.to }, participants: EVENT.participants.map((p) => ({ entityId: ids[p], role: 'on board' })) },
    })
  ).id;
  const claimId = (
    await seed<{ id: string }>(app, 'claim.create', {
      data: { caseId: c.id, assertion: { type: 'conduct', entityId: ids[CLAIM.who], conduct: 'recruitment', date: { value: CLAIM.date } }, statement: CLAIM.statement },
    })
  ).id;
  await seed(app, 'compartment.lock', {});
  return { caseId: c.id, ids, links, eventId, claimId };
}

/**
 * The timeline's own steps at 5k entities: the aim is no main-thread task over 100 ms (issue 13), held on an idle
 * machine; what is asserted by default is what this shared 2-core box (load 20-30) holds, as graph-scale.e2e does.
 * The old drawing (one SVG element per mark) made tasks of several seconds in these steps there (bench:
 * `npm run bench -- --only timeline-ui`). Set TIMELINE_LONG_TASK_BOUND_MS=100 on an idle machine for the aim.
 */
const LONG_TASK_BOUND_MS = Number(process.env.TIMELINE_LONG_TASK_BOUND_MS) || 1000;
/**
 * Opening the pane at 5k also receives the model: 10.5k items, 5.8 MB of JSON. This harness hands an IPC answer
 * to the page through a CDP binding (the text inside a protocol message, then JSON.parse in the page), all on
 * the renderer's main thread; on the loaded box that one task measured 5.7 s (9.6 s at load 33), while the bench's open step
 * (parse once + lay out + draw, no CDP) measured 0.6 s against 3.2-9 s for the old SVG. Bounded separately, so the
 * transfer is visible and a return of per-mark SVG drawing (several seconds more) still fails; the aim is 100 ms.
 */
const OPEN_TASK_BOUND_MS = Number(process.env.TIMELINE_OPEN_TASK_BOUND_MS) || 8000;

/** The UI answers after the router and the workers: on a loaded machine that can take seconds. */
const poll = <T>(f: () => T | Promise<T>) => expect.poll(f, { timeout: 20_000 });

const canvas = (page: Page) => page.getByTestId('graph-canvas');
const timeline = (page: Page) => page.getByTestId('timeline');

/** A mark as the timeline draws it on its canvas (window.__sanctumTimeline, read-only, like __sanctumGraph). */
interface TlMark {
  id: string;
  kind: string;
  lane: string;
  x1: number;
  x2: number;
  y: number;
  h: number;
  dot: boolean;
  approximate: boolean;
  certain: boolean;
}
interface TlHook {
  marks(): TlMark[];
  lanes(): { entityId: string; y: number; height: number; rows: number; binned: number }[];
  scrollTop(): number;
  scrollTo(y: number): void;
  x(day: number): number;
}
const tl = () => (globalThis as unknown as { __sanctumTimeline: TlHook }).__sanctumTimeline;
const tlMarks = (page: Page) => page.evaluate(`(${tl.toString()})().marks()`) as Promise<TlMark[]>;
const tlLanes = (page: Page) => page.evaluate(`(${tl.toString()})().lanes()`) as Promise<ReturnType<TlHook['lanes']>>;
const tlScrollTop = (page: Page) => page.evaluate(`(${tl.toString()})().scrollTop()`) as Promise<number>;
const tlScrollTo = (page: Page, y: number) => page.evaluate(`(${tl.toString()})().scrollTo(${Number(y)})`);
const tlX = (page: Page, day: number) => page.evaluate(`(${tl.toString()})().x(${Number(day)})`) as Promise<number>;
const marksOf = async (page: Page, id: string) => (await tlMarks(page)).filter((m) => m.id === id);
const ringed = async (page: Page) => ((await timeline(page).getAttribute('data-selected')) ?? '').split(' ').filter(Boolean);

/** Screen point of an item's first mark, its lane scrolled into view first. */
async function pointOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const m = (await marksOf(page, id))[0]!;
  await tlScrollTo(page, Math.max(0, m.y - 60));
  const actual = () => page.getByTestId('timeline-canvas').evaluate((el) => el.scrollTop);
  await poll(async () => (await tlScrollTop(page)) === (await actual())).toBe(true);
  const box = (await page.locator('.timeline-stage').boundingBox())!;
  return { x: box.x + (m.x1 + m.x2) / 2, y: box.y + m.y - (await actual()) + m.h / 2 };
}
async function clickItem(page: Page, id: string): Promise<void> {
  const p = await pointOf(page, id);
  await page.mouse.click(p.x, p.y);
}

async function openGraph(app: E2EApp): Promise<void> {
  await nav(app.page, 'Network graph').click();
  await app.page.getByRole('heading', { name: 'Network graph', exact: true }).waitFor();
  await canvas(app.page).waitFor();
  await poll(async () => Number(await canvas(app.page).getAttribute('data-nodes'))).toBe(Object.keys(P).length);
  await app.page.getByTestId('graph-busy').waitFor({ state: 'detached' });
}

const selectedInGraph = (page: Page) =>
  page.evaluate(() => {
    const cy = (globalThis as unknown as { __sanctumGraph: { cy: { $(s: string): { map<T>(f: (e: { id(): string }) => T): T[] } } } }).__sanctumGraph.cy;
    return cy.$(':selected').map((e) => e.id()).sort();
  });

const drawnLinkIds = (page: Page) =>
  page.evaluate(() => {
    const cy = (globalThis as unknown as { __sanctumGraph: { cy: { edges(): { map<T>(f: (e: { id(): string }) => T): T[] } } } }).__sanctumGraph.cy;
    return cy.edges().map((e) => e.id()).sort();
  });

const days = (ymd: string) => Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10))) / 86_400_000;

/** Screen x of a date on the timeline (label column 180 px, 12 px right margin, as the layout draws it). */
async function xOf(page: Page, ymd: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.timeline-stage').boundingBox())!;
  const from = days((await timeline(page).getAttribute('data-from'))!);
  const to = days((await timeline(page).getAttribute('data-to'))!);
  const plot = box.width - 180 - 12;
  return { x: box.x + 180 + ((days(ymd) - from) / (to - from)) * plot, y: box.y + 12 };
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describeE2E('timeline beside the graph', () => {
  e2eTest(
    'shows dated items in lanes, links selection both ways, zooms, and its brush drives the graph window',
    async (app) => {
      const { page } = app;
      const s = await openWorkspace(app, { seed: () => seedCase(app) });
      await openGraph(app);

      // Every dated item, in the lane of each entity it touches; the undated link is not on the axis.
      await poll(async () => Number(await timeline(page).getAttribute('data-items'))).toBe(EXPECTED_MARKS);
      expect(Number(await timeline(page).getAttribute('data-lanes'))).toBe(EXPECTED_LANES);
      expect(Number(await timeline(page).getAttribute('data-dense-lanes'))).toBe(0);
      expect(await marksOf(page, s.links[4]!)).toEqual([]);
      expect((await marksOf(page, s.eventId)).length).toBe(EVENT.participants.length);
      expect((await marksOf(page, s.claimId)).map((m) => m.lane)).toEqual([s.ids[CLAIM.who]]);
      // The claim's statement carried the witness's alias: the timeline has the pseudonym instead (pane and
      // the tooltip over the claim).
      const text = await timeline(page).innerText();
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      const over = await pointOf(page, s.claimId);
      await page.mouse.move(over.x, over.y);
      const tip = await page.getByTestId('timeline-tooltip').innerText();
      expect(tip).toContain('Dated claim (conduct)');
      for (const secret of SECRETS) expect(tip).not.toContain(secret);
      // Partial dates as ranges: the day-dated payment is a dot, the month a bar; "c. 2023" spans 2022–2024,
      // hatched as approximate.
      expect((await marksOf(page, s.links[3]!))[0]!.dot).toBe(true);
      expect((await marksOf(page, s.links[2]!))[0]!.dot).toBe(false);
      const approx = (await marksOf(page, s.links[5]!))[0]!;
      expect(approx.approximate).toBe(true);
      const year = (await tlX(page, days('2020-01-01'))) - (await tlX(page, days('2019-01-01')));
      expect((approx.x2 - approx.x1) / year).toBeGreaterThan(2.9);
      expect((approx.x2 - approx.x1) / year).toBeLessThan(3.1);
      await app.shot('01-timeline-items');

      // Timeline → graph: a link item selects its edge; the event selects its participants (clicks on the canvas).
      await clickItem(page, s.links[2]!);
      await poll(() => selectedInGraph(page)).toEqual([s.links[2]]);
      await clickItem(page, s.eventId);
      await poll(() => selectedInGraph(page)).toEqual(EVENT.participants.map((p) => s.ids[p]).sort());
      await page.getByTestId('timeline-selected').getByText(EVENT.title).waitFor();
      expect(await ringed(page)).toEqual([s.eventId]);
      await app.shot('02-timeline-selects-in-graph');
      // The keyboard steps to the next item in date order and selects it in the graph too.
      await page.getByTestId('timeline-canvas').focus();
      await page.keyboard.press('ArrowRight');
      await poll(() => ringed(page)).not.toEqual([s.eventId]);

      // Graph → timeline: a selected entity brings its lane alone; a selected link highlights its item.
      await page.waitForTimeout(1100); // past the echo of the timeline's own selection
      await page.getByTestId('graph-search').fill('Nasr');
      await page.getByRole('option', { name: new RegExp(P.group) }).click();
      await poll(async () => Number(await timeline(page).getAttribute('data-lanes'))).toBe(1);
      expect((await tlLanes(page)).map((l) => l.entityId)).toEqual([s.ids.group]);
      await page.getByTestId('timeline-lane-chip').getByText(P.group).waitFor();
      const groupLinks = LINKS.map((l, i) => ({ l, id: s.links[i]! })).filter(({ l }) => (l.from === 'group' || l.to === 'group') && (l.start || l.date));
      expect(Number(await timeline(page).getAttribute('data-items'))).toBe(groupLinks.length);
      await page.evaluate((id) => {
        const cy = (globalThis as unknown as { __sanctumGraph: { cy: { $(s: string): { unselect(): void }; getElementById(id: string): { select(): void } } } }).__sanctumGraph.cy;
        cy.$(':selected').unselect();
        cy.getElementById(id).select();
      }, s.links[1]!);
      await poll(() => ringed(page)).toContain(s.links[1]);
      await app.shot('03-graph-selects-lane-and-item');
      await timeline(page).getByRole('button', { name: 'All lanes' }).click();
      await poll(async () => Number(await timeline(page).getAttribute('data-lanes'))).toBe(EXPECTED_LANES);

      // Zoom from the keyboard: + narrows the shown dates, F fits again.
      const span = async () => days((await timeline(page).getAttribute('data-to'))!) - days((await timeline(page).getAttribute('data-from'))!);
      const fitted = await span();
      await page.getByTestId('timeline-canvas').focus();
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      await poll(span).toBeLessThan(fitted * 0.7);
      await page.keyboard.press('f');
      await poll(span).toBe(fitted);

      // The brush: drag across 2019 on the timeline; the graph's window follows and fades what lies outside.
      const a = await xOf(page, '2019-01-20');
      const b = await xOf(page, '2019-12-10');
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, a.y, { steps: 4 });
      await page.getByTestId('timeline-brush').waitFor();
      await page.mouse.move(b.x, b.y, { steps: 4 });
      await page.mouse.up();
      await page.getByTestId('timeline-window-shade').waitFor();
      const filtersButton = page.getByRole('button', { name: /^Filters/ });
      if ((await filtersButton.getAttribute('aria-pressed')) !== 'true') await filtersButton.click();
      const from = await page.getByLabel('From', { exact: true }).inputValue();
      const to = await page.getByLabel('To', { exact: true }).inputValue();
      expect(from).toMatch(/^2019-01-\d\d$/);
      expect(to).toMatch(/^2019-12-\d\d$/);
      expect(await page.getByTestId('timeline-window').innerText()).toBe(`Time window: ${from} – ${to}`);
      const out = outside(from, to);
      expect(out.length).toBeGreaterThan(0);
      await page.getByTestId('graph-status').getByText(`${out.length} outside the time window (faded)`).waitFor();
      await app.shot('04-brush-sets-graph-window');
      // With "hide" the graph draws only the links the brushed window can hold: exactly the others.
      await page.getByText('Hide links outside the window (otherwise faded)').click();
      const inWindow = LINKS.map((l, i) => ({ l, id: s.links[i]! })).filter(({ l }) => !out.includes(l)).map(({ id }) => id).sort();
      await poll(() => drawnLinkIds(page)).toEqual(inWindow);
      expect(inWindow.length).toBe(LINKS.length - out.length);
      await page.getByTestId('graph-busy').waitFor({ state: 'detached' });
      await app.shot('04b-brush-window-hides-links');
      await page.getByText('Hide links outside the window (otherwise faded)').click();
      await poll(async () => (await drawnLinkIds(page)).length).toBe(LINKS.length);

      // Timeline exports: SVG (title, legend, window, pseudonym only) and PNG at 2x.
      const svgPath = join(app.scratchDir, 'timeline.svg');
      app.dialogs.nextSavePath(svgPath);
      await page.getByTestId('timeline-export-svg').click();
      await toast(page, /Timeline exported as SVG/);
      const svg = readFileSync(svgPath, 'utf8');
      expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg /);
      expect(svg).toContain(`<title>${CASE} — timeline</title>`);
      expect(svg).toContain(`Time window: ${from} – ${to}`);
      expect(svg).toContain('Dated claim (conduct)');
      expect(svg).toContain(P.financier);
      expect(svg).toContain(PSEUDONYM);
      for (const secret of SECRETS) expect(svg).not.toContain(secret);
      const pngPath = join(app.scratchDir, 'timeline.png');
      app.dialogs.nextSavePath(pngPath);
      await page.getByLabel('PNG resolution').selectOption('2');
      await page.getByTestId('timeline-export-png').click();
      await toast(page, /Timeline exported as PNG/);
      const svgWidth = Number(/<svg [^>]*width="(\d+)"/.exec(svg)![1]);
      expect(pngSize(readFileSync(pngPath)).width).toBe(svgWidth * 2);
      await app.shot('05-timeline-exported');
    },
    { id: 'timeline-flow', timeout: 180_000 },
  );

  e2eTest(
    'exports the graph for a report (PNG 1x, 2x and 4x, SVG with title, case, date, legend, window) and opens the print view',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, { seed: () => seedCase(app) });
      await openGraph(app);
      const filtersButton = page.getByRole('button', { name: /^Filters/ });
      if ((await filtersButton.getAttribute('aria-pressed')) !== 'true') await filtersButton.click();
      await page.getByLabel('From', { exact: true }).fill('2019');
      await page.getByLabel('To', { exact: true }).fill('2021');
      await page.getByTestId('graph-status').getByText(`${outside('2019-01-01', '2021-12-31').length} outside the time window (faded)`).waitFor();
      await page.locator('[data-testid="graph-status"][data-analytics="done"]').waitFor();

      const report = async (format: 'png' | 'svg', scale: number | null, file: string, legend = true) => {
        await page.getByRole('button', { name: 'Export' }).click();
        await page.getByTestId('export-report').click();
        const dlg = page.getByRole('dialog').filter({ hasText: 'Export the graph for a report' });
        await dlg.getByLabel('Title').fill('Briefing: Zawiya network');
        const withLegend = dlg.getByRole('checkbox', { name: 'Include the legend' });
        if ((await withLegend.isChecked()) !== legend) await dlg.getByText('Include the legend').click();
        expect(await withLegend.isChecked()).toBe(legend);
        await dlg.getByText(format === 'png' ? 'PNG (picture)' : 'SVG (vector, for editing)').click();
        if (scale) await dlg.getByText(new RegExp(`^${scale}x \\(`)).click();
        const path = join(app.scratchDir, file);
        app.dialogs.nextSavePath(path);
        await dlg.getByTestId('report-export').click();
        // The toast names the file: an earlier export's toast may still be on screen.
        await toast(page, new RegExp(`Graph exported as ${format.toUpperCase()} \\(.*\\) to ${file.replace('.', '\\.')}`));
        await dlg.getByRole('button', { name: 'Close' }).first().click();
        await dlg.waitFor({ state: 'detached' });
        return readFileSync(path);
      };

      const svg = (await report('svg', null, 'report.svg')).toString('utf8');
      const today = new Date().toISOString().slice(0, 10);
      expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg /);
      expect(svg).toContain('<title>Briefing: Zawiya network</title>');
      expect(svg).toContain(`Case: ${CASE} · exported ${today}`);
      expect(svg).toContain('Time window: 2019 – 2021 (links outside it faded');
      expect(svg).toContain('class="report-legend"');
      expect(svg).toContain('Single source');
      expect(svg).toContain(P.financier);
      for (const secret of SECRETS) expect(svg).not.toContain(secret);
      const one = pngSize(await report('png', 1, 'report-1x.png'));
      const two = pngSize(await report('png', 2, 'report-2x.png'));
      const four = pngSize(await report('png', 4, 'report-4x.png'));
      const svgWidth = Number(/<svg [^>]*width="(\d+)"/.exec(svg)![1]);
      const svgHeight = Number(/<svg [^>]*height="(\d+)"/.exec(svg)![1]);
      expect(one).toEqual({ width: svgWidth, height: svgHeight });
      for (const [k, size] of [
        [2, two],
        [4, four],
      ] as const) {
        expect(Math.abs(size.width - k * one.width)).toBeLessThanOrEqual(1);
        expect(Math.abs(size.height - k * one.height)).toBeLessThanOrEqual(1);
      }
      // The legend is part of the picture: without it the PNG loses the legend's column (and the SVG its text).
      const bare = pngSize(await report('png', 1, 'report-no-legend.png', false));
      expect(one.width - bare.width).toBeGreaterThanOrEqual(200);
      const bareSvg = (await report('svg', null, 'report-no-legend.svg', false)).toString('utf8');
      expect(bareSvg).not.toContain('class="report-legend"');
      expect(bareSvg).toContain('<title>Briefing: Zawiya network</title>');
      await app.shot('01-report-exported');

      // The print view: the same picture alone on the page.
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByTestId('export-report').click();
      await page.getByTestId('report-print-view').click();
      const img = page.getByTestId('report-print').getByRole('img');
      await img.waitFor();
      await poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(200);
      await app.shot('02-print-view');
      await page.getByRole('button', { name: 'Close the print view' }).click();
      await page.getByTestId('report-print').waitFor({ state: 'detached' });
    },
    { id: 'graph-report', timeout: 180_000 },
  );

  e2eTest(
    'says so when nothing in the case is dated',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Undated case' });
          const a = await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: 'Person A' } });
          const b = await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: 'Person B' } });
          await seed(app, 'link.create', { data: { caseId: c.id, kind: 'associate', source: a.id, target: b.id } });
        },
      });
      await nav(page, 'Network graph').click();
      await timeline(page).getByText('No dated events or links in this case').waitFor();
      await timeline(page).getByText('Undated now: 0 events, 1 links, 0 claims.').waitFor();
      await app.shot('01-empty');
    },
    { id: 'timeline-empty', timeout: 120_000 },
  );

  e2eTest(
    'at 5k entities / 15k links the pane opens in a click and brushing, zooming and scrolling stay responsive',
    async (app) => {
      const { page } = app;
      const N = 5000;
      const net = clusteredNetwork(N, 3 * N, 42);
      await openWorkspace(app, { seed: () => seedNetwork(app, net, 'Coastal network (timeline)') });
      // What the fixture dates: each dated link is an item in the lane of both its ends.
      const dated = net.links.filter((l) => l.date || l.start || l.end);
      const memberships = dated.reduce((n, l) => n + (l.source === l.target ? 1 : 2), 0);
      const lanes = new Set(dated.flatMap((l) => [l.source, l.target])).size;

      await page.evaluate(() => {
        const g = globalThis as unknown as { __longTasks: number[] };
        g.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) g.__longTasks.push(Math.round(e.duration));
        }).observe({ type: 'longtask' as never });
      });
      const longest = async () => Math.max(0, ...(await page.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks.splice(0))));
      const steps: [string, number][] = [];
      const measure = async (step: string) => {
        const ms = await longest();
        steps.push([step, ms]);
        console.log(`[timeline-scale] ${step}: longest task ${ms} ms (aim <= 100 ms, asserted <= ${step.startsWith('open') ? OPEN_TASK_BOUND_MS : LONG_TASK_BOUND_MS} ms)`);
      };

      // The graph opens first (the pane starts closed above 500 entities: receiving the model is the slow part).
      await nav(page, 'Network graph').click();
      await page.locator('[data-testid="graph-canvas"][data-grouped="community"]').waitFor({ timeout: 180_000 });
      await page.getByTestId('graph-busy').waitFor({ state: 'detached', timeout: 180_000 });
      await page.locator('[data-testid="graph-status"][data-analytics="done"]').waitFor({ timeout: 180_000 });
      expect(await timeline(page).count()).toBe(0);
      await longest(); // the graph's own opening is graph-scale.e2e's to measure

      // Open the pane (fetch, parse, lay out, draw). Generous timeouts: the harness runs main in this process, and
      // building the 5k timeline there holds this process's event loop for seconds on a loaded machine.
      await page.getByRole('button', { name: 'Timeline', exact: true }).click({ timeout: 120_000 });
      const shown = async () => Number(await timeline(page).getAttribute('data-items'));
      // The lanes below the viewport are placed a slice per task after the first screen: wait for the last one.
      await page.locator('[data-testid="timeline"][data-complete="true"]').waitFor({ timeout: 120_000 });
      await expect.poll(shown, { timeout: 120_000 }).toBe(memberships);
      expect(Number(await timeline(page).getAttribute('data-lanes'))).toBe(lanes);
      // Busy lanes keep their marks to a few rows and show the rest as bars.
      expect(Number(await timeline(page).getAttribute('data-dense-lanes'))).toBeGreaterThan(0);
      await page.waitForTimeout(300);
      await measure('open the timeline pane');
      await app.shot('scale-01-pane-opened');

      // Brush across a stretch of the plot (moves only; the release sets the graph's window, which is the graph's work).
      const box = (await page.locator('.timeline-stage').boundingBox())!;
      const y = box.y + 12;
      await page.mouse.move(box.x + 300, y);
      await page.mouse.down();
      for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 300 + i * 20, y);
      await page.getByTestId('timeline-brush').waitFor();
      await measure('brush, 20 pointer moves');
      await page.mouse.up();
      await page.getByTestId('timeline-window-shade').waitFor({ timeout: 60_000 });
      await page.getByTestId('graph-busy').waitFor({ state: 'detached', timeout: 180_000 });
      await longest();
      // The brush drove the graph's window: the filter's dates are the brushed ones, and the graph fades exactly
      // the fixture's links whose possible dates lie wholly outside them (worked out here from the fixture).
      const filtersButton = page.getByRole('button', { name: /^Filters/ });
      if ((await filtersButton.getAttribute('aria-pressed')) !== 'true') await filtersButton.click();
      const from = await page.getByLabel('From', { exact: true }).inputValue();
      const to = await page.getByLabel('To', { exact: true }).inputValue();
      expect(from).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(to > from).toBe(true);
      expect(await page.getByTestId('timeline-window').innerText()).toBe(`Time window: ${from} – ${to}`);
      const edge = (d: { value?: string; approximate?: boolean } | undefined, i: 0 | 1) => (d?.value ? bounds(d.value, d.approximate)[i] : null);
      const faded = net.links.filter((l) => {
        const lo = l.date ? edge(l.date, 0) : edge(l.start, 0);
        const hi = l.date ? edge(l.date, 1) : l.end ? edge(l.end, 1) : l.start ? '9999-12-31' : null;
        return lo !== null && hi !== null && (hi < from || lo > to);
      }).length;
      expect(faded).toBeGreaterThan(0);
      await page.getByTestId('graph-status').getByText(`${faded} outside the time window (faded)`).waitFor({ timeout: 120_000 });
      await app.shot('scale-02-brushed');

      // Zoom in and out from the keyboard, then fit.
      const span = async () => days((await timeline(page).getAttribute('data-to'))!) - days((await timeline(page).getAttribute('data-from'))!);
      const fitted = await span();
      await page.getByTestId('timeline-canvas').focus();
      for (let i = 0; i < 6; i++) await page.keyboard.press('+');
      await poll(span).toBeLessThan(fitted * 0.3);
      for (let i = 0; i < 3; i++) await page.keyboard.press('-');
      await page.keyboard.press('f');
      await poll(span).toBe(fitted);
      await measure('zoom in 6 steps, out 3, fit');

      // Scroll through the lanes: only the lanes in view are drawn.
      const scroller = page.getByTestId('timeline-canvas');
      for (let i = 1; i <= 10; i++) await scroller.evaluate((el, k) => (el.scrollTop = (el.scrollHeight * k) / 10), i);
      await poll(() => tlScrollTop(page)).toBeGreaterThan(0);
      await measure('scroll through the lanes');
      await app.shot('scale-03-scrolled');

      const bound = (step: string) => (step.startsWith('open') ? OPEN_TASK_BOUND_MS : LONG_TASK_BOUND_MS);
      expect(steps.filter(([step, ms]) => ms > bound(step)).map(([step, ms]) => `${step}: ${ms} ms`)).toEqual([]);
    },
    { id: 'timeline-scale', timeout: 600_000 },
  );
});
