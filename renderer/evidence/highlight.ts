/**
 * Where a search's words occur in a text, for highlighting a hit in the extracted text, the PDF page or the
 * OCR boxes. Case and accents do not matter (the index folds them too); offsets are into the original text.
 */

/** The words and "phrases" of a query, without its operators (pref*, ~fuzzy). */
export function queryTerms(query: string): string[] {
  const out: string[] = [];
  const rest = query.replace(/"([^"]+)"/g, (_, phrase: string) => {
    if (phrase.trim()) out.push(phrase.trim());
    return ' ';
  });
  for (const w of rest.split(/\s+/)) {
    const t = w.replace(/^[~"'(]+|[*~"')]+$/g, '');
    if (t.length >= 2) out.push(t);
  }
  return out;
}

/** Lower case without diacritics, with the original index of every folded character. */
export function fold(text: string): { folded: string; at: number[] } {
  let folded = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = text[i]!.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    for (let k = 0; k < f.length; k++) {
      folded += f[k];
      at.push(i);
    }
  }
  return { folded, at };
}

/** [start, end) ranges of the terms in `text`, sorted, not overlapping; a term matches at a word start. */
export function highlightRanges(text: string, terms: readonly string[]): [number, number][] {
  if (!terms.length || !text) return [];
  const { folded, at } = fold(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const t = fold(term).folded;
    if (!t) continue;
    let from = 0;
    for (;;) {
      const i = folded.indexOf(t, from);
      if (i < 0) break;
      from = i + 1;
      if (i > 0 && /[\p{L}\p{N}]/u.test(folded[i - 1]!)) continue;
      const start = at[i]!;
      const end = at[i + t.length - 1]! + 1;
      ranges.push([start, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
