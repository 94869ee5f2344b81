// SHA256SUMS for release artefacts: one "<hex>  <name>" line per installer in electron-builder's output folder,
// the format `sha256sum -c SHA256SUMS` (coreutils) and `shasum -a 256 -c` check. Published beside the
// artefacts so a downloader can check what they got; sign SHA256SUMS itself for authenticity.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What electron-builder leaves in out/ that people download (not blockmaps, yml metadata or unpacked dirs). */
export const ARTEFACT = /\.(AppImage|deb|rpm|snap|exe|msi|dmg|pkg|zip|tar\.gz)$/;
export const CHECKSUM_FILE = 'SHA256SUMS';

function sha256(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/**
 * Writes <dir>/SHA256SUMS for the artefacts in `dir` (sorted by name) and returns its lines. With `version`,
 * only artefacts named for that version (artifactName holds `-${version}-`): out/ may still hold older builds.
 */
export async function writeChecksums(dir, { version } = {}) {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && ARTEFACT.test(e.name) && (!version || e.name.includes(`-${version}-`)))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) throw new Error(`no release artefacts in ${dir}`);
  const lines = [];
  for (const n of names) lines.push(`${await sha256(path.join(dir, n))}  ${n}`);
  await writeFile(path.join(dir, CHECKSUM_FILE), `${lines.join('\n')}\n`);
  return lines;
}
