/**
 * The OCR plumbing that needs no engine run: where the engine and data are (dev and packaged), that packaging
 * ships them, language selection, line merging, image encodings, pdf.js image conversion.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  OCR_DATA_VARIANT,
  OCR_LANGUAGES,
  OCR_UNPACKED_PACKAGES,
  checkOcrData,
  encodedImageSize,
  mergeLines,
  ocrAssetPaths,
  ocrLanguagesFor,
  resolveOcrLanguages,
  scriptPasses,
  toPnm,
  unpackedPath,
  type OcrLine,
} from '../../../main/core/documents/ocr';
import { hasTextLayer, pdfImageToPixels } from '../../../main/core/documents/pdf-images';
import { isSanctumError } from '../../../main/core/errors';

const ROOT = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);

describe('OCR asset paths', () => {
  it('maps a path inside app.asar to app.asar.unpacked and leaves others alone', () => {
    expect(unpackedPath('/opt/Sanctum/resources/app.asar/node_modules/tesseract.js', '/')).toBe('/opt/Sanctum/resources/app.asar.unpacked/node_modules/tesseract.js');
    expect(unpackedPath('C:\\Sanctum\\resources\\app.asar\\node_modules\\x', '\\')).toBe('C:\\Sanctum\\resources\\app.asar.unpacked\\node_modules\\x');
    expect(unpackedPath('/home/dev/sanctum/node_modules/tesseract.js', '/')).toBe('/home/dev/sanctum/node_modules/tesseract.js');
    // Only a whole path segment counts.
    expect(unpackedPath('/x/my-app.asar/node_modules/y', '/')).toBe('/x/my-app.asar/node_modules/y');
  });

  it('finds the engine and each language’s best_int data, unpacked when packaged (posix and win32)', () => {
    const posixRoot = '/opt/Sanctum/resources/app.asar/node_modules';
    const packaged = ocrAssetPaths((s) => path.posix.join(posixRoot, s), ['eng', 'ara'], path.posix);
    expect(packaged.tesseractDir).toBe('/opt/Sanctum/resources/app.asar.unpacked/node_modules/tesseract.js');
    expect(packaged.languageFiles).toEqual({
      eng: `/opt/Sanctum/resources/app.asar.unpacked/node_modules/@tesseract.js-data/eng/${OCR_DATA_VARIANT}/eng.traineddata.gz`,
      ara: `/opt/Sanctum/resources/app.asar.unpacked/node_modules/@tesseract.js-data/ara/${OCR_DATA_VARIANT}/ara.traineddata.gz`,
    });
    const winRoot = 'C:\\Program Files\\Sanctum\\resources\\app.asar\\node_modules';
    const win = ocrAssetPaths((s) => path.win32.join(winRoot, s), ['fra'], path.win32);
    expect(win.tesseractDir).toBe('C:\\Program Files\\Sanctum\\resources\\app.asar.unpacked\\node_modules\\tesseract.js');
    expect(win.languageFiles.fra).toBe(`C:\\Program Files\\Sanctum\\resources\\app.asar.unpacked\\node_modules\\@tesseract.js-data\\fra\\${OCR_DATA_VARIANT}\\fra.traineddata.gz`);
    const dev = ocrAssetPaths((s) => path.posix.join('/src/sanctum/node_modules', s), ['eng'], path.posix);
    expect(dev.tesseractDir).toBe('/src/sanctum/node_modules/tesseract.js');
  });

  it('ships real traineddata for every language in development (gzip, non-trivial size)', async () => {
    const assets = await checkOcrData();
    expect(Object.keys(assets.languageFiles)).toEqual([...OCR_LANGUAGES]);
    for (const f of Object.values(assets.languageFiles)) {
      const gz = readFileSync(f);
      expect(gz[0]).toBe(0x1f);
      expect(gz[1]).toBe(0x8b);
      expect(gunzipSync(gz).length).toBeGreaterThan(500_000);
    }
  });
});

describe('OCR packaging (electron-builder.yml)', () => {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { asarUnpack: string[]; files: string[] };

  it('unpacks every OCR package beside app.asar', () => {
    for (const pkg of OCR_UNPACKED_PACKAGES) expect(config.asarUnpack).toContain(`node_modules/${pkg}/**`);
  });

  it('unpacks every package the worker and the main-side API of tesseract.js require', () => {
    const srcDir = path.join(path.dirname(require.resolve('tesseract.js/package.json')), 'src');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        const f = path.join(d, e);
        if (statSync(f).isDirectory()) {
          if (e !== 'browser') walk(f);
        } else if (f.endsWith('.js')) files.push(f);
      }
    };
    walk(srcDir);
    const needed = new Set<string>();
    for (const f of files) {
      // `global.fetch || require('node-fetch')`: Node 18+ and Electron always have fetch, so never loaded.
      const code = readFileSync(f, 'utf8').replace(/global\.fetch\s*\|\|\s*require\('node-fetch'\)/g, '');
      for (const m of code.matchAll(/require\('([^'.][^']*)'\)/g)) {
        const spec = m[1]!;
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!builtinModules.includes(pkg)) needed.add(pkg);
      }
    }
    expect(needed.size).toBeGreaterThan(2);
    for (const pkg of needed) expect(OCR_UNPACKED_PACKAGES as readonly string[]).toContain(pkg);
  });

  it('leaves out the data variant the app never loads', () => {
    expect(OCR_DATA_VARIANT).not.toBe('4.0.0');
    expect(config.files).toContain('!node_modules/@tesseract.js-data/*/4.0.0/**');
  });
});

describe('OCR languages', () => {
  it('narrows to the languages an evidence item names, else all shipped', () => {
    expect(ocrLanguagesFor(undefined)).toEqual(['eng', 'fra', 'ara']);
    expect(ocrLanguagesFor('Tigrinya')).toEqual(['eng', 'fra', 'ara']);
    expect(ocrLanguagesFor('ar')).toEqual(['ara']);
    expect(ocrLanguagesFor('Arabic, English')).toEqual(['eng', 'ara']);
    expect(ocrLanguagesFor('fr-FR')).toEqual(['fra']);
    expect(ocrLanguagesFor('français / العربية')).toEqual(['fra', 'ara']);
  });

  it('validates requested codes and orders them', () => {
    expect(resolveOcrLanguages(undefined)).toEqual(['eng', 'fra', 'ara']);
    expect(resolveOcrLanguages(['ara', 'eng', 'ara'])).toEqual(['eng', 'ara']);
    let err: unknown;
    try {
      resolveOcrLanguages(['deu']);
    } catch (e) {
      err = e;
    }
    expect(isSanctumError(err, 'INVALID_INPUT')).toBe(true);
  });

  it('reads Latin and Arabic in separate passes', () => {
    expect(scriptPasses(['eng', 'fra', 'ara'])).toEqual([['eng', 'fra'], ['ara']]);
    expect(scriptPasses(['ara'])).toEqual([['ara']]);
    expect(scriptPasses(['eng'])).toEqual([['eng']]);
  });
});

describe('mergeLines', () => {
  const line = (text: string, confidence: number, box: [number, number, number, number]): OcrLine => ({
    words: [{ text, confidence, box }],
    confidence,
    box,
  });

  it('keeps the more confident reading of each place and orders lines top to bottom', () => {
    const latin = [line('Transport', 95, [70, 58, 550, 96]), line('Jadl', 60, [570, 183, 970, 236])];
    const arabic = [line('32 0ف', 3, [72, 58, 551, 96]), line('عقد', 93, [575, 187, 966, 229]), line('جواز', 92, [504, 255, 970, 306])];
    expect(mergeLines([latin, arabic]).map((l) => l.words[0]!.text)).toEqual(['Transport', 'عقد', 'جواز']);
  });

  it('keeps lines that share a height but not a column', () => {
    const merged = mergeLines([[line('left', 90, [0, 0, 100, 20])], [line('right', 80, [200, 0, 300, 20])]]);
    expect(merged.map((l) => l.words[0]!.text)).toEqual(['left', 'right']);
  });
});

describe('image encodings', () => {
  it('writes raw gray, RGB and RGBA pixels as binary PNM (alpha over white)', () => {
    const gray = toPnm({ data: new Uint8Array([0, 255]), width: 2, height: 1, channels: 1 });
    expect(new TextDecoder().decode(gray.subarray(0, 11))).toBe('P5\n2 1\n255\n');
    expect([...gray.subarray(11)]).toEqual([0, 255]);
    const rgba = toPnm({ data: new Uint8Array([10, 20, 30, 255, 0, 0, 0, 0]), width: 2, height: 1, channels: 4 });
    expect(new TextDecoder().decode(rgba.subarray(0, 11))).toBe('P6\n2 1\n255\n');
    expect([...rgba.subarray(11)]).toEqual([10, 20, 30, 255, 255, 255]);
    expect(() => toPnm({ data: new Uint8Array(5), width: 2, height: 1, channels: 3 })).toThrow(/does not match/);
  });

  it('reads the size of a JPEG and a PNG', () => {
    const jpeg = readFileSync(path.join(ROOT, 'test/fixtures/documents/ocr-photo-en-ar.jpg'));
    const size = encodedImageSize(jpeg);
    expect(size!.width).toBeGreaterThan(900);
    expect(size!.height).toBeGreaterThan(300);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000003e8000001f40806000000', 'hex');
    expect(encodedImageSize(png)).toEqual({ width: 1000, height: 500 });
    expect(encodedImageSize(new Uint8Array([1, 2, 3, 4]))).toBeUndefined();
  });

  it('expands pdf.js 1-bit images (a set bit is white) and passes RGB through', () => {
    // 10 px wide: two bytes per row, the last 6 bits padding.
    const px = pdfImageToPixels({ width: 10, height: 1, kind: 1, data: new Uint8Array([0b10100000, 0b01000000]) })!;
    expect(px.channels).toBe(1);
    expect([...px.data]).toEqual([255, 0, 255, 0, 0, 0, 0, 0, 0, 255]);
    const rgb = pdfImageToPixels({ width: 1, height: 1, kind: 2, data: new Uint8Array([1, 2, 3]) })!;
    expect(rgb).toMatchObject({ width: 1, height: 1, channels: 3 });
    expect(pdfImageToPixels({ width: 1, height: 1, kind: 9, data: new Uint8Array(4) })).toBeUndefined();
  });

  it('treats a page as having text only when an item is not blank', () => {
    expect(hasTextLayer([])).toBe(false);
    expect(hasTextLayer([{ str: ' ' }, { str: '\n' }])).toBe(false);
    expect(hasTextLayer([{ str: ' ' }, { str: 'Passport' }])).toBe(true);
  });
});
