/** The full-text index (shared/search/fulltext.ts): folding, query syntax, scoring, filters, snippets. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedEditDistance, foldToken, FullTextIndex, fuzzyEdits, makeSnippet, parseQuery, scanWords, terms, type ItemMeta, type TextUnit } from '../../../shared/search/fulltext';

function index(items: (ItemMeta & { text?: string; units?: TextUnit[] })[]): FullTextIndex {
  const ix = new FullTextIndex();
  for (const { text, units, ...meta } of items) {
    ix.setItem(meta);
    ix.setUnits(meta.id, units ?? [{ item: meta.id, text: text ?? '' }]);
  }
  ix.seal();
  return ix;
}

const C1 = '1'.repeat(32);
const C2 = '2'.repeat(32);
const ids = (ix: FullTextIndex, text: string, more: object = {}) => ix.query({ text, ...more }).hits.map((h) => h.id);

describe('folding', () => {
  it('folds case, Latin accents, Arabic alef/ya/ta marbuta variants, tatweel and harakat', () => {
    expect(foldToken('Quitté')).toBe('quitte');
    expect(foldToken('ÉCOLE')).toBe('ecole');
    for (const v of ['أحمد', 'إحمد', 'آحمد', 'ٱحمد', 'احمد', 'أَحْمَد', 'أحـــمد']) expect(foldToken(v), v).toBe('احمد');
    expect(foldToken('مدرسة')).toBe(foldToken('مدرسه'));
    expect(foldToken('على')).toBe(foldToken('علي'));
    expect(terms("L'enquête: 214 personnes — Zuwara/Sabratha")).toEqual(['l', 'enquete', '214', 'personnes', 'zuwara', 'sabratha']);
  });

  it('parses words, phrases, prefixes and fuzzy terms', () => {
    expect(parseQuery('boat "left Zuwara" zaw* ~passeport al-Bija')).toEqual([
      { type: 'word', terms: ['boat'], raw: 'boat' },
      { type: 'phrase', terms: ['left', 'zuwara'] },
      { type: 'prefix', prefix: 'zaw', before: [] },
      { type: 'fuzzy', term: 'passeport' },
      { type: 'phrase', terms: ['al', 'bija'] },
    ]);
  });

  it('edit distance is exact up to its bound', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        const full = boundedEditDistance(a, b, 20);
        expect(boundedEditDistance(a, b, 2)).toBe(Math.min(full, 3));
        expect(full).toBe(boundedEditDistance(b, a, 20));
      }),
    );
  });
});

describe('FullTextIndex', () => {
  const ix = index([
    { id: 'a'.repeat(32), kind: 'evidence', caseId: C1, title: 'Report', date: '2017-05-14', grade: 'B', text: 'The boat left Zuwara at night. Le bateau a quitté la côte avec des passeports.' },
    { id: 'b'.repeat(32), kind: 'statement', caseId: C1, title: 'Statement of W-017', date: '2018-01-20', grade: 'ungraded', text: 'W-017 said the boat was intercepted; أُرسِلت الأموال إلى المهرّب في مدرسة الزاوية.' },
    { id: 'c'.repeat(32), kind: 'event', caseId: C2, title: 'Departure', date: '2019', text: 'Zuwara departure, boat left before dawn' },
    { id: 'd'.repeat(32), kind: 'entity', caseId: C1, title: 'Muhammad Al-Milad', entityKind: 'person', units: [{ item: 'd'.repeat(32), text: 'Muhammad Al-Milad\nعبد الرحمن الميلاد\n\nCoast guard commander', names: ['Muhammad Al-Milad', 'عبد الرحمن الميلاد'] }] },
  ]);
  const [A, B, C, D] = ['a', 'b', 'c', 'd'].map((x) => x.repeat(32)) as [string, string, string, string];

  it('needs every word, scores the rarer and denser better', () => {
    expect(ids(ix, 'boat').sort()).toEqual([A, B, C].sort());
    expect(ids(ix, 'boat zuwara').sort()).toEqual([A, C].sort());
    expect(ids(ix, 'boat zuwara intercepted')).toEqual([]);
    expect(ix.query({ text: 'boat' }).counts).toMatchObject({ evidence: 1, statement: 1, event: 1, entity: 0 });
  });

  it('matches phrases in order only', () => {
    expect(ids(ix, '"boat left zuwara"')).toEqual([A]);
    expect(ids(ix, '"boat left"').sort()).toEqual([A, C].sort());
    expect(ids(ix, '"left boat"')).toEqual([]);
    expect(ids(ix, '"quitte la cote"')).toEqual([A]);
  });

  it('expands prefixes and fuzzy terms by length', () => {
    expect(ids(ix, 'passep*')).toEqual([A]);
    expect(ids(ix, 'interc*')).toEqual([B]);
    expect(ids(ix, 'zzz*')).toEqual([]);
    expect(ids(ix, '~pasepurts')).toEqual([A]); // 2 edits for a long word
    expect(ids(ix, '~pxssxpxrts')).toEqual([]); // 4 are too many
    expect(ids(ix, '~bost').sort()).toEqual([A, B, C].sort()); // 1 edit for a short word
    expect(ids(ix, '~bxsx')).toEqual([]);
  });

  it('finds Arabic text whatever the hamza, harakat, shadda, ta marbuta or tatweel', () => {
    for (const q of ['ارسلت', 'أرسلت', 'الاموال', 'المهرب', 'مدرسه', 'مدرسـة', '"الاموال الي المهرب"']) expect(ids(ix, q), q).toEqual([B]);
  });

  it('finds entity names through the name normaliser (spellings, scripts)', () => {
    expect(ids(ix, 'Mohammed')).toEqual([D]);
    expect(ids(ix, 'Mohamed Milad')).toEqual([D]);
    expect(ids(ix, 'Abdulrahman')).toEqual([D]);
    expect(ids(ix, 'commander')).toEqual([D]);
  });

  it('filters by case, kind, date prefix and grade', () => {
    expect(ids(ix, 'boat', { caseId: C2 })).toEqual([C]);
    expect(ids(ix, 'boat', { kinds: ['statement', 'event'] }).sort()).toEqual([B, C].sort());
    expect(ids(ix, 'boat', { from: '2018' }).sort()).toEqual([B, C].sort());
    expect(ids(ix, 'boat', { from: '2017-05-14', to: '2018-01' }).sort()).toEqual([A, B].sort());
    expect(ids(ix, 'boat', { to: '2017-04' })).toEqual([]);
    expect(ids(ix, 'boat', { grades: ['B'] })).toEqual([A]);
    expect(ids(ix, 'boat', { grades: ['ungraded', 'A'] })).toEqual([B]);
    expect(ix.query({ text: 'boat', limit: 1 }).hits).toHaveLength(1);
    expect(ix.query({ text: 'boat', limit: 1 }).counts).toMatchObject({ evidence: 1, statement: 1, event: 1 });
  });

  it('returns per-page hits for evidence text, replaced and removed with their record', () => {
    const E = 'e'.repeat(32);
    const x = index([{ id: E, kind: 'evidence', caseId: C1, title: 'Scan', units: [{ item: E, page: 1, text: 'nothing here' }, { item: E, page: 3, text: 'ransom paid in Sabratha' }] }]);
    expect(x.query({ text: 'ransom' }).hits.map((h) => [h.id, h.page])).toEqual([[E, 3]]);
    x.setUnits(E, [{ item: E, page: 2, text: 'ransom again' }]);
    expect(x.query({ text: 'ransom' }).hits.map((h) => h.page)).toEqual([2]);
    expect(ids(x, 'sabratha')).toEqual([]);
    x.removeUnits(E);
    expect(ids(x, 'ransom')).toEqual([]);
    expect(x.docCount).toBe(0);
  });

  it('compacts after many removals and still answers the same', () => {
    const x = new FullTextIndex();
    x.setItem({ id: 'keep', kind: 'note', caseId: C1, title: 'Keep' });
    x.setUnits('keep', [{ item: 'keep', text: 'Muhammad kept note alpha', names: ['Muhammad'] }]);
    for (let i = 0; i < 3000; i++) {
      x.setItem({ id: `n${i}`, kind: 'note', caseId: C1, title: 'N' });
      x.setUnits(`n${i}`, [{ item: `n${i}`, text: `note alpha number ${i}` }]);
    }
    for (let i = 0; i < 3000; i++) x.removeUnits(`n${i}`);
    expect(x.stats().docs).toBe(1);
    expect(ids(x, 'alpha')).toEqual(['keep']);
    expect(ids(x, 'Mohammed')).toEqual(['keep']);
    expect(ids(x, 'numb*')).toEqual([]);
  });

  it('cuts snippets of about 200 characters around the best match, highlights on the terms', () => {
    const long = `${'Filler words about nothing in particular. '.repeat(20)}The broker Qorvindel took the money. ${'More filler text follows here. '.repeat(20)}`;
    const x = index([{ id: A, kind: 'evidence', caseId: C1, title: 'Long', text: long }]);
    const h = x.query({ text: 'broker money' }).hits[0]!;
    expect(h.snippet.length).toBeLessThanOrEqual(202);
    expect(h.snippet.startsWith('…')).toBe(true);
    expect(h.highlights.map(([s, e]) => h.snippet.slice(s, e))).toEqual(['broker', 'money']);
  });

  it('property: every highlight points at a token that folds to a query term', () => {
    const words = ['boat', 'Bateau', 'zuwara', 'ZUWARA', 'quitté', 'quitte', 'أرسلت', 'ارسلت', 'mer', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 120 }), fc.array(fc.constantFrom(' ', '\n', ', ', '. ', ' - '), { minLength: 1 }), fc.constantFrom(...words), (ws, seps, q) => {
        const text = ws.map((w, i) => w + seps[i % seps.length]).join('');
        const x = index([{ id: A, kind: 'note', caseId: C1, title: 'T', text }]);
        const r = x.query({ text: q });
        const present = terms(text).includes(foldToken(q));
        expect(r.hits.length).toBe(present ? 1 : 0);
        for (const h of r.hits) {
          expect(h.highlights.length).toBeGreaterThan(0);
          for (const [s, e] of h.highlights) expect(foldToken(h.snippet.slice(s, e))).toBe(foldToken(q));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('makeSnippet without a match shows the start of the text', () => {
    expect(makeSnippet('short text', new Set(['zzz']))).toEqual({ snippet: 'short text', highlights: [] });
  });
});

describe('scanning and the query structures against plain definitions', () => {
  const runs = (text: string) => {
    const out: [number, number][] = [];
    scanWords(text, (s, e) => out.push([s, e]));
    return out;
  };

  it('scanWords finds exactly the runs /[\\p{L}\\p{N}\\p{M}]+/gu finds, surrogates included', () => {
    // Letters, digits, marks, spaces, punctuation, an astral letter (𝐀), an astral symbol (😀), lone surrogates.
    const parts = ['a', 'Z', '9', 'é', 'e\u0301', 'ـ', 'أ', 'َ', '٣', ' ', '\n', '.', '-', '𝐀', '😀', '\ud835', '\udc00', 'ß', 'ǅ', '\u00a0'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 40 }), (ps) => {
        const text = ps.join('');
        const want = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => [m.index, m.index + m[0].length]);
        expect(runs(text)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('fuzzy queries find exactly the docs with a term within the allowed edits', () => {
    const letters = ['a', 'b', 'c', 'ab', 'ba', 'abc', 'ca'];
    const word = fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), word, (docs, q) => {
        const x = index(docs.map((ws, i) => ({ id: `d${i}`, kind: 'note' as const, caseId: C1, title: 'T', text: ws.join(' ') })));
        const max = fuzzyEdits(q.length);
        const want = docs.flatMap((ws, i) => (ws.some((w) => boundedEditDistance(q, w, max) <= max) ? [`d${i}`] : []));
        expect(ids(x, `~${q}`).sort()).toEqual(want.sort());
      }),
      { numRuns: 200 },
    );
  });

  it('phrases match consecutive terms only, repeated terms included, and count per doc', () => {
    const x = index([
      { id: 'p1', kind: 'note', caseId: C1, title: 'T', text: 'to be or not to be' },
      { id: 'p2', kind: 'note', caseId: C1, title: 'T', text: 'be to be to' },
      { id: 'p3', kind: 'note', caseId: C1, title: 'T', text: 'to, to be' },
      { id: 'p4', kind: 'note', caseId: C1, title: 'T', text: 'not or be to' },
    ]);
    expect(ids(x, '"to be"').sort()).toEqual(['p1', 'p2', 'p3']);
    expect(ids(x, '"be to be"')).toEqual(['p2']);
    expect(ids(x, '"to to"')).toEqual(['p3']);
    expect(ids(x, '"be or not"')).toEqual(['p1']);
    // A phrase and a word: p4 has the word, not the phrase.
    expect(ids(x, '"to be" not')).toEqual(['p1']);
    // "to be" twice in p1 against once in p3 (p3 the shorter): the phrase's frequency counts.
    expect(x.query({ text: '"to be"' }).hits.find((h) => h.id === 'p1')!.score).toBeGreaterThan(x.query({ text: '"to be"' }).hits.find((h) => h.id === 'p2')!.score);
  });

  it('a phrase never runs across a unit boundary', () => {
    const x = new FullTextIndex();
    x.setItem({ id: 'e', kind: 'entity', caseId: C1, title: 'Omar Zidane' });
    x.setUnits('e', [{ item: 'e', text: 'Omar Zidane\n\nbroker', names: ['Omar Zidane'] }]);
    x.setItem({ id: 'v', kind: 'evidence', caseId: C1, title: 'Scan' });
    x.setUnits('v', [{ item: 'v', text: 'paid the', page: 1 }, { item: 'v', text: 'broker in cash', page: 2 }]);
    x.seal();
    expect(ids(x, '"zidane broker"')).toEqual(['e']);
    expect(ids(x, '"the broker"')).toEqual([]);
    expect(ids(x, '"broker in cash"')).toEqual(['v']);
  });
});

describe('FullTextIndex serialisation (measured against building in the benchmark)', () => {
  it('answers the same after a round trip, and keeps taking changes', () => {
    const ix = index([
      { id: 'a'.repeat(32), kind: 'evidence', caseId: C1, title: 'Report', date: '2017', text: 'The boat left Zuwara. أرسلت الأموال' },
      { id: 'd'.repeat(32), kind: 'entity', caseId: C1, title: 'Muhammad', units: [{ item: 'd'.repeat(32), text: 'Muhammad\n\nboat owner', names: ['Muhammad'] }] },
    ]);
    ix.removeUnits('a'.repeat(32));
    ix.setUnits('a'.repeat(32), [{ item: 'a'.repeat(32), text: 'The boat left Zuwara again. أرسلت الأموال', page: 4 }]);
    const back = FullTextIndex.deserialise(ix.serialise());
    // From a Buffer too (what a blob read returns: its slices are views of a shared pool).
    const fromBuffer = FullTextIndex.deserialise(Buffer.concat([Buffer.from('x'), Buffer.from(ix.serialise())]).subarray(1));
    for (const q of ['boat', '"left zuwara again"', 'zuw*', '~zuwarra', 'الاموال', 'Mohammed', 'boat owner']) {
      expect(back.query({ text: q }), q).toEqual(ix.query({ text: q }));
      expect(fromBuffer.query({ text: q }), q).toEqual(ix.query({ text: q }));
    }
    back.setItem({ id: 'e'.repeat(32), kind: 'note', caseId: C1, title: 'N' });
    back.setUnits('e'.repeat(32), [{ item: 'e'.repeat(32), text: 'boat registry' }]);
    expect(ids(back, 'boat registry')).toEqual(['e'.repeat(32)]);
    expect(back.stats().docs).toBe(3);
  });
});

describe('FullTextIndex postings: bulk, appended and rebuilt alike', () => {
  const WORDS = ['boat', 'bank', 'paid', 'zuwara', 'sabratha', 'broker', 'الاموال', 'قارب', 'été', 'passeur', 'ransom', 'cash'];
  const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));
  const QUERIES = ['boat', 'bank paid', '"paid cash"', 'zuw*', 'b*', '~brokr', 'الأموال', 'ete', '"boat bank"', 'ransom cash boat'];

  it('property: an index fed in steps with queries (tail postings, rebuilds) answers as one built at once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 8 }), (docs, gone) => {
        const stepped = new FullTextIndex();
        const bulk = new FullTextIndex();
        docs.forEach(([t, step], i) => {
          const id = String(i).padStart(32, '0');
          for (const ix of [stepped, bulk]) {
            ix.setItem({ id, kind: 'note', caseId: C1, title: `N${i}` });
            ix.setUnits(id, [{ item: id, text: t }, { item: id, text: `${t} page two`, page: 2 }]);
          }
          // Now and then a query (postings for what came since: appended or rebuilt) or a seal.
          if (step === 0) stepped.query({ text: 'boat' });
          if (step === 1) stepped.seal();
        });
        bulk.seal();
        for (const q of QUERIES) expect(stepped.query({ text: q }), q).toEqual(bulk.query({ text: q }));
        // Removals: the same docs are found (scores may differ: document frequencies count removed docs until a rebuild).
        for (const g of gone) {
          const id = String(g).padStart(32, '0');
          stepped.removeUnits(id);
          bulk.removeUnits(id);
        }
        bulk.seal();
        for (const q of QUERIES) expect(ids(stepped, q).sort(), q).toEqual(ids(bulk, q).sort());
      }),
      { numRuns: 150 },
    );
  });
});
