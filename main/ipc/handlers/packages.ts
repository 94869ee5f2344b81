/** Evidence packages over IPC: preview, export and import as jobs with progress, verify, decrypt, recipient key. */
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { SanctumError } from '../../core/errors';
import {
  exportPackage,
  extractArchive,
  importPackage,
  knownFingerprints,
  planPackage,
  previewPackage,
  recipientKey,
  sniffInput,
  verifyBag,
} from '../../core/exchange/package';
import { decryptStream } from '../../core/exchange/package/envelope';
import type { CallContext, Handlers } from '../router';

type PackageHandlers = Pick<Handlers, 'package.preview' | 'package.export' | 'package.verify' | 'package.import' | 'package.decrypt' | 'package.recipientKey'>;

/** The unlocked vault's known signers, or none when the vault is locked (every signer is then unknown). */
function optionalKnownSigners(ctx: CallContext): string[] {
  try {
    const ws = ctx.session.workspace();
    return knownFingerprints(ws.repo, ws.ctx.vault);
  } catch (e) {
    if (e instanceof SanctumError && e.code === 'VAULT_LOCKED') return [];
    throw e;
  }
}

/** The unlocked vault's recipient key, or null when the vault is locked (verify then works without it). */
function optionalRecipient(ctx: CallContext) {
  try {
    return recipientKey(ctx.session.workspace().repo);
  } catch (e) {
    if (e instanceof SanctumError && e.code === 'VAULT_LOCKED') return null;
    throw e;
  }
}

export const packageHandlers: PackageHandlers = {
  'package.preview': (r, ctx) => previewPackage(ctx.session.workspace(), r),

  'package.export': async (r, ctx) => {
    const ws = ctx.session.workspace();
    const total = planPackage(ws, r).bytes;
    return ctx.jobs.run(r.jobId, `Exporting ${basename(r.outPath)}`, total, (signal, progress) =>
      exportPackage(ws, {
        caseId: r.caseId,
        selection: r.selection,
        profile: r.profile,
        recipients: r.recipients,
        outPath: r.outPath,
        organization: r.organization,
        ...(r.description ? { description: r.description } : {}),
        signal,
        onProgress: (p) => {
          if (p.phase === 'writing') progress(p.done);
        },
      }),
    );
  },

  'package.verify': async (r, ctx) => {
    const encrypted = (await sniffInput(r.path)) === 'encrypted';
    const recipient = encrypted ? optionalRecipient(ctx) : null;
    if (encrypted && !recipient) throw new SanctumError('VAULT_LOCKED', 'this package is encrypted: unlock the vault it was sent to, then verify again', r.path);
    const run = (signal?: AbortSignal, progress?: (n: number) => void) =>
      verifyBag(r.path, {
        ...(recipient ? { recipient } : {}),
        ...(r.expectSigner ? { expectSigner: r.expectSigner } : {}),
        knownSigners: optionalKnownSigners(ctx),
        ...(signal ? { signal } : {}),
        onProgress: (p) => progress?.(p.done),
      });
    return r.jobId ? ctx.jobs.run(r.jobId, `Checking ${basename(r.path)}`, null, run) : run();
  },

  'package.import': async (r, ctx) => {
    const ws = ctx.session.workspace();
    return ctx.jobs.run(r.jobId, `Importing ${basename(r.path)}`, null, (signal, progress) =>
      importPackage(ws, r.path, {
        ...(r.caseId ? { caseId: r.caseId } : {}),
        ...(r.expectSigner ? { expectSigner: r.expectSigner } : {}),
        ...(r.trustSigner ? { trustSigner: r.trustSigner } : {}),
        signal,
        onProgress: (p) => progress(p.done),
      }),
    );
  },

  'package.decrypt': async (r, ctx) => {
    const key = recipientKey(ctx.session.workspace().repo);
    if ((await sniffInput(r.path)) !== 'encrypted') throw new SanctumError('UNSUPPORTED_FORMAT', 'not an encrypted package', r.path);
    return ctx.jobs.run(r.jobId, `Decrypting ${basename(r.path)}`, null, async (signal) => {
      if (!/\.tar$/i.test(r.outPath)) return { path: (await extractArchive(r.path, r.outPath, { recipient: key, signal })).bagDir };
      const fh = await open(r.outPath, 'wx', 0o600);
      let ok = false;
      try {
        for await (const chunk of decryptStream(createReadStream(r.path), key, r.path)) {
          if (signal.aborted) throw new SanctumError('CANCELLED', 'decryption cancelled; nothing was written');
          await fh.write(chunk);
        }
        await fh.sync();
        ok = true;
      } finally {
        await fh.close();
        if (!ok) await rm(r.outPath, { force: true });
      }
      return { path: r.outPath };
    });
  },

  'package.recipientKey': (_r, ctx) => {
    const k = recipientKey(ctx.session.workspace().repo);
    return { publicKey: k.text, fingerprint: k.fingerprint };
  },
};
