import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DesignationData } from '../../../shared/model/records';
import type { GraphSanctionStatus } from '../../../shared/ipc/channels/graph';
import { requireKind } from '../../core/case/context';
import { SanctumError } from '../../core/errors';
import { exportGraphml } from '../../core/exchange/graphml/export';
import { writeFileAtomic } from '../../core/util/atomic-file';
import { GraphStore } from '../../core/graph/graph-store';
import { OutputProtection } from '../../core/protection';
import { buildCaseSnapshot } from '../../core/graph/snapshot';
import type { Handlers } from '../router';

export const graphHandlers: Pick<Handlers, Extract<keyof Handlers, `graph.${string}`>> = {
  'graph.snapshot': (r, ctx) => buildCaseSnapshot(ctx.session.workspace(), r.caseId),
  'graph.savePositions': (r, ctx) => new GraphStore(ctx.session.workspace()).savePositions(r.caseId, r.positions, { replace: r.replace }),
  'graph.views': (r, ctx) => new GraphStore(ctx.session.workspace()).views(r.caseId),
  'graph.saveView': (r, ctx) => new GraphStore(ctx.session.workspace()).saveView(r),
  'graph.deleteView': (r, ctx) => {
    new GraphStore(ctx.session.workspace()).deleteView(r.id);
    return { ok: true as const };
  },
  'graph.exportGraphml': (r, ctx) =>
    exportGraphml(ctx.session.workspace(), r.caseId, r.path, {
      analytics: r.analytics,
      edges: r.edges,
      overwrite: r.overwrite,
      ...(r.filters ? { filters: r.filters } : {}),
      ...(r.seed !== undefined ? { seed: r.seed } : {}),
    }),
  'graph.exportImage': (r, ctx) => {
    const ws = ctx.session.workspace();
    requireKind(ws.repo, r.caseId, 'case');
    const bytes = Buffer.from(r.base64, 'base64');
    // Check the bytes are what the format says, so a bad encoding never reaches the investigator's disk as an image.
    const ok = r.format === 'png' ? bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) : /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(bytes.subarray(0, 200).toString('utf8'));
    if (!ok) throw new SanctumError('INVALID_INPUT', `the image is not a valid ${r.format.toUpperCase()}`, 'base64');
    if (bytes.length > 64 * 1024 * 1024) throw new SanctumError('INVALID_INPUT', 'the image is larger than 64 MiB', 'base64');
    // The renderer draws from the snapshot (labels already protected); an SVG is text, so check it again.
    if (r.format === 'svg') {
      const hits = OutputProtection.forCase(ws, r.caseId).scan('SVG image', bytes.toString('utf8'));
      if (hits.length) throw new SanctumError('FORBIDDEN', `the image contains ${hits.length} possible mention(s) of a protected person's identity; nothing was written`, 'base64');
    }
    const dir = dirname(r.path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SanctumError('NOT_FOUND', `the folder ${dir} does not exist`, r.path);
    if (existsSync(r.path) && !r.overwrite) throw new SanctumError('CONFLICT', `${r.path} already exists; choose another name or allow overwriting`, r.path);
    writeFileAtomic(r.path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // Data leaving the vault is always logged (as the GraphML export is).
    ws.ctx.vault.record({ action: 'graph.exported', target: { kind: 'case', id: r.caseId }, details: { format: r.format, bytes: bytes.length, sha256 } });
    return { path: r.path, format: r.format, bytes: bytes.length, sha256 };
  },
  'graph.sanctionStatus': (r, ctx) => {
    const ws = ctx.session.workspace();
    requireKind(ws.repo, r.caseId, 'case');
    const out: GraphSanctionStatus = {};
    for (const d of ws.repo.ofKind<DesignationData>('designation')) {
      if (d.data.caseId !== r.caseId) continue;
      const prev = out[d.data.entityId];
      const regimes = [...new Set([...(prev?.regimes ?? []), ...d.data.regimeIds])];
      // Listed = under a regime; a designation that only records a group affiliation flags the entity.
      out[d.data.entityId] = { status: regimes.length ? 'listed' : 'flagged', regimes };
    }
    return out;
  },
};
