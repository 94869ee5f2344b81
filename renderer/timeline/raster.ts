/**
 * Rasterise one of our SVG documents (timeline, graph report) to PNG at 1x–4x, in the page: the SVG becomes a
 * blob: image (the CSP allows blob: images), drawn on a canvas of the scaled size. Our SVGs carry no external
 * references or foreign objects, so the canvas is never tainted. The side is capped (browsers refuse larger
 * canvases); the scale actually used is returned.
 */
const MAX_SIDE = 16_000;
const MAX_AREA = 200_000_000;

export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  return { width: m ? Number(m[1]) : 800, height: m ? Number(m[2]) : 600 };
}

/** The largest scale ≤ `wanted` that fits the canvas limits. */
export function usableScale(width: number, height: number, wanted: number): number {
  const bySide = MAX_SIDE / Math.max(width, height);
  const byArea = Math.sqrt(MAX_AREA / Math.max(1, width * height));
  return Math.max(0.1, Math.min(wanted, bySide, byArea));
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function svgToPngBase64(svg: string, wanted: number, background = '#ffffff'): Promise<{ base64: string; width: number; height: number; scale: number }> {
  const { width, height } = svgSize(svg);
  const scale = usableScale(width, height, wanted);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be encoded'))), 'image/png'));
    return { base64: toBase64(new Uint8Array(await blob.arrayBuffer())), width: canvas.width, height: canvas.height, scale };
  } finally {
    URL.revokeObjectURL(url);
  }
}
