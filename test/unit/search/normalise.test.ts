/**
 * The name normaliser, rule by rule (shared/search/rules.ts documents each), then its properties with
 * fast-check: token norms are fixed points, and case, diacritics and word order do not change a name's key.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentTokens, isJoiningWord, nameKey, normaliseName, normaliseWord, skeletonOf, spell } from '../../../shared/search/normalise';
import { SPELLING_RULES, VARIANT_FAMILIES } from '../../../shared/search/rules';
import { transliterate } from '../../../shared/search/scripts';

const key = nameKey;
const skel = (s: string) => normaliseName(s).skeletonKey;
const norms = (s: string) => normaliseName(s).tokens.map((t) => t.norm);
const sameKey = (names: string[]) => expect(new Set(names.map(key)), names.join(' | ')).toHaveProperty('size', 1);
const sameSkeleton = (names: string[]) => expect(new Set(names.map(skel)), names.join(' | ')).toHaveProperty('size', 1);

describe('case, diacritics, punctuation', () => {
  it('ignores case and diacritics, scholarly marks included', () => {
    sameKey(['Abd al-Rahman', 'ABD AL-RAHMAN', 'ʿAbd al-Raḥmān', 'abd al-rahman']);
    sameKey(['Chérif', 'CHERIF', 'cherif']);
    sameKey(['Sa\u2019id', "Sa'id", 'Said']);
    expect(key('Øyvind Łukasz Straße')).toBe(key('oyvind lukasz strasse'));
  });

  it('treats hyphens, commas and dots as word breaks and keeps the written words for display', () => {
    sameKey(['Al-Milad', 'al Milad', 'Milad.', '(Milad)']);
    sameKey(['Milad, Abd al-Rahman', 'Abd al-Rahman Milad']);
    const n = normaliseName('Abd Al-Rahman Al-Milad');
    expect(n.tokens.map((t) => t.text)).toEqual(['Abd Al Rahman', 'Milad']);
    expect(normaliseName('عبد الرحمن').tokens[0]!.text).toBe('عبد الرحمن');
  });

  it('keeps digits exact (pseudonyms, vessel numbers)', () => {
    expect(norms('W-017')).toEqual(['w', '017']);
    expect(normaliseName('W-017').tokens[1]!.skeleton).toBe('017');
    expect(key('W-017')).not.toBe(key('W-071'));
  });
});

describe('Arabic articles and particles', () => {
  it('drops al-, el- and ul-, hyphenated or not', () => {
    sameKey(['Al-Milad', 'El-Milad', 'al Milad', 'Milad']);
    sameKey(['Zia-ul-Haq', 'Zia Haq']);
    expect(norms('Al')).toEqual(['al']); // a lone "Al" is a name
  });

  it('drops the sun-letter forms when hyphenated or visibly assimilated, and keeps ordinary words', () => {
    const pairs: [string, string][] = [['ad', 'Din'], ['ar', 'Rashid'], ['as', 'Sayed'], ['ash', 'Shami'], ['at', 'Tayeb'], ['az', 'Zawi'], ['an', 'Nasir']];
    for (const [art, word] of pairs) {
      sameKey([`${art}-${word}`, `${art} ${word}`, word]);
    }
    sameKey(['Ed-Dine', 'Din']);
    expect(norms('Ash Ketchum')).toEqual(['ash', 'keshum']);
    expect(norms('Ed Harris')).toEqual(['ed', 'haris']);
  });

  it('flags bin, ibn, ben, bint, ould, wuld as particles, kept but not part of the key', () => {
    const n = normaliseName('Muhammad bin Salman');
    expect(n.tokens.map((t) => [t.norm, t.particle])).toEqual([[normaliseWord('muhammad'), false], ['bin', true], ['salman', false]]);
    sameKey(['Muhammad bin Salman', 'Mohammed ibn Salman', 'Mohamed ben Salman', 'Mohammed Salman']);
    sameKey(['Fatima bint Ali', 'Fatima binti Ali', 'Fatima Ali']);
    sameKey(['Mohamed Ould Abdel Aziz', 'Mohamed Wuld Abdelaziz', 'Mohamed Abd al-Aziz']);
    expect(contentTokens(normaliseName('bin').tokens).map((t) => t.norm)).toEqual(['bin']); // only particles: keep them
  });

  it('joins Abu with its name: Abu Bakr = Abou Bakr = Aboubakar = Abubakar, and keeps the name as tail', () => {
    sameKey(['Abu Bakr', 'Abou Bakr', 'Aboubakar', 'Abubakar', 'Abu Bakr', 'Abu al-Bakr']);
    const t = normaliseName('Abu Bakr').tokens[0]!;
    expect(t.tail).toBe('bakr');
    expect(norms('Abu')).toEqual(['abu']);
  });
});

describe('the Abd al-X family', () => {
  it('normalises every spelling of Abd al-Rahman alike', () => {
    const forms = [
      'Abd Al-Rahman', 'Abd al-Rahman', 'Abd al Rahman', 'Abdul Rahman', 'Abdulrahman', 'Abdel-Rahman', 'Abdel Rahman', 'Abdelrahman',
      'Abd-ar-Rahman', 'Abd ar-Rahman', 'Abd ur-Rahman', 'Abdurrahman', 'Abdurahman', 'Abderrahmane', 'Abdirahman', 'Abdoul Rahman',
      'ABD EL RAHMAN', 'عبد الرحمن', 'عبدالرحمن',
    ];
    expect(new Set(forms.map(skel))).toEqual(new Set(['bdrhmn']));
    sameKey(forms.filter((f) => !/[\u0600-\u06ff]/.test(f)));
    expect(normaliseName('Abdulrahman').tokens).toHaveLength(1);
    expect(normaliseName('Abdulrahman').tokens[0]).toMatchObject({ norm: 'abdrahman', tail: 'rahman', text: 'Abdulrahman' });
  });

  it('handles other names of the family and Abdallah', () => {
    sameKey(['Abd al-Aziz', 'Abdelaziz', 'Abdul Aziz', 'Abdulaziz', 'Abdiaziz']);
    sameKey(['Abd as-Salam', 'Abdessalam', 'Abdussalam', 'Abdul Salam', 'Abdisalam']);
    sameKey(['Abd al-Qadir', 'Abdelkader', 'Abdul Qadir'].slice(0, 1).concat(['Abdulqadir']));
    sameSkeleton(['Abd al-Qadir', 'Abdelkader', 'Abdoul Kader']);
    sameKey(['Abdallah', 'Abdullah', 'Abd Allah', 'Abdulla', 'Abdullahi', 'Abdoulaye', 'عبد الله']);
    expect(normaliseName('Abdullah').tokens[0]!.tail).toBe(normaliseWord('allah'));
  });

  it('leaves names that merely start with Abd alone', () => {
    expect(norms('Abdi')).toEqual(['abdi']);
    expect(norms('Abdou Diouf')).toEqual(['abdu', 'diuf']);
    expect(norms('Abd')).toEqual(['abd']);
  });
});

describe('transliteration variants', () => {
  it('folds the Mohammed family onto one norm', () => {
    sameKey(['Mohammed', 'Muhammad', 'Mohamed', 'Mohamad', 'Muhammed', 'Mohammad', 'محمد', 'Мухаммед']);
  });

  it('folds Gaddafi, Qadhafi, Kadhafi …', () => {
    sameKey(['Gaddafi', 'Qadhafi', 'Kadhafi', 'Qaddafi', 'Gadhafi', 'al-Qaddafi', 'القذافي']);
    sameKey(['Muammar al-Qaddafi', 'Moammar Gadhafi', 'Mouammar Kadhafi', 'معمر القذافي']);
  });

  it('folds French ou onto u, and other romanisation habits', () => {
    sameKey(['Youssef', 'Yusuf', 'Yousef', 'يوسف']);
    sameKey(['Mouammar', 'Muammar']);
    sameKey(['Mustapha', 'Mustafa']);
    sameKey(['Djamel', 'Jamel']);
    sameKey(['Yacine', 'Yassin', 'Yasine']);
    sameKey(['Ousmane', 'Osman', 'Uthman', 'Othman']);
  });

  it('folds the digraphs kh/gh/dh/th/sh in the skeleton', () => {
    sameSkeleton(['Khalid', 'Halid', 'Халид', 'خالد']);
    sameSkeleton(['Ghermay', 'Germay', 'ግርማይ']);
    sameSkeleton(['Qadhafi', 'Gadafi']);
    sameSkeleton(['Uthman', 'Utman']);
    sameSkeleton(['Ashraf', 'Asraf', 'Achraf']);
  });

  it('merges q, k and g in the skeleton', () => {
    sameSkeleton(['Qasim', 'Kasim', 'Gasim']);
    expect(skeletonOf('qadhafi')).toBe(skeletonOf('kadafi'));
  });

  it('collapses doubled letters', () => {
    sameKey(['Hassan', 'Hasan']);
    sameKey(['Gaddafi', 'Gadafi']);
    expect(spell('abbassiyya')).toBe('abasiya');
  });

  it('treats final -ah and -a alike', () => {
    sameKey(['Fatimah', 'Fatima']);
    sameKey(['Hamzah', 'Hamza']);
    sameSkeleton(['Fatima', 'فاطمة']);
  });

  it('splits glued compounds: Salahuddin = Salah ad-Din, Nasrallah = Nasr Allah', () => {
    sameKey(['Salahuddin', 'Salah ad-Din', 'Salah al-Din', 'Salaheddine', 'Salah Eddine']);
    sameKey(['Sirajuddin Haqqani', 'Siraj ad-Din Haqqani']);
    sameKey(['Nasrallah', 'Nasr Allah', 'Nasrullah']);
    expect(norms('Claudine')).toEqual(['klaudin']);
  });
});

describe('other scripts', () => {
  it('transliterates Arabic script, with the article and long vowels', () => {
    expect(transliterate('عبد الرحمن الميلاد')).toBe('abd al-rhmn al-milad');
    expect(skel('عبد الرحمن الميلاد')).toBe(skel('Abd Al-Rahman Al-Milad'));
    expect(key('ميلاد')).toBe(key('Milad'));
    expect(key('علي')).toBe(key('Ali'));
    // Harakat and tatweel are not letters.
    expect(key('مُحَمَّد')).toBe(key('محمد'));
    expect(key('محـــمد')).toBe(key('محمد'));
    // Presentation forms (NFKC) are the same letters.
    expect(key('\uFDF2')).toBe(key('الله'));
  });

  it('transliterates Cyrillic', () => {
    expect(transliterate('Абдурахман')).toBe('Abdurakhman');
    expect(key('Абдурахман')).toBe(key('Abdurrahman'));
    expect(key('Мухаммед Халидов')).toBe(key('Muhammad Khalidov'));
    expect(skel('Иван Щукин')).toBe(skel('Ivan Shchukin'));
  });

  it("transliterates Ge'ez, syllable by syllable", () => {
    expect(transliterate('ኤርምያስ')).toBe('ermyas');
    expect(key('ኤርምያስ')).toBe(key('Ermias'));
    expect(transliterate('ተስፋይ')).toBe('tesfay');
    expect(key('ተስፋይ')).toBe(key('Tesfay'));
    expect(transliterate('አበበ')).toBe('abebe');
    expect(skel('ኃይለ')).toBe(skel('Haile'));
    expect(skel('ጸጋዬ')).toBe(skel('Tsegaye'));
    // The word space ፡ separates words.
    expect(norms('ኤርምያስ፡ግርማይ')).toHaveLength(2);
  });

  it('keeps letters of scripts it does not transliterate', () => {
    expect(key('王小明')).toBe('王小明');
    expect(key('Ωμέγα')).toBe(key('ωμεγα'));
  });
});

describe('tokens, skeletons, initials', () => {
  it('is word-order independent', () => {
    sameKey(['Abd al-Rahman al-Milad', 'al-Milad Abd al-Rahman', 'Milad, Abdulrahman']);
  });

  it('gives each token a consonant skeleton', () => {
    const t = normaliseName('Muhammad Khalid').tokens;
    expect(t.map((x) => x.skeleton)).toEqual(['mhmd', 'hld']);
  });

  it('marks single letters as initials', () => {
    const n = normaliseName('A. Al-Milad');
    expect(n.tokens.map((t) => [t.norm, t.initial])).toEqual([['a', true], ['milad', false]]);
  });
});

describe('the rule tables', () => {
  it('explain every spelling rule', () => {
    for (const r of SPELLING_RULES) expect(r.why.length, String(r.from)).toBeGreaterThan(5);
  });

  it('map every variant onto its own family only, and the canonical forms are fixed points', () => {
    const owner = new Map<string, string>();
    for (const [canonical, variants] of Object.entries(VARIANT_FAMILIES)) {
      const c = normaliseWord(canonical);
      expect(normaliseWord(c), canonical).toBe(c);
      for (const v of variants) {
        expect(normaliseWord(v), `${v} -> ${canonical}`).toBe(c);
        const s = spell(v);
        expect(owner.get(s) ?? canonical, `${v} is in two families`).toBe(canonical);
        owner.set(s, canonical);
      }
    }
  });
});

// ------------------------------------------------------------------------------------------- properties

const LATIN = 'abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöûüçñãõšžčćđłøåæœ';
const ARABIC = 'ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآء';
const CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ';
const GEEZ = Array.from({ length: 0x135a - 0x1200 }, (_, i) => String.fromCodePoint(0x1200 + i)).join('');

const wordIn = (alphabet: string, min = 1, max = 9) => fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const anyWord = fc.oneof(wordIn(LATIN), wordIn(ARABIC), wordIn(CYRILLIC), wordIn(GEEZ));
const anyName = fc.array(anyWord, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '));
const UNITS = ['Abd al-Rahman', 'Abdul Aziz', 'bin', 'Abu Bakr', 'al-Milad', 'el-Sharif', 'as-Sayed', 'A.', 'عبد الله', 'الميلاد', 'ibn', 'Abou Anas'];
/** Name parts that do not combine with their neighbours: free words and whole units like "Abd al-Rahman". */
const unit = fc.oneof(
  anyWord.filter((w) => !isJoiningWord(w) && !isJoiningWord(transliterate(w))),
  fc.constantFrom(...UNITS),
);

