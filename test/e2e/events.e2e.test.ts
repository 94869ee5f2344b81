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

async function seedCase(app: E2EApp) {
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
  return { caseId, event };
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
      await d.getByRole('button', { name: 'Save event' }).click();
      await toast(page, 'Event saved.');
      await page.getByRole('table', { name: 'Victims' }).getByText('15-17').waitFor();
      await test.getByText('Children among the victims', { exact: false }).waitFor();
      const stored = app.session.workspace().events.get(s.event);
      expect(stored.data.victims[0]!.ageBand).toBe('15-17');
      expect(stored.data.participants.map((p) => p.role)).toEqual(['organiser', 'victim']);
      await app.shot('03-event-edited');

      // Back to the list; an empty case says how events come to exist.
      await page.getByRole('button', { name: 'Events' }).first().click();
      await table.waitFor();
    },
    { id: 'events' },
  );
});
