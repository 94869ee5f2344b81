/**
 * Events as first-class records (issue 11 rule 8): a case with a trafficking event seeded through the real
 * services; the Events area lists it with its counts and trafficking outcome; the event page shows
 * participants with roles, victims, the claims, and the trafficking test per element; the event is edited
 * from the keyboard-reachable dialog and the test re-reads.
 */
import { expect } from 'vitest';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { dialog, nav, openWorkspace, toast } from './workspace-helpers';

const RECRUITER = 'Kidane Zekarias';
const VICTIM = 'V-011';
const TITLE = 'Recruitment in Khartoum and sale at Bani Walid';

async function seedCase(app: E2EApp, opts: { ransom?: boolean } = {}) {
  const ws = app.session.workspace();
  const caseId = ws.cases.create({ name: 'Bani Walid route', countries: ['ly', 'sd'] }).id;
  const recruiter = ws.entities.create({ caseId, kind: 'person', name: RECRUITER, roles: ['trafficker'] }).id;
  const victim = ws.entities.create({ caseId, kind: 'person', name: VICTIM, roles: ['victim'] }).id;
  const event = ws.events.create({
    caseId,
    title: TITLE,
    date: { value: '2018-03' },
    place: { name: 'Bani Walid', country: 'ly' },
    participants: [
      { entityId: recruiter, role: 'organiser' },
      { entityId: victim, role: 'victim' },
    ],
    conduct: ['recruitment', 'deception', 'forced_labour'],
    victims: [{ count: 14, sex: 'female', ageBand: '18-24', nationality: 'er', exploitation: 'forced_labour', consented: false, crossBorder: false }],
    crossBorder: false,
  }).id;
  const a = ws.sources.create({ caseId, name: 'Panel interviews', type: 'on_site_observation', reliability: 'A' }).id;
  const b = ws.sources.create({ caseId, name: 'NGO shelter records', type: 'ngo', reliability: 'B' }).id;
  const intake = async (name: string, sourceId: string) => (await ws.evidence.intake([Buffer.from(`contents of ${name}`)], { caseId, originalName: name, sourceId, credibility: 2 })).id;
  const notes = await intake('panel-notes.txt', a);
  const records = await intake('shelter-records.txt', b);
  const claim = (conduct: string, statement: string) =>
    ws.claims.create({ caseId, assertion: { type: 'conduct', entityId: recruiter, conduct, eventId: event, country: 'ly' }, statement, evidence: [{ evidenceId: notes }, { evidenceId: records }], assessment: 'probable' });
  claim('recruitment', 'Zekarias recruited the women in Khartoum.');
  claim('deception', 'He promised them work as cleaners in Italy.');
  claim('forced_labour', 'They were made to work unpaid on farms near Bani Walid.');
  // A criterion met under the Libya regime (S/RES/2213 para 11(a)), for the listing proposal.
  if (opts.ransom) claim('kidnap_for_ransom', 'He held them until their families paid.');
  return { caseId, event, recruiter };
}

