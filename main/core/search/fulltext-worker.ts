/**
 * The full-text worker: holds the FullTextIndex (shared/search/fulltext.ts), so that tokenising the vault's text
 * at unlock (hundreds of megabytes) and answering queries never block the main process. Started by
 * FullTextService; bundled for the app as dist/main/fulltext-worker.js (build/scripts/lib/bundle.mjs), run from
 * source under tsx and vitest. It holds plaintext only in memory and dies with the vault's lock.
 *
 * Given `blobs` (the vault folder and a copy of the blob key, transferred), it opens the sealed text bodies a
 * batch names itself, through the vault's own reader (BlobStore + documents/text-store.ts readTextPages: the
 * hash and size checks included); the key lives in this thread only and goes with it when it is terminated.
 * Messages are handled one at a time, in order (opening a body is asynchronous).
 */
import { parentPort } from 'node:worker_threads';
import { FullTextIndex } from '../../../shared/search/fulltext';
import type { EvidenceTextRecordData, TextPage } from '../../../shared/model/records';
import { BlobStore } from '../blobs/blob-store';
import { SecretKey } from '../crypto/secret-key';
import { initCrypto } from '../crypto/sodium';
import { readTextPages } from '../documents/text-store';
import type { StoredRecord } from '../store/sealed-store';
import { applyDelta, type FromFullTextWorker, type IndexDelta, type ToFullTextWorker } from './fulltext-protocol';
import { evidenceTextUnits } from './fulltext-units';

const port = parentPort;
if (!port) throw new Error('fulltext-worker.ts runs as a worker thread');

let index = new FullTextIndex();
let started = performance.now();
let blobs: BlobStore | null = null;
let key: SecretKey | null = null;
const reply = (m: FromFullTextWorker) => port.postMessage(m);

const apply = (d: IndexDelta) => applyDelta(index, d);

/** Bodies opened a few at a time (file reads and gunzip run on libuv's pool meanwhile). */
const OPEN_AT_ONCE = 4;

async function openBodies(recs: readonly StoredRecord<EvidenceTextRecordData>[]): Promise<IndexDelta> {
  const d: IndexDelta = { items: [], sets: [], removals: [], itemRemovals: [] };
  const store = blobs;
  const pages: (TextPage[] | undefined)[] = new Array(recs.length);
  let next = 0;
  const lane = async () => {
    while (next < recs.length) {
      const i = next++;
      // A body that cannot be read (its item deleted meanwhile, a damaged blob) indexes as no pages, as on the
      // main thread; a newer state of the record follows as an `apply`.
      pages[i] = store ? await readTextPages(store, recs[i]!).catch(() => []) : [];
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_AT_ONCE, recs.length) }, lane));
  for (let i = 0; i < recs.length; i++) {
    const ru = evidenceTextUnits(recs[i]!, pages[i]);
    d.sets.push({ key: ru.key, units: ru.units });
  }
  return d;
}

async function handle(m: ToFullTextWorker): Promise<void> {
  switch (m.type) {
    case 'reset':
      index.clear();
      index = new FullTextIndex();
      started = performance.now();
      break;
    case 'blobs':
      await initCrypto();
      key?.wipe();
      key = new SecretKey(m.key);
      blobs = new BlobStore(m.vaultDir, () => key!);
      break;
    case 'batch': {
      // The batch's own records first, then the bodies it names (their evidence items are in this or an earlier batch).
      apply(m);
      if (m.bodies?.length) apply(await openBodies(m.bodies));
      reply({ type: 'progress', seq: m.seq, records: m.records });
      break;
    }
    case 'seal':
      index.seal();
      reply({ type: 'sealed', ms: performance.now() - started, stats: index.stats() });
      break;
    case 'apply':
      apply(m);
      break;
    case 'query': {
      const t = performance.now();
      const result = index.query(m.q);
      reply({ type: 'result', id: m.id, result, ms: performance.now() - t });
      break;
    }
  }
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (m: ToFullTextWorker) => {
  queue = queue.then(() =>
    handle(m).catch((e: unknown) => {
      reply({ type: 'error', id: m.type === 'query' ? m.id : null, message: e instanceof Error ? e.message : String(e) });
    }),
  );
});
