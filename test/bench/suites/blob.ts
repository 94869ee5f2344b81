/**
 * Evidence intake: BlobStore.write (SHA-256 of the original + secretstream encryption in 64 KiB chunks + write +
 * fsync + rename) of a 256 MiB file, against node:crypto SHA-256 alone over the same file read the same way.
 * The file is pseudo-random (AES-CTR keystream, fixed key) so nothing compresses or dedups; it is read once
 * before timing so both measurements start from the OS page cache. Three alternating runs, medians.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KDF_FLOOR } from '../../../main/core/crypto/kdf';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { createVault } from '../../../main/core/vault/vault';
import type { BenchSuite } from '../types';
import { median, round } from '../util';

const SIZE = 256 * 1024 * 1024;
const RUNS = 3;
const READ_CHUNK = 1024 * 1024;

function writeTestFile(path: string): void {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(8 * 1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let done = 0; done < SIZE; done += zeros.length) writeSync(fd, cipher.update(zeros));
  } finally {
    closeSync(fd);
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const suite: BenchSuite = {
  name: 'blob',
  description: `intake (hash + encrypt) of a ${SIZE / 1024 / 1024} MiB file vs node:crypto SHA-256 alone; MB = 10^6 bytes`,
  async run({ workDir, log }) {
    await initCrypto();
    const src = join(workDir, 'evidence.bin');
    log(`writing a ${SIZE / 1024 / 1024} MiB test file`);
    writeTestFile(src);
    const expected = await sha256File(src); // also warms the page cache
    const { vault } = await createVault(join(workDir, 'vault'), { passphrase: 'benchmark passphrase, not secret', kdf: KDF_FLOOR });
    const shaMs: number[] = [];
    const intakeMs: number[] = [];
    try {
      for (let r = 0; r < RUNS; r++) {
        let t = performance.now();
        const digest = await sha256File(src);
        shaMs.push(performance.now() - t);
        if (digest !== expected) throw new Error('SHA-256 differs between runs');
        t = performance.now();
        const info = await vault.blobs.write(src);
        intakeMs.push(performance.now() - t);
        if (info.sha256 !== expected || info.size !== SIZE) throw new Error('intake hash or size is wrong');
        await vault.blobs.delete(info.blobId);
        log(`run ${r + 1}/${RUNS}: SHA-256 ${round(shaMs.at(-1)!)} ms, intake ${round(intakeMs.at(-1)!)} ms`);
      }
    } finally {
      vault.close('bench');
      rmSync(src, { force: true });
    }
    const mbps = (ms: number) => round(SIZE / 1e6 / (ms / 1000), 1);
    const intake = mbps(median(intakeMs));
    const sha = mbps(median(shaMs));
    return [
      { metric: 'blob intake (SHA-256 + encrypt + write)', value: intake, unit: 'MB/s', baseline: sha, ratio: round(median(intakeMs) / median(shaMs), 2), target: '>= 150 MB/s', pass: intake >= 150 },
      { metric: 'blob intake (time)', value: round(median(intakeMs)), unit: 'ms', baseline: round(median(shaMs)) },
    ];
  },
};
