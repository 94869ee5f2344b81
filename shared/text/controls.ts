/**
 * Characters that change how text around them is shown rather than being shown: C0 and C1 controls (ESC starts
 * terminal sequences that move the cursor, recolour or rewrite a line; CR returns to the line start) and the
 * Unicode bidirectional overrides, embeddings, isolates and marks (U+202E makes "gpj.exe" look like
 * "exe.jpg"). Names and file names come from received packages and lists, so they may carry them on purpose.
 *
 * The CLI renders them visibly (`neutraliseControls`, applied to everything it prints); the renderer flags
 * them next to names (`hasSpoofingCharacters`). Pure TypeScript: no Node, no DOM.
 */

/** U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200E/U+200F (marks), U+061C (Arabic mark). */
const BIDI = '\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F\\u061C';
/** C0, DEL and C1. */
const CONTROLS = '\\u0000-\\u001F\\u007F-\\u009F';

const ANY = new RegExp(`[${CONTROLS}${BIDI}]`, 'u');
const BIDI_ONLY = new RegExp(`[${BIDI}]`, 'u');
const ALL = new RegExp(`[${CONTROLS}${BIDI}]`, 'gu');
const ALL_BUT_NEWLINE = new RegExp(`[\\u0000-\\u0009\\u000B-\\u001F\\u007F-\\u009F${BIDI}]`, 'gu');

const hex = (c: string, width: number) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(width, '0');

/** How one neutralised character is shown: `\x1B` for a control, `<U+202E>` for a bidi character. */
export function visibleControl(c: string): string {
  return BIDI_ONLY.test(c) ? `<U+${hex(c, 4)}>` : `\\x${hex(c, 2)}`;
}

/**
 * Text with every control and bidi character replaced by a visible form. `keepNewlines` keeps "\n" (output
 * that is meant to be several lines); every other control, CR and TAB included, is always replaced.
 */
export function neutraliseControls(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(opts.keepNewlines ? ALL_BUT_NEWLINE : ALL, visibleControl);
}

/** True when a name or file name holds a control or bidi character (it may not read as what it is). */
export function hasSpoofingCharacters(text: string): boolean {
  return ANY.test(text);
}

const JSON_RAW = new RegExp(`[\\u007F-\\u009F${BIDI}]`, 'gu');

/**
 * For JSON.stringify output: DEL, C1 and bidi characters (which it leaves raw) as \uXXXX escapes — lossless and
 * still valid JSON, since they can only occur inside strings. C0 is already escaped there.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW, (c) => `\\u${hex(c, 4).toLowerCase()}`);
}
