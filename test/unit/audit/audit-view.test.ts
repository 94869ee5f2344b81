/**
 * The activity log for a custody review: names instead of ids (witnesses by pseudonym), the analyst and device
 * asked at creation, filters, and the export of a filtered log with the verification of the chain, through
 * witness protection.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { granter } from '../../helpers/grants';
import { tempDir } from '../../helpers/tmp';
import { PASS, TEST_KDF, WITNESS_PASS } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

/**
 * A vault made through `vault.create` with an analyst and device (two Argon2id runs, new salts). The first test
 * changes the settings and needs the log as creation leaves it, so it gets its own; the others only add entries
 * their assertions do not count, so they share one made for the file (`shared`).
 */
async function setup(dir = tempDir()) {
  const { session, router, grants } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF, emit: () => {} }, { validateResponses: true });
  const { call } = caller(router);
  await call('vault.create', { passphrase: PASS, witnessPassphrase: WITNESS_PASS, analystName: 'Amira Haddad', deviceName: 'Field laptop 2' });
  const fx = await buildFixtureCase(session.workspace());
  const list = (filter: Record<string, string> = {}, limit = 1000) => call('audit.list', { limit, filter });
  return { dir, session, call, list, fx, g: granter(grants) };
}

let sharedApp: Awaited<ReturnType<typeof setup>>;
const sharedDir = mkdtempSync(join(tmpdir(), 'sanctum-audit-view-'));
beforeAll(async () => {
  sharedApp = await setup(sharedDir);
});
afterAll(() => {
  sharedApp?.session.lock();
  rmSync(sharedDir, { recursive: true, force: true });
});
const shared = () => sharedApp;

