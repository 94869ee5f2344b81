/** Shared steps of the case-workspace e2e tests: a vault opened through the router, navigation, checks. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CaseGraphSnapshot } from '../../shared/graph/snapshot';
import type { EntityData, LinkData } from '../../shared/model/records';
import { PASS, WITNESS_PASS } from '../helpers/vault';
import type { E2EApp } from './harness';

/**
 * Creates the vault through the router and leaves it unlocked (creating and unlocking are tested in
 * vault.e2e.test.ts), then loads the app, which opens straight into the workspace.
 */
export async function openWorkspace<T = void>(app: E2EApp, opts: { witnessPassphrase?: string; seed?: () => Promise<T> } = {}): Promise<T> {
  const created = await app.router.invoke('vault.create', { passphrase: PASS, witnessPassphrase: opts.witnessPassphrase ?? WITNESS_PASS });
  if (!created.ok) throw new Error(`seeding the vault failed: ${created.error.message}`);
  // Records the test needs but is not about, written before the page loads them.
  const seeded = opts.seed ? await opts.seed() : (undefined as T);
  await app.open();
  await app.page.getByRole('navigation', { name: 'Areas' }).waitFor();
  return seeded;
}

/** Calls the router directly (setting up data that is not what the test is about). */
export async function seed<T = unknown>(app: E2EApp, channel: string, payload: unknown): Promise<T> {
  const r = await app.router.invoke(channel, payload);
  if (!r.ok) throw new Error(`seeding ${channel} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * A new case holding a generated network (test/helpers/graph-fixtures.ts), written straight through the core in
 * two transactions as a large import would (the router would validate and audit 80k calls one by one), each link
 * with its dates (a date, or a period's start and end). Returns the case and the record id of each fixture node,
 * in the fixture's order.
 */
export async function seedNetwork(app: E2EApp, net: CaseGraphSnapshot, caseName: string): Promise<{ caseId: string; idOf: string[] }> {
  const caseId = (await seed<{ id: string }>(app, 'case.create', { name: caseName })).id;
  const ws = app.session.workspace();
  const idOf: string[] = [];
  ws.repo.transact({ action: 'dev.fill', details: { count: net.nodes.length } }, (tx) => {
    for (const n of net.nodes) {
      const data: EntityData = { caseId, kind: n.kind, name: n.name, aliases: [], identifiers: [], roles: n.roles, nationality: n.nationality, countries: [], description: '' };
      idOf.push(ws.entities.insertIn(tx, data).id);
    }
  });
  // Links in a second transaction: validating a link reads its ends from the committed index.
  const index = new Map(net.nodes.map((n, i) => [n.id, i]));
  ws.repo.transact({ action: 'dev.fill', details: { count: net.links.length } }, (tx) => {
    for (const l of net.links) {
      const data = ws.links.validate({
        caseId,
        kind: l.kind,
        source: idOf[index.get(l.source)!],
        target: idOf[index.get(l.target)!],
        ...(l.money ? { money: l.money } : {}),
        ...(l.date ? { date: l.date } : {}),
        ...(l.start ? { start: l.start } : {}),
        ...(l.end ? { end: l.end } : {}),
      }) as LinkData;
      tx.insert('link', data);
    }
  });
  return { caseId, idOf };
}

export function nav(page: Page, area: string): Locator {
  return page.getByRole('navigation', { name: 'Areas' }).getByText(area, { exact: true });
}

export async function goTo(page: Page, area: string, heading = area): Promise<void> {
  await nav(page, area).click();
  await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
}

/** Text of the whole page: the DOM as HTML (attributes included) and what a reader sees. */
export async function pageText(page: Page): Promise<string> {
  return `${await page.content()}\n${await page.locator('body').innerText()}`;
}

/**
 * Fails if any secret is in the page's HTML or visible text. `typed` is what the test itself typed into a
 * field (a search query): its echo ("No one matches “…”" and the field's value) is not a leak and is removed
 * before checking.
 */
export async function expectNotOnPage(page: Page, secrets: readonly string[], where: string, typed?: string): Promise<void> {
  let text = await pageText(page);
  if (typed) text = text.split(`“${typed}”`).join('“(query)”').split(`value="${typed}"`).join('value="(query)"');
  for (const s of secrets) expect(text.includes(s), `"${s}" must not appear on ${where}`).toBe(false);
}

/** Waits for a toast with this text (and lets it be). */
export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.bp6-toast').filter({ hasText: text }).first().waitFor();
}

/** A dialog by its title. */
export function dialog(page: Page, title: string | RegExp): Locator {
  return page.getByRole('dialog').filter({ has: page.locator('.bp6-dialog-header').filter({ hasText: title }) });
}

/** Checkboxes and switches are set from the keyboard (focus + Space), as a keyboard user would. */
export async function setChecked(control: Locator, on: boolean): Promise<void> {
  if ((await control.isChecked()) !== on) {
    await control.focus();
    await control.press('Space');
  }
  expect(await control.isChecked()).toBe(on);
}
