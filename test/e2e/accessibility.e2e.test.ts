/**
 * Accessibility end to end: axe-core (node_modules/axe-core/axe.min.js, injected into the page) over every
 * screen of the app with a seeded vault — the gate screens (create, unlock), every area, the record pages
 * (entity, event, evidence, witness, statement), the main dialogs (new entity, FtM import and export, event
 * editing) — asserting no critical or serious violation and exactly one <h1> per screen. Moderate and minor
 * findings are printed, not asserted. A screenshot of every screen goes to test-results/e2e/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASS, WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { dialog, goTo, nav, openWorkspace, seed } from './workspace-helpers';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * Runs axe over the whole document. The source is evaluated through the DevTools protocol (not a <script>
 * tag), so the app's Content-Security-Policy stays as strict as it ships.
 */
async function axe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const g = globalThis as unknown as { axe: { run(ctx: unknown, opts: object): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const r = await g.axe.run(g.document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })) }));
  });
}

const BLOCKING = new Set(['critical', 'serious']);

/** The page's globals these checks use (the test project has no DOM types). */
interface PageGlobals {
  document: {
    fonts: Iterable<{ family: string; status: string }> & { ready: Promise<unknown>; check(font: string, text: string): boolean };
    createElement(tag: 'canvas'): { getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } | null };
  };
  getComputedStyle(el: unknown): { direction: string };
}