describe('activity log: names, analyst, filters, export', () => {
  it('records the analyst and device asked at creation, from the very first entry', async () => {
    const { list, call } = await setup();
    const all = await list();
    const created = all.entries.find((e) => e.action === 'vault.created')!;
    expect(created).toMatchObject({ actor: 'Amira Haddad', device: 'Field laptop 2' });
    expect(all.entries.every((e) => e.actor === 'Amira Haddad' && e.device === 'Field laptop 2')).toBe(true);
    expect(await call('settings.get')).toMatchObject({ analystName: 'Amira Haddad', deviceName: 'Field laptop 2' });
    // Later changes of name apply to later entries.
    await call('settings.update', { deviceName: 'Office desktop' });
    await call('case.create', { name: 'Second case' });
    const after = await list();
    expect(after.entries[1]).toMatchObject({ action: 'settings.updated', device: 'Field laptop 2' });
    expect(after.entries[0]).toMatchObject({ action: 'case.created', actor: 'Amira Haddad', device: 'Office desktop', target: { name: 'Second case' } });
  });

  it('resolves ids to names; a witness by pseudonym only', async () => {
    const { list, fx, session } = shared();
    const { entries, facets } = await list();
    const caseEntry = entries.find((e) => e.action === 'case.created')!;
    expect(caseEntry.target).toEqual({ kind: 'case', id: fx.caseId, name: 'Zawiya coast network' });
    const witness = entries.find((e) => e.action === 'witness.created')!;
    expect(witness.target).toMatchObject({ kind: 'witness', id: fx.witnessId, name: 'W-017' });
    const ent = entries.find((e) => e.action === 'entity.created' && e.target?.id === fx.e.ghermay)!;
    expect(ent.target?.name).toBe('Ermias Ghermay');
    const ev = session.workspace().evidence.list(fx.caseId)[0]!;
    expect(entries.find((e) => e.action === 'custody.intake' && e.target?.id === ev.id)?.target?.name).toBe(ev.data.title);
    expect(facets.items).toContainEqual({ id: fx.witnessId, kind: 'witness', name: 'W-017' });
    expect(facets.actors).toEqual(['Amira Haddad']);
  });

  it('filters by who, what (action or group), which item, when, and words', async () => {
    const { list, fx, call } = shared();
    const all = await list();
    expect(all.matched).toBe(all.total);
    const custody = await list({ action: 'custody' });
    expect(custody.matched).toBeGreaterThan(0);
    expect(custody.entries.every((e) => e.action.startsWith('custody.'))).toBe(true);
    expect(custody.total).toBe(all.total);
    const exact = await list({ action: 'entity.created' });
    expect(exact.entries.length).toBe(Object.keys(fx.e).length);
    const item = await list({ item: fx.e.ghermay });
    expect(item.entries.map((e) => e.action)).toEqual(['entity.created']);
    expect((await list({ actor: 'Someone else' })).matched).toBe(0);
    expect((await list({ text: 'ermias ghermay' })).entries.map((e) => e.target?.id)).toContain(fx.e.ghermay);
    expect((await list({ text: 'entity created ghermay' })).matched).toBe(1);
    const newest = all.entries[0]!.ts;
    expect((await list({ from: new Date(Date.parse(newest) + 60_000).toISOString() })).matched).toBe(0);
    expect((await list({ to: '2000-01-01T00:00:00Z' })).matched).toBe(0);
    expect((await list({ from: '2000-01-01T00:00:00Z' })).matched).toBe(all.total);
    // Paging goes on within the filter.
    const first = await list({ action: 'entity' }, 3);
    expect(first.entries).toHaveLength(3);
    const next = await call('audit.list', { limit: 1000, beforeSeq: first.entries[2]!.seq, filter: { action: 'entity' } });
    expect(next.entries.length).toBe(first.matched - 3);
    await expect(list({ from: 'yesterday-ish' })).rejects.toThrow(/not a date/);
  });

  it('exports the filtered log as JSON and CSV with the verification, under witness protection', async () => {
    const { call, g, dir, fx, list } = shared();
    const json = join(dir, 'log.json');
    const r = await call('audit.export', {
      grant: g.write('audit.export', json),
      format: 'json',
      filter: { action: 'entity' },
      offsetMinutes: 120,
    });
    expect(r).toMatchObject({ name: 'log.json', verification: { ok: true } });
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.format).toBe('sanctum.activity-log.v1');
    expect(doc.filter).toEqual({ action: 'entity' });
    expect(doc.verification.ok).toBe(true);
    expect(doc.log.length).toBe(r.entries);
    expect(doc.log.every((e: { action: string }) => e.action.startsWith('entity.'))).toBe(true);
    expect(doc.log[0].time).toMatch(/\+02:00$/);
    expect(doc.log.find((e: { target?: { id: string } }) => e.target?.id === fx.e.ghermay).target.name).toBe('Ermias Ghermay');
    // The victim is a protected person: named by label, never by the name recorded.
    const victim = doc.log.find((e: { target?: { id: string } }) => e.target?.id === fx.e.victim);
    expect(victim.target.name).toMatch(/^Protected person \d+$/);
    // The export itself is in the log.
    expect((await list({ action: 'audit.exported' })).matched).toBe(1);

    const csv = join(dir, 'log.csv');
    await call('audit.export', { grant: g.write('audit.export', csv), format: 'csv', filter: { item: fx.witnessId } });
    const text = readFileSync(csv, 'utf8');
    const rows = text.trim().split('\r\n');
    expect(rows[0]).toBe('"seq","time","actor","device","action","action_label","item_kind","item_id","item_name","details","hash"');
    expect(rows[1]).toContain('"Witness registered"');
    expect(rows[1]).toContain('"W-017"');
    const notes = rows.filter((r) => r.startsWith('"#'));
    expect(rows.length - notes.length).toBe(2);
    expect(notes[0]).toMatch(/^"# Exported .*: 1 of \d+ entries \(filter: item=/);
    expect(notes[1]).toMatch(/^"# Verification of the whole log: intact/);
    // With the compartment locked the file says identities were not checked.
    expect(notes[2]).toMatch(/witness identities were not checked/);
  });

  it('redacts a possible witness mention without review and counts it in the export entry, never its text', async () => {
    const { session, call, g, fx } = await setup();
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    const ws = session.workspace();
    ws.witnesses.setIdentity(fx.witnessId, { fullName: 'Selamawit Gebru Tesfaye' });
    // "Gebru" alone is a possible mention of the identity (not the full name): an entity's name in the log.
    await call('case.create', { name: 'Gebru transport ring' });
    const dir = tempDir();
    const json = join(dir, 'log.json');
    await call('audit.export', { grant: g.write('audit.export', json), format: 'json', filter: { action: 'case' } });
    const text = readFileSync(json, 'utf8');
    expect(text).not.toContain('Gebru');
    expect(JSON.parse(text).log.some((e: { target?: { name?: string } }) => e.target?.name !== undefined)).toBe(true);
    const exported = (await call('audit.list', { limit: 1, filter: { action: 'audit.exported' } })).entries[0]!;
    expect(exported.details).toMatchObject({ unreviewed: expect.any(Number) as number });
    expect((exported.details as { unreviewed: number }).unreviewed).toBeGreaterThan(0);
    expect(JSON.stringify(exported)).not.toContain('Gebru');
  });

  it('refuses a write grant of another purpose', async () => {
    const { call, g, dir } = shared();
    await expect(call('audit.export', { grant: g.write('ftm.export', join(dir, 'x.json')), format: 'json' })).rejects.toThrow();
  });
});
