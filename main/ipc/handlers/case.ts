import { identityWarnings } from '../../core/protection';
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { SanctumError } from '../../core/errors';
import { Views } from '../../core/case/views';
import { previewKind } from '../../core/evidence/media-type';
import type { CallContext, Handlers } from '../router';
import type { documentChannels } from '../../../shared/ipc/channels/documents';

/** Documents channels (evidence.text, evidence.extractText, entity.mentions, evidence.suggestions) are served by ./documents.ts. */
type CaseHandlers = Pick<Handlers, Exclude<Extract<keyof Handlers, `${'case' | 'entity' | 'link' | 'event' | 'source' | 'claim' | 'evidence' | 'witness' | 'statement' | 'undo' | 'job' | 'system'}.${string}`>, keyof typeof documentChannels>>;

const PREVIEW_LIMIT = 25 * 1024 * 1024;

function ws(ctx: CallContext) {
  const w = ctx.session.workspace();
  return { w, v: new Views(w) };
}

function system(ctx: CallContext) {
  if (!ctx.system) throw new SanctumError('UNSUPPORTED_FORMAT', 'file dialogs are not available here');
  return ctx.system;
}

export const caseHandlers: CaseHandlers = {
  'case.list': (_r, ctx) => {
    const { w, v } = ws(ctx);
    return w.cases.list().map((c) => v.case(c));
  },
  'case.create': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.case(w.cases.create(r));
  },
  'case.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.case(w.cases.update(r.id, r.patch));
  },

  'entity.list': (r, ctx) => {
    const { w, v } = ws(ctx);
    w.cases.get(r.caseId);
    return w.entities.list(r.caseId).map((e) => v.entityRow(e));
  },
  'entity.get': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.entity(w.entities.get(r.id));
  },
  'entity.create': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.entity(w.entities.create(r.data));
  },
  'entity.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.entity(w.entities.update(r.id, r.patch));
  },
  'entity.createLinked': (r, ctx) => {
    const { w, v } = ws(ctx);
    const made = w.entities.createLinked(r.data, r.link);
    return { entity: v.entity(made.entity), link: v.link(made.link) };
  },
  'entity.deleteImpact': (r, ctx) => ws(ctx).w.entities.deleteImpact(r.id),
  'entity.delete': (r, ctx) => ws(ctx).w.entities.delete(r.id, { confirm: r.confirm }),

  'link.list': (r, ctx) => {
    const { w, v } = ws(ctx);
    return w.links.list(r.caseId).map((l) => v.link(l));
  },
  'link.create': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.link(w.links.create(r.data));
  },
  'link.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.link(w.links.update(r.id, r.patch));
  },
  'link.delete': (r, ctx) => ws(ctx).w.links.delete(r.id, { confirm: r.confirm }),

  'event.list': (r, ctx) => {
    const { w, v } = ws(ctx);
    return w.events.list(r.caseId).map((e) => v.event(e));
  },
  'event.create': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.event(w.events.create(r.data));
  },
  'event.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.event(w.events.update(r.id, r.patch));
  },
  'event.delete': (r, ctx) => ws(ctx).w.events.delete(r.id, { confirm: r.confirm }),

  'source.list': (r, ctx) => {
    const { w, v } = ws(ctx);
    return w.sources.list(r.caseId).map((s) => v.source(s));
  },
  'source.create': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.source(w.sources.create(r.data));
  },
  'source.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.source(w.sources.update(r.id, r.patch));
  },
  'source.delete': (r, ctx) => {
    ws(ctx).w.sources.delete(r.id);
    return { ok: true as const };
  },

  'claim.list': (r, ctx) => {
    const { w, v } = ws(ctx);
    if (r.aboutId) return w.claims.about(r.aboutId).map((c) => v.claim(c));
    if (r.caseId) return w.claims.list(r.caseId).map((c) => v.claim(c));
    throw new SanctumError('INVALID_INPUT', 'give a caseId or an aboutId', 'caseId');
  },
  'claim.create': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.claim(w.claims.create(r.data));
  },
  'claim.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.claim(w.claims.update(r.id, r.patch));
  },
  'claim.delete': (r, ctx) => {
    ws(ctx).w.claims.delete(r.id);
    return { ok: true as const };
  },

  'evidence.list': (r, ctx) => {
    const { w, v } = ws(ctx);
    return w.evidence.list(r.caseId).map((e) => v.evidenceRow(e));
  },
  'evidence.get': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.evidence(w.evidence.get(r.id));
  },
  'evidence.intake': async (r, ctx) => {
    const paths = ctx.grants.redeemAll(r.grants, 'read', 'evidence.intake');
    const { w, v } = ws(ctx);
    const sizes = paths.map((p) => {
      try {
        const st = statSync(p);
        if (!st.isFile()) throw new Error('not a file');
        return st.size;
      } catch {
        throw new SanctumError('NOT_FOUND', `cannot read ${basename(p)}`, basename(p));
      }
    });
    const total = sizes.reduce((a, b) => a + b, 0);
    return ctx.jobs.run(r.jobId, paths.length === 1 ? `Adding ${basename(paths[0]!)}` : `Adding ${paths.length} files`, total, async (signal, progress) => {
      const items = [];
      let before = 0;
      for (const [i, path] of paths.entries()) {
        const rec = await w.evidence.intake(path, { ...r.meta, caseId: r.caseId, originalName: basename(path) }, { signal, onProgress: (n) => progress(before + n) });
        before += sizes[i]!;
        items.push(v.evidenceRow(rec));
      }
      return { items };
    });
  },
  'evidence.workingCopy': async (r, ctx) => {
    const path = ctx.grants.redeem(r.grant, 'read', 'evidence.workingCopy');
    const { w, v } = ws(ctx);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new SanctumError('NOT_FOUND', `cannot read ${basename(path)}`, basename(path));
    }
    return ctx.jobs.run(r.jobId, `Adding working copy ${basename(path)}`, size, async (signal, progress) =>
      v.evidenceRow(await w.evidence.addWorkingCopy(r.originalId, path, { ...r.meta, originalName: basename(path), type: r.type }, { signal, onProgress: progress })),
    );
  },
  'evidence.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.evidence(w.evidence.update(r.id, r.patch));
  },
  'evidence.preview': async (r, ctx) => {
    const { w } = ws(ctx);
    const rec = w.evidence.get(r.id);
    if (!rec.data.file) throw new SanctumError('INVALID_INPUT', 'statements have no file to preview', r.id);
    const { mediaType, originalName, blob } = rec.data.file;
    const kind = previewKind(mediaType);
    if (kind === 'none' || blob.size > PREVIEW_LIMIT) {
      return { kind, mediaType, name: originalName, size: blob.size, base64: null, tooLarge: blob.size > PREVIEW_LIMIT };
    }
    const { bytes } = await w.evidence.read(r.id, 'preview');
    return { kind, mediaType, name: originalName, size: blob.size, base64: bytes.toString('base64'), tooLarge: false };
  },
  'evidence.exportOriginal': async (r, ctx) => {
    const path = ctx.grants.redeem(r.grant, 'write', 'evidence.exportOriginal');
    const { path: written, ...rest } = await ws(ctx).w.evidence.exportOriginal(r.id, path);
    return { ...rest, name: basename(written) };
  },
  'evidence.deleteImpact': (r, ctx) => ws(ctx).w.evidence.deleteImpact(r.id),
  'evidence.delete': (r, ctx) => ws(ctx).w.evidence.delete(r.id, { confirm: r.confirm }),

  'witness.list': (r, ctx) => {
    const { w, v } = ws(ctx);
    return w.witnesses.list(r.caseId).map((x) => v.witness(x));
  },
  'witness.create': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.witness(w.witnesses.create(r.data, r.identity, { reliability: r.reliability }));
  },
  'witness.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.witness(w.witnesses.update(r.id, r.patch));
  },
  'witness.setIdentity': (r, ctx) => {
    ws(ctx).w.witnesses.setIdentity(r.witnessId, r.identity);
    return { ok: true as const };
  },
  'witness.reveal': (r, ctx) => ws(ctx).w.witnesses.revealIdentity(r.witnessId),
  'witness.checkText': (r, ctx) => identityWarnings(ws(ctx).w, r.caseId, r.text, r.witnessId),
  'statement.create': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.evidence(w.witnesses.recordStatement(r));
  },
  'statement.update': (r, ctx) => {
    const { w, v } = ws(ctx);
    return v.evidence(w.witnesses.updateStatement(r.id, r.patch));
  },

  'undo.peek': (_r, ctx) => {
    const top = ctx.session.repo().peekUndo();
    return top ? { label: top.label } : null;
  },
  'undo.run': (_r, ctx) => ctx.session.repo().undo(),
  'job.cancel': (r, ctx) => ({ cancelled: ctx.jobs.cancel(r.jobId) }),

  // The dialogs answer paths; the renderer gets grants for the purpose it named, and base names to show.
  'system.pickFiles': async ({ purpose, ...opts }, ctx) => {
    const paths = await system(ctx).pickFiles(opts);
    return { files: paths.map((p) => ctx.grants.issue(p, 'read', purpose)) };
  },
  'system.pickSavePath': async ({ purpose, ...opts }, ctx) => {
    const path = await system(ctx).pickSavePath(opts);
    return { file: path === null ? null : ctx.grants.issue(path, 'write', purpose) };
  },
};
