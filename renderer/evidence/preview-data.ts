/** Turning a preview payload (base64 of the decrypted original) into something the page can show. */

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Text previews show at most this much (a 25 MB log would freeze the page). */
export const TEXT_PREVIEW_LIMIT = 1024 * 1024;

/** UTF-8 text (invalid bytes shown as �), the first TEXT_PREVIEW_LIMIT bytes, and whether it was cut. */
export function decodeText(bytes: Uint8Array, limit = TEXT_PREVIEW_LIMIT): { text: string; truncated: boolean } {
  const truncated = bytes.length > limit;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(truncated ? bytes.subarray(0, limit) : bytes);
  return { text: text.replace(/^\uFEFF/, ''), truncated };
}
