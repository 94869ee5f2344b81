import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { GraphSanctionStatus } from '../../../shared/ipc/channels/graph';
import { requireKind } from '../../core/case/context';
import { SanctumError } from '../../core/errors';
import { exportGraph, type GraphFormat } from '../../core/exchange/graphml/export';
import { writeFileAtomic } from '../../core/util/atomic-file';
import { GraphStore } from '../../core/graph/graph-store';
import { OutputProtection } from '../../core/protection';
import { checkImage } from '../../core/graph/image-check';
import { buildCaseSnapshot } from '../../core/graph/snapshot';
import type { Handlers } from '../router';
import type { ParsedRequestOf } from '../../../shared/ipc/contract';
import type { CallContext } from '../router';

const PURPOSE = { graphml: 'graph.exportGraphml', gexf: 'graph.exportGexf' } as const;

/** GraphML and GEXF: the same export, each redeeming a grant of its own purpose. */
function graphExport(format: GraphFormat, r: ParsedRequestOf<'graph.exportGraphml'>, ctx: CallContext) {
  const path = ctx.grants.redeem(r.grant, 'write', PURPOSE[format]);
  const { path: written, ...rest } = exportGraph(ctx.session.workspace(), r.caseId, format, path, {
    analytics: r.analytics,
    edges: r.edges,
    overwrite: r.overwrite,
    ...(r.review ? { review: r.review } : {}),
    ...(r.filters ? { filters: r.filters } : {}),
    ...(r.seed !== undefined ? { seed: r.seed } : {}),
  });
  return { ...rest, name: basename(written) };
}

export const graphHandlers: Pick<Handlers, Extract<keyof Handlers, `graph.${string}`>> = {
  'graph.snapshot': (r, ctx) => buildCaseSnapshot(ctx.session.workspace(), r.caseId),
  'graph.savePositions': (r, ctx) => new GraphStore(ctx.session.workspace()).savePositions(r.caseId, r.positions, { replace: r.replace }),
  'graph.views': (r, ctx) => new GraphStore(ctx.session.workspace()).views(r.caseId),
  'graph.saveView': (r, ctx) => new GraphStore(ctx.session.workspace()).saveView(r),
  'graph.deleteView': (r, ctx) => {
    new GraphStore(ctx.session.workspace()).deleteView(r.id);
    return { ok: true as const };
  },
  'graph.exportGraphml': (r, ctx) => graphExport('graphml', r, ctx),
  'graph.exportGexf': (r, ctx) => graphExport('gexf', r, ctx),
  'graph.exportImage': async (r, ctx) => {
    const path = ctx.grants.redeem(r.grant, 'write', 'graph.exportImage');
    const ws = ctx.session.workspace();
    requireKind(ws.repo, r.caseId, 'case');
    const bytes = Buffer.from(r.base64, 'base64');
    if (bytes.length > 64 * 1024 * 1024) throw new SanctumError('INVALID_INPUT', 'the image is larger than 64 MiB', 'base64');
    // Decode it: only a real PNG or a harmless SVG reaches the investigator's disk (never a script with an <svg prefix).
    await checkImage(r.format, bytes);
    // The renderer draws from the snapshot (labels already protected); an SVG is text, so check it again.
    if (r.format === 'svg') {
      const hits = OutputProtection.forCase(ws, r.caseId).scan('SVG image', bytes.toString('utf8'));
      // No decisions here: an image cannot be redacted after drawing; change the labels in the view instead.
      if (hits.length) {
        throw new SanctumError('FORBIDDEN', `the image contains ${hits.length} possible mention(s) of a protected person's identity; nothing was written`, 'base64', {
          reviewHits: hits.map((h) => ({ key: h.key, where: h.where, field: h.field, subject: h.subject, context: h.context })),
        });
      }
    }
    const name = basename(path);
    const dir = dirname(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SanctumError('NOT_FOUND', `the folder for ${name} does not exist`, name);
    if (existsSync(path) && !r.overwrite) throw new SanctumError('CONFLICT', `${name} already exists; choose another name or allow overwriting`, name);
    writeFileAtomic(path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // Data leaving the vault is always logged (as the GraphML export is).
    ws.ctx.vault.record({ action: 'graph.exported', target: { kind: 'case', id: r.caseId }, details: { format: r.format, bytes: bytes.length, sha256 } });
    return { name, format: r.format, bytes: bytes.length, sha256 };
  },
  // Reused until a write changes what it shows (main/core/graph/timeline.ts TimelineCache).
  'graph.timeline': (r, ctx) => ctx.session.workspace().timelines.get(r.caseId),
  'graph.sanctionStatus': (r, ctx) => {
    const ws = ctx.session.workspace();
    requireKind(ws.repo, r.caseId, 'case');
    const out: GraphSanctionStatus = {};
    for (const d of ws.repo.ofKind('designation')) {
      if (d.data.caseId !== r.caseId) continue;
      const prev = out[d.data.entityId];
      const regimes = [...new Set([...(prev?.regimes ?? []), ...d.data.regimeIds])];
      // Listed = under a regime; a designation that only records a group affiliation flags the entity.
      out[d.data.entityId] = { status: regimes.length ? 'listed' : 'flagged', regimes };
    }
    return out;
  },
};
