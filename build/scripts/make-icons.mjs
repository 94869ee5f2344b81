#!/usr/bin/env node
// Renders build/icons/icon.svg into the PNGs electron-builder uses: build/icons/<n>x<n>.png for Linux (one per
// size), and 1024x1024.png, from which electron-builder derives the macOS .icns and the Windows .ico.
// Drawn by Chromium (the one the e2e tests use: CHROMIUM_PATH or /usr/bin/chromium) through playwright-core,
// so no image library is needed. Run it after changing the SVG and commit the PNGs:
//   node build/scripts/make-icons.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, runMain } from './lib/steps.mjs';

export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

async function main() {
  const dir = path.join(ROOT, 'build', 'icons');
  const svg = readFileSync(path.join(dir, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });
  try {
    for (const size of ICON_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
      const out = path.join(dir, `${size}x${size}.png`);
      await page.screenshot({ path: out, omitBackground: true });
      await page.close();
      console.log(`wrote ${path.relative(ROOT, out)}`);
    }
  } finally {
    await browser.close();
  }
  return 0;
}

await runMain(main);
