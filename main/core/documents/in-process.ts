/**
 * Extraction on the calling thread: the one-shot CLI (a worker would only add its start-up time, and the CLI is a
 * single bundled file) and tests. The app uses the worker (text-worker-client.ts).
 */
import { extractBytes } from './extract';
import type { Extractor } from './text-worker-client';
import type { ExtractOptions, ExtractResult } from './types';

export class InProcessExtractor implements Extractor {
  extract(bytes: Uint8Array, mediaType: string, name: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
    return extractBytes(bytes, mediaType, name, opts);
  }
  dispose(): void {}
}
