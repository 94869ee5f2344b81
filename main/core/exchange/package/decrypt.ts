/**
 * Decrypt a package sent to this vault (`sanctum package decrypt`, and the package.decrypt IPC channel): an
 * output ending in .tar receives the decrypted archive as it is; any other output is a new folder the bag is
 * extracted into (archive.ts: regular files only, never outside the folder). The output must not exist; on any
 * failure or cancel nothing is left behind.
 */
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { SanctumError } from '../../errors';
import { extractArchive, sniffInput } from './archive';
import { decryptStream, type RecipientKeyPair } from './envelope';

export interface DecryptOptions {
  signal?: AbortSignal;
}

/** Returns what was written: the .tar file, or the bag folder inside the extraction folder. */
export async function decryptPackage(inPath: string, outPath: string, recipient: RecipientKeyPair, opts: DecryptOptions = {}): Promise<string> {
  if ((await sniffInput(inPath)) !== 'encrypted') throw new SanctumError('UNSUPPORTED_FORMAT', 'not an encrypted package', basename(inPath));
  const signal = opts.signal;
  if (!/\.tar$/i.test(outPath)) return (await extractArchive(inPath, outPath, { recipient, ...(signal ? { signal } : {}) })).bagDir;
  const fh = await open(outPath, 'wx', 0o600);
  let ok = false;
  try {
    for await (const chunk of decryptStream(createReadStream(inPath), recipient, basename(inPath))) {
      if (signal?.aborted) throw new SanctumError('CANCELLED', 'decryption cancelled; nothing was written');
      let off = 0;
      while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
    }
    await fh.sync();
    ok = true;
  } finally {
    await fh.close();
    if (!ok) await rm(outPath, { force: true });
  }
  return outPath;
}
