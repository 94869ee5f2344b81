/**
 * out/SHA256SUMS (build/scripts/lib/checksums.mjs, the last step of `npm run dist`): one line per installer of
 * this version, in the format `sha256sum -c` reads, with digests worked out here independently.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKSUM_FILE, writeChecksums } from '../../../build/scripts/lib/checksums.mjs';
import { tempDir } from '../../helpers/tmp';

const hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('release checksums', () => {
  it('lists every installer of the version, sorted, as "<sha256>  <name>", and nothing else', async () => {
    const dir = tempDir('checksums-');
    const files: Record<string, string> = {
      'Sanctum-0.2.0-linux-x86_64.AppImage': 'appimage bytes',
      'Sanctum-0.2.0-linux-amd64.deb': 'deb bytes',
      'Sanctum-0.2.0-win-x64.exe': 'nsis bytes',
      'Sanctum-0.2.0-mac-arm64.dmg': 'dmg bytes',
      'Sanctum-0.1.0-linux-amd64.deb': 'an older build',
      'Sanctum-0.2.0-win-x64.exe.blockmap': 'blockmap',
      'latest-linux.yml': 'version: 0.2.0',
      'builder-debug.yml': 'x',
    };
    for (const [n, c] of Object.entries(files)) writeFileSync(path.join(dir, n), c);
    mkdirSync(path.join(dir, 'linux-unpacked'));

    const lines = await writeChecksums(dir, { version: '0.2.0' });
    const expected = ['Sanctum-0.2.0-linux-amd64.deb', 'Sanctum-0.2.0-linux-x86_64.AppImage', 'Sanctum-0.2.0-mac-arm64.dmg', 'Sanctum-0.2.0-win-x64.exe'].map((n) => `${hex(files[n]!)}  ${n}`);
    expect(lines).toEqual(expected);
    expect(readFileSync(path.join(dir, CHECKSUM_FILE), 'utf8')).toBe(`${expected.join('\n')}\n`);

    // coreutils agrees (where it exists), and notices a changed file.
    let sha256sum = true;
    try {
      execFileSync('sha256sum', ['--version'], { stdio: 'ignore' });
    } catch {
      sha256sum = false;
      console.warn('[checksums] sha256sum not found: the coreutils cross-check is SKIPPED');
    }
    if (sha256sum) {
      expect(() => execFileSync('sha256sum', ['--check', '--quiet', CHECKSUM_FILE], { cwd: dir })).not.toThrow();
      writeFileSync(path.join(dir, 'Sanctum-0.2.0-linux-amd64.deb'), 'tampered');
      expect(() => execFileSync('sha256sum', ['--check', '--quiet', CHECKSUM_FILE], { cwd: dir, stdio: 'pipe' })).toThrow();
    }
  });

  it('refuses to write an empty list', async () => {
    const dir = tempDir('checksums-empty-');
    writeFileSync(path.join(dir, 'latest.yml'), 'x');
    await expect(writeChecksums(dir)).rejects.toThrow(/no release artefacts/);
  });
});
