/** Serves the renderer build on `app://sanctum/` (glue; the rules are in security.ts). */
import { readFile } from 'node:fs/promises';
import type { Session } from 'electron';
import { APP_SCHEME, isReadMethod, resolveAppAsset, responseHeaders } from './security';

function refusal(status: number): Response {
  return new Response(null, { status, headers: responseHeaders() });
}

export function registerAppProtocol(ses: Session, rendererRoot: string): void {
  ses.protocol.handle(APP_SCHEME, async (request) => {
    if (!isReadMethod(request.method)) return refusal(405);
    const asset = resolveAppAsset(request.url, rendererRoot);
    if (!asset.ok) return refusal(asset.status);
    try {
      const body = await readFile(asset.path);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...responseHeaders(), 'Content-Type': asset.mimeType },
      });
    } catch {
      return refusal(404);
    }
  });
}