describeE2E('the Events area and the event page', () => {
  e2eTest(
    'lists the case’s events, opens one, shows its trafficking test and edits it',
    async (app) => {
      const { page } = app;
      const s = await openWorkspace(app, { seed: () => seedCase(app) });

      await nav(page, 'Events').click();
      await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
      const table = page.getByTestId('event-table');
      const row = table.locator('tr', { hasText: TITLE });
      await row.locator('[data-outcome="trafficking"]').waitFor();
      expect(await row.innerText()).toMatch(/2018-03[\s\S]*Recruitment of persons[\s\S]*Bani Walid, Libya[\s\S]*2\s+14/);
      await app.shot('01-events-list');

      // Keyboard: focus the row and press Enter.
      await row.focus();
      await row.press('Enter');
      await page.getByRole('heading', { name: TITLE }).waitFor();
      const test = page.getByTestId('trafficking-test');
      await test.locator('[data-outcome="trafficking"]').waitFor();
      for (const el of ['act', 'means', 'purpose']) expect(await test.getByTestId(`tip-${el}`).locator('[data-status]').first().getAttribute('data-status')).toBe('evidenced');
      expect(await test.getByTestId('tip-act').innerText()).toMatch(/Recruitment of persons[\s\S]*2 independent sources[\s\S]*Zekarias recruited the women/);
      expect(await test.getByTestId('tip-means').innerText()).toContain('Deception');
      expect(await page.getByRole('table', { name: 'Participants' }).innerText()).toMatch(new RegExp(`${RECRUITER}[\\s\\S]*Organiser[\\s\\S]*Yes[\\s\\S]*${VICTIM}[\\s\\S]*Victim[\\s\\S]*No`));
      expect(await page.getByRole('table', { name: 'Victims' }).innerText()).toMatch(/14[\s\S]*Female[\s\S]*18-24[\s\S]*Eritrea[\s\S]*Forced labour[\s\S]*No[\s\S]*No/);
      await page.getByTestId('claim').first().waitFor();
      expect(await page.getByTestId('claim').count()).toBe(3);
      await app.shot('02-event-page-trafficking-test');

      // Edit: the victims were 15-17, children — the child rule shows in the test.
      await page.keyboard.press('e');
      const d = dialog(page, /^Edit/);
      await d.getByLabel('Age band').selectOption('15-17');
      // The role picker offers the vocabulary only: the organiser is recorded as the financier instead.
      await d.getByLabel(`Role of ${RECRUITER}`).selectOption('financier');
      await d.getByRole('button', { name: 'Save event' }).click();
      await toast(page, 'Event saved.');
      await page.getByRole('table', { name: 'Victims' }).getByText('15-17').waitFor();
      await test.getByText('Children among the victims', { exact: false }).waitFor();
      const stored = app.session.workspace().events.get(s.event);
      expect(stored.data.victims[0]!.ageBand).toBe('15-17');
      expect(stored.data.participants.map((p) => p.role)).toEqual(['financier', 'victim']);
      await app.shot('03-event-edited');

      // Back to the list; an empty case says how events come to exist.
      await page.getByRole('button', { name: 'Events' }).first().click();
      await table.waitFor();
    },
    { id: 'events' },
  );

  e2eTest(
    'warns before a proposal for someone already listed, and asks for a new source’s reliability',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, {
        seed: async () => {
          const seeded = await seedCase(app, { ransom: true });
          app.session.workspace().criteria.addDesignation({ caseId: seeded.caseId, entityId: seeded.recruiter, regimeIds: ['un-1970-libya'], references: ['LYi.099'], source: 'manual' });
          return seeded;
        },
      });

      // Rule 9: the candidates table says who is already listed, and opening the proposal asks first.
      await nav(page, 'Listings').click();
      const listed = page.getByTestId('listing-candidates').locator('tr', { has: page.getByTestId('already-listed') });
      await listed.first().waitFor();
      expect(await listed.count()).toBe(1);
      expect(await listed.innerText()).toMatch(new RegExp(`${RECRUITER}[\\s\\S]*Already listed: LYi\\.099`));
      await listed.getByRole('button', { name: /Open proposal for/ }).click();
      const alert = page.getByRole('alertdialog');
      await alert.getByText('is already listed under', { exact: false }).waitFor();
      await app.shot('04-listing-already-listed-warning');
      await alert.getByRole('button', { name: 'Cancel' }).click();
      await page.getByTestId('listing-candidates').waitFor();
      await listed.getByRole('button', { name: /Open proposal for/ }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Open the proposal anyway' }).click();
      await page.getByText('Already listed under this regime', { exact: false }).first().waitFor();

      // Rule 4: a new source is never silently F — the grade is asked for; "not yet graded" is a choice.
      await nav(page, 'Sources').click();
      await page.getByRole('button', { name: 'New source' }).click();
      const form = dialog(page, 'New source');
      await form.getByLabel('Name').fill('Hotline caller H-2');
      await form.getByRole('button', { name: 'Add source' }).click();
      await form.getByText('Grade the source, or choose', { exact: false }).waitFor();
      expect(app.calls.filter((c) => c.channel === 'source.create')).toEqual([]);
      await form.getByLabel('Reliability').selectOption('ungraded');
      await form.getByRole('button', { name: 'Add source' }).click();
      await toast(page, 'Source “Hotline caller H-2” added.');
      await page.getByTestId('source-table').locator('tr', { hasText: 'Hotline caller H-2' }).getByText('Not yet graded (counted as F)').waitFor();
      await app.shot('05-source-not-yet-graded');
    },
    { id: 'events-listed-graded' },
  );
});