/** Checks one screen: no critical/serious violation, one <h1>; prints the rest; takes a screenshot. */
async function check(app: E2EApp, step: string, opts: { h1?: boolean } = {}): Promise<void> {
  const { page } = app;
  // Let transitions (dialogs, toasts) settle: axe reads computed colours.
  await page.waitForTimeout(350);
  await app.shot(step);
  const violations = await axe(page);
  const blocking = violations.filter((v) => v.impact && BLOCKING.has(v.impact));
  for (const v of violations.filter((x) => !blocking.includes(x))) {
    console.log(`[a11y] ${step}: ${v.impact} ${v.id} (${v.help}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }
  const report = blocking.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html}\n      ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
  expect.soft(blocking.map((v) => v.id), `${step}: critical/serious axe violations\n${report}`).toEqual([]);
  if (opts.h1 !== false) {
    const h1 = await page.locator('h1').allInnerTexts();
    expect.soft(h1.length, `${step}: exactly one <h1> (found ${JSON.stringify(h1)})`).toBe(1);
  }
}

const CASE = 'Zawiya network 2017–2023';
const PERSON = 'Abd Al-Rahman Al-Milad';
const TIGRINYA = 'ሚኪኤል ተስፋይ';
const PSEUDONYM = 'W-014';
const EVENT = 'Boat departure from Zawiya';
/** Arabic with guillemets and parentheses: mirrored glyphs when the field's direction is right-to-left. */
const ARABIC_COMPANY = 'شركة «النصر» (فرع طرابلس)';

async function seedCase(app: E2EApp): Promise<void> {
  const c = await seed<{ id: string }>(app, 'case.create', { name: CASE, countries: ['ly'] });
  const person = await seed<{ id: string }>(app, 'entity.create', {
    data: { caseId: c.id, kind: 'person', name: PERSON, roles: ['commander', 'trafficker'], aliases: [{ value: 'عبد الرحمن الميلاد' }, { value: TIGRINYA }] },
  });
  await seed(app, 'entity.create', { data: { caseId: c.id, kind: 'company', name: ARABIC_COMPANY } });
  const group = await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind: 'armed_group', name: 'Al-Nasr Brigade' } });
  const company = await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind: 'company', name: 'Omar Khalifa Trading', roles: ['financier'] } });
  const link = await seed<{ id: string }>(app, 'link.create', { data: { caseId: c.id, kind: 'commands', source: person.id, target: group.id, start: { value: '2017' } } });
  await seed(app, 'link.create', { data: { caseId: c.id, kind: 'finances', source: company.id, target: group.id, date: { value: '2019-03' } } });
  await seed(app, 'source.create', { data: { caseId: c.id, name: 'Coast-watch NGO', type: 'ngo', reliability: 'B' } });
  await seed(app, 'compartment.unlock', { passphrase: WITNESS_PASS });
  const w = await seed<{ id: string }>(app, 'witness.create', { data: { caseId: c.id, pseudonym: PSEUDONYM }, identity: { fullName: 'Mariam Tesfay Haile' }, reliability: 'ungraded' });
  const doc = join(app.scratchDir, 'bank-ledger.txt');
  writeFileSync(doc, 'Transfer 250,000 USD, Omar Khalifa Trading to Al-Nasr Brigade, March 2019.\n');
  const item = (await seed<{ items: { id: string }[] }>(app, 'evidence.intake', { caseId: c.id, grants: [app.readGrant('evidence.intake', doc)], jobId: 'a11y-seed-1' })).items[0]!;
  const st = await seed<{ id: string }>(app, 'statement.create', { caseId: c.id, witnessId: w.id, title: 'Interview, Tunis', text: 'He gave the orders at the compound.' });
  await seed(app, 'claim.create', { data: { caseId: c.id, assertion: { type: 'link', linkId: link.id }, evidence: [{ evidenceId: item.id }, { evidenceId: st.id }], assessment: 'confirmed' } });
  await seed(app, 'event.create', { data: { caseId: c.id, title: EVENT, date: { from: '2019-05', to: '2019-07' }, participants: [{ entityId: person.id, role: 'organiser' }] } });
  await seed(app, 'criteria.addDesignation', { data: { caseId: c.id, entityId: person.id, regimeIds: ['un-1970-libya'], references: ['LYi.099'], source: 'manual' } });
  await seed(app, 'compartment.lock', {});
}

describeE2E('accessibility (axe-core) over every screen', () => {
  e2eTest(
    'the gate screens: create the vault, unlock',
    async (app) => {
      const { page } = app;
      await app.open();
      await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
      await check(app, '01-create-vault');
      const created = await app.router.invoke('vault.create', { passphrase: PASS });
      if (!created.ok) throw new Error(created.error.message);
      await app.router.invoke('vault.lock', {});
      await app.open();
      await page.getByRole('heading', { name: 'Unlock vault' }).waitFor();
      await check(app, '02-unlock');
    },
    { id: 'a11y-gate' },
  );

  e2eTest(
    'every area, record page and main dialog of a seeded case',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, { seed: () => seedCase(app) });
      await page.getByTestId('case-switcher').getByText(CASE).waitFor();

      await goTo(page, 'Cases');
      await check(app, '03-cases');
      await page.getByRole('button', { name: 'Import FtM…' }).click();
      await page.getByRole('dialog').waitFor();
      await check(app, '04-ftm-import');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Export FtM…' }).click();
      await page.getByRole('dialog').waitFor();
      await check(app, '05-ftm-export');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await goTo(page, 'Entities');
      await page.getByRole('grid', { name: 'Entities' }).getByText(PERSON).waitFor();
      await check(app, '06-entities');
      await page.getByRole('button', { name: 'New entity' }).click();
      await dialog(page, 'New entity').waitFor();
      await check(app, '07-entity-form');
      // A bank account is asked for what identifies one, not for a person's roles (issue 15, item 4).
      const form = dialog(page, 'New entity');
      expect(await form.getByRole('checkbox', { name: 'Trafficker' }).count()).toBe(1);
      await form.getByLabel('Kind').selectOption('bank_account');
      expect(await form.getByRole('checkbox', { name: 'Trafficker' }).count()).toBe(0);
      // Its own fields: IBAN, account number, bank, holder (the holder picker's list closed, then open).
      await form.getByTestId('kind-fields').getByLabel('IBAN').fill('GB82 WEST 1234 5698 7654 32');
      await form.getByTestId('kind-fields').getByLabel('Bank', { exact: true }).fill('Sahara Bank');
      await form.getByTestId('kind-fields').getByLabel('Holder', { exact: true }).focus();
      await form.getByLabel('Countries').fill('Nigeria, ليبيا');
      await form.getByText('Nigeria, Libya', { exact: true }).waitFor();
      await check(app, '07b-bank-account-form');
      // Typed words are a draft: closing asks before it throws them away (issue 15, item 1).
      await page.keyboard.press('Escape');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Discard draft' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.getByRole('grid', { name: 'Entities' }).getByText(PERSON).click();
      await page.getByRole('heading', { name: PERSON }).waitFor();
      await check(app, '08-entity-page');

      // Tigrinya (Ethiopic script) renders with the bundled Noto Sans Ethiopic: the page's own font stack made
      // Chromium load the face (nothing here asks for it), and its glyphs differ from the fallback's.
      await page.getByText(TIGRINYA).first().waitFor();
      const font = await page.evaluate(async (text) => {
        const { document } = globalThis as unknown as PageGlobals;
        await document.fonts.ready;
        const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'Noto Sans Ethiopic');
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = '32px "Noto Sans Ethiopic"';
        const bundled = ctx.measureText(text).width;
        ctx.font = '32px "No Such Font Sanctum"';
        const fallback = ctx.measureText(text).width;
        return { statuses: faces.map((f) => f.status), check: document.fonts.check('32px "Noto Sans Ethiopic"', text), bundled, fallback };
      }, TIGRINYA);
      expect(font.statuses).toContain('loaded');
      expect(font.check).toBe(true);
      expect(font.bundled).toBeGreaterThan(0);
      expect(font.bundled).not.toBeCloseTo(font.fallback, 1);
      const alias = page.getByText(TIGRINYA).first();
      expect((await alias.boundingBox())!.width).toBeGreaterThan(40);

      // Arabic quotes and brackets mirror: the name is shown right to left (dir="auto"), checked on the screenshot.
      await goTo(page, 'Entities');
      await page.getByRole('grid', { name: 'Entities' }).getByText(ARABIC_COMPANY).click();
      const heading = page.getByRole('heading', { name: ARABIC_COMPANY });
      await heading.waitFor();
      expect(await heading.evaluate((h) => (globalThis as unknown as PageGlobals).getComputedStyle(h).direction)).toBe('rtl');
      await app.shot('08b-arabic-name-mirrored');

      await goTo(page, 'Events');
      await page.getByText(EVENT).first().click();
      await page.getByRole('heading', { name: EVENT }).waitFor();
      await check(app, '09-event-page');
      await goTo(page, 'Events');
      await page.getByText(EVENT).first().waitFor();
      await check(app, '10-events');

      await goTo(page, 'Network graph');
      await page.getByTestId('graph-canvas').waitFor();
      await page.getByTestId('graph-busy').waitFor({ state: 'detached' });
      await check(app, '11-graph');

      await goTo(page, 'Evidence');
      const evidence = page.getByRole('grid', { name: 'Evidence items' });
      await evidence.getByText('bank-ledger.txt').waitFor();
      await check(app, '12-evidence');
      await evidence.getByText('bank-ledger.txt').click();
      await page.getByRole('heading', { name: 'bank-ledger.txt' }).waitFor();
      await check(app, '13-evidence-page');

      await goTo(page, 'Statements');
      await page.getByText(PSEUDONYM).first().waitFor();
      await check(app, '14-statements');
      await page.getByTestId('witness-table').getByText(PSEUDONYM).click();
      await page.getByRole('heading', { name: `Witness ${PSEUDONYM}` }).waitFor();
      await check(app, '15-witness-page');
      await page.getByText('Interview, Tunis').first().click();
      await page.getByRole('heading', { name: 'Interview, Tunis' }).waitFor();
      await check(app, '16-statement-editor');

      await goTo(page, 'Sources');
      await page.getByText('Coast-watch NGO').first().waitFor();
      await check(app, '17-sources');
      await goTo(page, 'Criteria');
      await check(app, '18-criteria');
      await goTo(page, 'Screening');
      await check(app, '19-screening');
      await goTo(page, 'Listings');
      await check(app, '20-listings');
      await goTo(page, 'Packages');
      await check(app, '21-packages');
      await goTo(page, 'Activity log');
      await check(app, '22-activity-log');
      await goTo(page, 'Settings');
      await check(app, '23-settings');
      expect(await nav(page, 'Settings').count()).toBe(1);
    },
    { id: 'a11y-workspace', timeout: 300_000 },
  );
});
