// Finds the Electron binary, downloading it on first use. The `electron` npm package ships no binary: its
// install script fetches one, and on machines installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (CI) that never
// ran. Electron 45's downloader (@electron/get 5) needs Node >= 22.12; launching an existing binary does not.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { looksOffline, nodeAtLeast, OFFLINE_HINT, ROOT, run, StepError } from './steps.mjs';

export const DOWNLOADER_NODE = [22, 12];

function electronDir(root) {
  return path.join(root, 'node_modules', 'electron');
}

/** The binary's path if it is present and matches the installed electron package, else null. */
export function electronBinaryPath(root = ROOT, env = process.env) {
  const dir = electronDir(root);
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const name = existsSync(path.join(dir, 'path.txt')) ? readFileSync(path.join(dir, 'path.txt'), 'utf8') : 'electron';
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, name);
    return existsSync(p) ? p : null;
  }
  try {
    const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    const installed = readFileSync(path.join(dir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const exe = path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8'));
    return installed === version && existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

export async function ensureElectronBinary(root = ROOT, nodeVersion = process.version) {
  const existing = electronBinaryPath(root);
  if (existing) return existing;
  const version = JSON.parse(readFileSync(path.join(electronDir(root), 'package.json'), 'utf8')).version;
  if (!nodeAtLeast(nodeVersion, DOWNLOADER_NODE)) {
    throw new StepError(
      `the Electron ${version} binary is not downloaded yet, and its downloader needs Node >= ${DOWNLOADER_NODE.join('.')} (this is Node ${nodeVersion})`,
      'Run `npm start` once with Node 22.12 or newer (e.g. `nvm use 22`); later runs work with this Node too.',
    );
  }
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  try {
    await run(process.execPath, [path.join(electronDir(root), 'install.js')], { env, what: `downloading Electron ${version}` });
  } catch (e) {
    const detail = e instanceof StepError ? (e.output ?? e.hint) : String(e);
    throw new StepError(`could not download Electron ${version}`, looksOffline(detail) ? OFFLINE_HINT : `Last output:\n${e instanceof StepError ? e.hint : detail}`);
  }
  const downloaded = electronBinaryPath(root);
  if (!downloaded) throw new StepError(`Electron ${version} was downloaded but its binary is not where node_modules/electron/path.txt says`);
  return downloaded;
}
