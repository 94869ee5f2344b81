/**
 * Issue 15, item 3: the activity log serves a custody review. The analyst's name and device are asked when the
 * vault is created and every entry says them (never "analyst"); entries read as words (no raw action codes, no
 * record ids: names, and a witness's pseudonym, never the real name); times are full, with the zone's offset;
 * the log filters by who, what, which item and when; a filtered export carries exactly the entries shown and the
 * verification of the whole chain. Screenshots: the setup form, the log, the filtered log, the export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PASS } from '../helpers/vault';
import { describeE2E, e2eTest } from './harness';
import { nav, pageText, seed, toast } from './workspace-helpers';

const ANALYST = 'J. Moreau, Panel of Experts';
const DEVICE = 'Field laptop 2';
const SUSPECT = 'Mahmoud al-Kufri';
const OTHER = 'Kufra Transport Co.';
const PSEUDONYM = 'W-007';
const REAL_NAME = 'Selam Tesfamariam Haile';
const FULL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

describeE2E('the activity log for a custody review', () => {
  e2eTest(
    'asks the analyst and device at setup, names them and the records, filters by who, what, item and date, exports the filtered log verified',
    async (app) => {
      const { page } = app;
      await app.open();

      // 1. Setup asks who works on this vault and on which computer.
      await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
      await page.getByLabel('Vault passphrase', { exact: true }).fill(PASS);
      await page.getByLabel('Repeat the passphrase', { exact: true }).fill(PASS);
      await page.getByLabel('Your name').fill(ANALYST);
      await page.getByLabel('This computer').fill(DEVICE);
      await app.shot('01-setup-analyst-device');
      await page.getByRole('button', { name: 'Create vault' }).click();
      await page.getByRole('heading', { name: 'Write down your recovery key' }).waitFor({ timeout: 60_000 });
      const ack = page.getByRole('checkbox', { name: /I have written down the recovery key/ });
      await ack.focus();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: 'Continue to Sanctum' }).click();
      await page.getByRole('navigation', { name: 'Areas' }).waitFor();

      // Records to read about, made in this session (so by this analyst): a case, two entities, a witness.
      const c = await seed<{ id: string }>(app, 'case.create', { name: 'Kufra route 2020' });
      const suspect = await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: SUSPECT } });
      await seed(app, 'entity.create', { data: { caseId: c.id, kind: 'company', name: OTHER } });
      await seed(app, 'entity.update', { id: suspect.id, patch: { position: 'driver and recruiter' } });
      await app.router.invoke('compartment.unlock', { passphrase: PASS }); // open already, if setup opened it
      await seed(app, 'witness.create', { data: { caseId: c.id, pseudonym: PSEUDONYM }, identity: { fullName: REAL_NAME }, reliability: 'ungraded' });

      // 2. The log: names, words, full times.
      await nav(page, 'Activity log').click();
      await page.getByRole('heading', { name: 'Activity log' }).waitFor();
      const table = page.getByRole('table', { name: 'Activity log' });
      const rows = table.locator('[role="row"][data-seq]');
      await rows.filter({ hasText: PSEUDONYM }).first().waitFor();
      await table.getByRole('columnheader', { name: /^Time \(UTC\)$/ }).waitFor();
      const all = await rows.count();
      expect(all).toBeGreaterThanOrEqual(7);
      for (let i = 0; i < all; i++) {
        const row = rows.nth(i);
        const [, time, who, action, details] = await row.getByRole('cell').allInnerTexts();
        expect(time, `row ${i} time`).toMatch(FULL_TIME);
        expect(who, `row ${i} who`).toBe(`${ANALYST} (${DEVICE})`);
        expect(action, `row ${i} action`).not.toMatch(/^[a-z_]+(\.[a-z_]+)+$/); // a label, not a code
        expect(details, `row ${i} details`).not.toMatch(/[0-9a-f]{32}/); // names, not record ids
      }
      await rows.filter({ hasText: `entity “${SUSPECT}”` }).first().waitFor();
      await rows.filter({ hasText: PSEUDONYM }).first().waitFor();
      expect(await pageText(page)).not.toContain(REAL_NAME);
      await app.shot('02-log-names-and-times');

      // 3. Filters: which item (the suspect), then who and what, then a date range that excludes everything.
      await page.getByLabel('Which item').selectOption({ label: `entity: ${SUSPECT}` });
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2); // created, then changed
      for (const t of await rows.allInnerTexts()) expect(t).toContain(SUSPECT);
      await page.getByText(`2 of ${all} entries match`, { exact: false }).waitFor();
      await page.getByLabel('Who').selectOption({ label: ANALYST });
      await page.getByLabel('What').selectOption({ label: 'Entity edited' });
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
      expect(await rows.first().innerText()).toContain(SUSPECT);
      await app.shot('03-log-filtered');
      const shown = await rows.first().getAttribute('data-seq');

      // 4. Export what is shown: exactly those entries, and the verification of the whole chain.
      const out = join(app.scratchDir, 'custody-review.json');
      app.dialogs.nextSavePath(out);
      await page.getByRole('button', { name: 'Export JSON' }).click();
      await toast(page, /Exported 1 of \d+ entries to custody-review\.json\. The log verified intact\./);
      expect(app.dialogs.requests.at(-1)).toMatchObject({ kind: 'pickSavePath' });
      const doc = JSON.parse(readFileSync(out, 'utf8')) as {
        format: string;
        entries: number;
        ofTotal: number;
        filter: Record<string, string>;
        verification: { ok: boolean; entries: number; summary: string };
        log: { seq: number; actor: string; device?: string; label: string; time: string; summary: string }[];
      };
      expect(doc.format).toBe('sanctum.activity-log.v1');
      expect(doc.filter).toMatchObject({ item: suspect.id, actor: ANALYST, action: 'entity.updated' });
      expect(doc.entries).toBe(1);
      expect(doc.log.map((e) => String(e.seq))).toEqual([shown]);
      expect(doc.log[0]).toMatchObject({ actor: ANALYST, device: DEVICE, label: 'Entity edited' });
      expect(doc.log[0]!.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
      expect(doc.log[0]!.summary).toContain(SUSPECT);
      expect(doc.verification.ok).toBe(true);
      expect(doc.verification.entries).toBeGreaterThanOrEqual(all);
      expect(readFileSync(out, 'utf8')).not.toContain(REAL_NAME);
      await app.shot('04-log-exported');

      // A date range after today matches nothing; clearing brings the whole log back.
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('From date').fill(tomorrow);
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(0);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(all); // plus the export itself
      await rows.filter({ hasText: 'Activity log exported' }).first().waitFor();
    },
    { id: 'custody-log', timeout: 180_000 },
  );
});
