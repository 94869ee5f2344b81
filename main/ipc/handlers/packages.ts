/** Evidence packages over IPC: preview, export and import as jobs with progress, verify, decrypt, recipient key. */
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { SanctumError } from '../../core/errors';
import {
  exportPackage,
  extractArchive,
  importPackage,
  planPackage,
  recipientKey,
  sniffInput,
  verifyBag,
} from '../../core/exchange/package';
import { decryptStream } from '../../core/exchange/package/envelope';
import type { CallContext, Handlers } from '../router';

type PackageHandlers = Pick<Handlers, 'package.preview' | 'package.export' | 'package.verify' | 'package.import' | 'package.decrypt' | 'package.recipientKey'>;

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
  'package.preview': (r, ctx) => {
    const ws = ctx.session.workspace();
    const plan = planPackage(ws, r);
    const compartment = ws.ctx.vault.witnessUnlocked;
    return {
      profile: plan.profile,
      items: plan.items.map((i) =>
        i.kind === 'file'
          ? { id: i.evidence.id, type: 'file' as const, title: i.evidence.data.title, size: i.evidence.data.file!.blob.size, mediaType: i.evidence.data.file!.mediaType, treatment: 'original, byte for byte' }
          : {
              id: i.evidence.id,
              type: 'statement' as const,
              title: i.evidence.data.title,
              size: null,
              mediaType: 'text/plain',
              treatment: i.named ? "rendered as text, witness named (consent to share and to be named)" : `rendered as text under the pseudonym ${i.witness.data.pseudonym}`,
            },
      ),
      withheld: plan.withheld,
      counts: { entities: plan.entities.length, links: plan.links.length, events: plan.events.length, claims: plan.claims.length },
      bytes: plan.bytes,
      needsWitnessCompartment: plan.witnesses.length > 0,
      witnessCompartmentOpen: compartment,
      notes: plan.witnesses.length
        ? ["Every file is searched for the witnesses' names at export; a file containing one is replaced by a clean redacted working copy, or withheld."]
        : [],
    };
  },

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