describe('properties', () => {
  it('every token norm is a fixed point of normalisation', () => {
    fc.assert(
      fc.property(anyName, (name) => {
        for (const t of normaliseName(name).tokens) {
          // An initial stays the letter as written ("C." may be Chérif) and a particle its canonical label, so
          // only words go through the spelling.
          if (!t.initial && !t.particle) expect(normaliseWord(t.norm), t.norm).toBe(t.norm);
          const again = normaliseName(t.norm).tokens;
          expect(again.map((x) => x.norm), `${name}: ${t.norm}`).toEqual([t.norm]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a key normalised again is the same key (names built from parts)', () => {
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 5 }), (units) => {
        const k = key(units.join(' '));
        expect(key(k)).toBe(k);
      }),
      { numRuns: 1000 },
    );
  });

  it('is invariant under case', () => {
    fc.assert(
      fc.property(anyName, (name) => {
        expect(key(name.toUpperCase())).toBe(key(name));
        expect(key(name.toLowerCase())).toBe(key(name));
      }),
      { numRuns: 2000 },
    );
  });

  it('is invariant under diacritics (and Arabic harakat)', () => {
    const marks = ['\u0301', '\u0300', '\u0308', '\u0327', '\u0323', '\u0304'];
    const harakat = ['\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u064B'];
    const marked = (alphabet: string, ms: string[]) =>
      fc.array(fc.tuple(fc.constantFrom(...alphabet), fc.option(fc.constantFrom(...ms), { nil: '' })), { minLength: 1, maxLength: 9 });
    fc.assert(
      fc.property(fc.array(fc.oneof(marked('abcdefghijklmnopqrstuvwxyz', marks), marked(ARABIC, harakat)), { minLength: 1, maxLength: 4 }), (words) => {
        const plain = words.map((w) => w.map(([c]) => c).join('')).join(' ');
        const withMarks = words.map((w) => w.map(([c, m]) => c + m).join('')).join(' ');
        expect(key(withMarks)).toBe(key(plain));
      }),
      { numRuns: 2000 },
    );
  });

  it('is invariant under word order (of parts that do not join their neighbours)', () => {
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 5 }).chain((us) => fc.tuple(fc.constant(us), fc.shuffledSubarray(us, { minLength: us.length, maxLength: us.length }))), ([units, shuffled]) => {
        expect(key(shuffled.join(' '))).toBe(key(units.join(' ')));
      }),
      { numRuns: 2000 },
    );
  });
});
