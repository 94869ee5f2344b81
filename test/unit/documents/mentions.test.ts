/** Name mentions through the name index, unknown names and snippets, in English, French and Arabic text. */
import { describe, expect, it } from 'vitest';
import { findUnknownNames, NameMatcher, snippetAround } from '../../../main/core/documents/mentions';

const matcher = new NameMatcher([
  { id: 'haddad', caseId: 'c', kind: 'person', name: 'Mohammed Al-Haddad', aliases: ['Abu Karim'] },
  { id: 'sahara', caseId: 'c', kind: 'organization', name: 'Sahara Transport Company', aliases: [] },
  { id: 'benali', caseId: 'c', kind: 'person', name: 'Fatima Zahra Benali', originalScriptName: 'فاطمة الزهراء بن علي', aliases: [] },
]);
const names = (text: string) => matcher.find(text).map((m) => `${m.entityId}/${m.via}:${text.slice(m.start, m.end)}`);
const unknown = (text: string) => findUnknownNames(text, matcher).map((u) => u.name);

describe('NameMatcher', () => {
  it('finds names and aliases in English text under other spellings, not a lone surname', () => {
    const text = 'The witness said that Mohamed Haddad, known as Abou Karim, paid the driver. Haddad was absent that night.';
    expect(names(text)).toEqual(['haddad/name:Mohamed Haddad', 'haddad/alias:Abou Karim']);
  });

  it('finds names in French text, longest span first', () => {
    const text = 'Selon Fatima Zahra Benali, M. Mohammed Al-Haddad dirigeait Sahara Transport Company depuis Tripoli.';
    expect(names(text)).toEqual(['benali/name:Fatima Zahra Benali', 'haddad/name:Mohammed Al-Haddad', 'sahara/name:Sahara Transport Company']);
  });

  it('finds Latin-script names written in Arabic', () => {
    const text = 'قال الشاهد إن محمد الحداد دفع المال وكانت فاطمة الزهراء بن علي حاضرة';
    expect(names(text)).toEqual(['haddad/name:محمد الحداد', 'benali/name:فاطمة الزهراء بن علي']);
  });

  it('does not join words across punctuation', () => {
    expect(names('Mohammed. Al-Haddad')).toEqual([]);
  });

  it('finds nothing without entities', () => {
    expect(new NameMatcher([]).find('Mohammed Al-Haddad')).toEqual([]);
  });
});

describe('findUnknownNames', () => {
  it('suggests capitalised multi-word names that are not entities, without titles, places or dates', () => {
    const text =
      'Then Ahmed Tarhouni and Youssef el Mansouri arrived with Jean-Pierre Dubois of the Central Bank on Monday. ' +
      'Mohamed Haddad paid them. The Coast Guard watched. Page Two.';
    expect(unknown(text)).toEqual(['Ahmed Tarhouni', 'Youssef el Mansouri', 'Jean-Pierre Dubois']);
  });

  it('does not suggest part of a known name', () => {
    expect(unknown('Le témoin a vu Samir Ben Youssef. Sahara Transport Company organisait les départs.')).toEqual(['Samir Ben Youssef']);
  });

  it('suggests Arabic patronymic and kunya names', () => {
    expect(unknown('دفع محمد الحداد المال إلى خالد بن عمر بن سالم وكان أبو سفيان حاضرا في الزاوية')).toEqual(['خالد بن عمر بن سالم', 'أبو سفيان']);
  });
});

describe('snippetAround', () => {
  it('puts the highlight on the span, on one line', () => {
    const text = `${'word '.repeat(40)}Mohamed\nHaddad paid ${'more '.repeat(40)}`;
    const start = text.indexOf('Mohamed');
    const { snippet, highlights } = snippetAround(text, start, start + 'Mohamed\nHaddad'.length);
    const [[a, b]] = highlights as [[number, number]];
    expect(snippet.slice(a, b)).toBe('Mohamed Haddad');
    expect(snippet).not.toContain('\n');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThan(170);
  });
});
