/**
 * A package is signed by its sender, not vouched for by the model: a sender running altered software can sign
 * records its own vault would never have stored. Import parses every record with the model's schema before it
 * remaps references, and refuses the whole package with the record named (kind, original id, field) — nothing
 * recorded, no blob left, the signer not remembered.
 *
 * The hostile packages are real exports whose record lines are rewritten before they are hashed and signed
 * (packageMetadata wrapped): exactly what a signed package from an altered exporter is.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportPackage, importPackage, knownFingerprints } from '../../../main/core/exchange/package';
import type * as FtmLines from '../../../main/core/exchange/package/ftm-lines';
import { ORG, fileScopedVault } from '../../helpers/package-fixture';
import { rejectsWith } from '../../helpers/errors';

type Line = { kind: string; id: string; data: Record<string, unknown> };
const tamper = vi.hoisted(() => ({ edit: null as null | ((l: Line) => Line) }));

vi.mock('../../../main/core/exchange/package/ftm-lines', async (importOriginal) => {
  const orig = await importOriginal<typeof FtmLines>();
  const rewrite = (text: string) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => `${JSON.stringify(tamper.edit ? tamper.edit(JSON.parse(l) as Line) : JSON.parse(l))}\n`)
      .join('');
  return {
    ...orig,
    packageMetadata: (input: Parameters<typeof orig.packageMetadata>[0]) => {
      const m = orig.packageMetadata(input);
      return { ...m, records: rewrite(m.records), claims: rewrite(m.claims) };
    },
  };
});

type V = Awaited<ReturnType<typeof fileScopedVault>>;
let sender: V;
let receiver: V;
let work: string;
let caseId: string;
let ids: { a: string; b: string; link: string; event: string; claim: string };
let n = 0;

const blobFiles = (vaultDir: string) => readdirSync(join(vaultDir, 'blobs'), { recursive: true }).filter((f) => /[0-9a-f]{32}$/.test(String(f))).length;

async function packageWith(edit: ((l: Line) => Line) | null): Promise<string> {
  const out = join(work, `pkg-${n++}`);
  tamper.edit = edit;
  try {
    await exportPackage(sender.ws, { caseId, selection: { case: true }, profile: 'prosecutor', outPath: out, organization: ORG });
  } finally {
    tamper.edit = null;
  }
  return out;
}

/** Only the record with this original id is changed. */
const onRecord = (id: string, change: (data: Record<string, unknown>) => Record<string, unknown>) => (l: Line) => (l.id === id ? { ...l, data: change(l.data) } : l);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sanctum-hostile-'));
  sender = await fileScopedVault();
  receiver = await fileScopedVault();
  caseId = sender.ws.cases.create({ name: 'Hostile sender' }).id;
  const a = sender.ws.entities.create({ caseId, kind: 'person', name: 'Person A' }).id;
  const b = sender.ws.entities.create({ caseId, kind: 'organization', name: 'Company B' }).id;
  const link = sender.ws.links.create({ caseId, kind: 'owns', source: a, target: b }).id;
  const event = sender.ws.events.create({ caseId, title: 'A meeting', participants: [{ entityId: a, role: 'host' }] }).id;
  const report = (await sender.ws.evidence.intake([Buffer.from('a report that cites the link')], { caseId, originalName: 'report.txt' })).id;
  const claim = sender.ws.claims.create({ caseId, assertion: { type: 'link', linkId: link }, evidence: [{ evidenceId: report }] }).id;
  ids = { a, b, link, event, claim };
});

afterAll(() => {
  sender?.dispose();
  receiver?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('import parses every record of a signed package with the model', () => {
  it.each([
    ['a claim without an assertion', () => onRecord(ids.claim, ({ assertion: _a, ...d }) => d), /^package claim [0-9a-f]{32}: assertion: /],
    ['a claim whose evidence is not a list', () => onRecord(ids.claim, (d) => ({ ...d, evidence: 'everything' })), /^package claim [0-9a-f]{32}: evidence: /],
    ['a claim citing something that is not an id', () => onRecord(ids.claim, (d) => ({ ...d, evidence: [{ evidenceId: { $ne: null } }] })), /^package claim [0-9a-f]{32}: evidence\.0\.evidenceId: /],
    ['a link whose end is an object', () => onRecord(ids.link, (d) => ({ ...d, source: { toString: 'x' } })), /^package link [0-9a-f]{32}: source: /],
    ['an event whose participants are a string', () => onRecord(ids.event, (d) => ({ ...d, participants: 'everyone' })), /^package event [0-9a-f]{32}: participants: /],
    ['an entity of a kind the model does not have', () => onRecord(ids.b, (d) => ({ ...d, kind: 'spaceship' })), /^package entity [0-9a-f]{32}: kind: /],
  ])('refuses %s, naming the record, and records nothing', async (_what, edit, message) => {
    const pkg = await packageWith(edit());
    const before = { records: receiver.ws.repo.size, blobs: blobFiles(receiver.dir) };
    await rejectsWith(importPackage(receiver.ws, pkg, { trustSigner: sender.vault.fingerprint }), { code: 'INVALID_INPUT', message });
    expect({ records: receiver.ws.repo.size, blobs: blobFiles(receiver.dir) }).toEqual(before);
    expect(knownFingerprints(receiver.ws.repo, receiver.vault)).not.toContain(sender.vault.fingerprint);
  });

  it('names the original id of the record it refused', async () => {
    const pkg = await packageWith(onRecord(ids.event, (d) => ({ ...d, title: 42 })));
    await rejectsWith(importPackage(receiver.ws, pkg, { trustSigner: sender.vault.fingerprint }), { message: new RegExp(`^package event ${ids.event}: title: `) });
  });

  it('imports the same package untouched (the rewriting itself changes nothing)', async () => {
    const pkg = await packageWith((l) => l);
    const r = await importPackage(receiver.ws, pkg, { trustSigner: sender.vault.fingerprint });
    expect([r.entities, r.links, r.events, r.claims, r.droppedCitations]).toEqual([2, 1, 1, 1, 0]);
  });
});
