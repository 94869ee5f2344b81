/**
 * Transliteration of Arabic, Cyrillic and Ge'ez (Ethiopic) script into the plain Latin the name rules work on
 * (./rules.ts). Pure data and string code: it runs in main, in workers and in the renderer.
 *
 * The target is not a scholarly romanisation but the spelling an investigator would type, so that a name in
 * script and its usual romanisation meet after normalisation ("عبد الرحمن الميلاد" -> "abd al-rahmn al-milad"
 * -> tokens "abdrahmn", "milad"; "ኤርምያስ" -> "ermyas"). Short vowels are not written in Arabic script, so an
 * Arabic name rarely matches its romanisation letter for letter; the consonant skeleton (normalise.ts) is what
 * carries those matches.
 */

// ------------------------------------------------------------------------------------------------ Arabic

/**
 * Arabic letters (with the Persian, Urdu, Kurdish and Maghrebi additions) to Latin. Choices:
 * - ع (ʿayn) -> "a": it is usually romanised as a vowel or dropped ("Abd", "Umar", "Saad", "Jaafar"); "a"
 *   disappears from the skeleton like any vowel, and keeps "Abd" recognisable for the Abd al-X rule.
 * - ء (hamza) is dropped; the hamza seats أ إ آ ٱ are "a", ؤ "u", ئ "i" (their usual romanisations).
 * - ة (tā' marbūṭa) and ى (alif maqṣūra) are "a": "Fatima", "Mustafa".
 * - و and ي are written "w"/"y" where they are consonants (word start, after a vowel letter) and "u"/"i" where
 *   they spell a long vowel (between consonants): "يوسف" -> "yusf", "ميلاد" -> "milad", "علي" -> "ali".
 *   See `transliterateArabicWord`.
 * - ظ -> "z" (as in Kazim/Nazim); ذ -> "dh" (as in Qadhafi); خ -> "kh"; غ -> "gh"; ق -> "q".
 */
const ARABIC: Record<string, string> = {
  'ا': 'a', 'أ': 'a', 'إ': 'a', 'آ': 'a', 'ٱ': 'a', 'ٲ': 'a', 'ٳ': 'a',
  'ء': '', 'ؤ': 'u', 'ئ': 'i',
  'ب': 'b', 'ت': 't', 'ث': 'th', 'ج': 'j', 'ح': 'h', 'خ': 'kh', 'د': 'd', 'ذ': 'dh', 'ر': 'r', 'ز': 'z',
  'س': 's', 'ش': 'sh', 'ص': 's', 'ض': 'd', 'ط': 't', 'ظ': 'z', 'ع': 'a', 'غ': 'gh', 'ف': 'f', 'ق': 'q',
  'ك': 'k', 'ل': 'l', 'م': 'm', 'ن': 'n', 'ه': 'h', 'ة': 'a', 'ى': 'a', 'و': 'w', 'ي': 'y',
  // Persian, Urdu, Pashto, Kurdish, Maghrebi
  'پ': 'p', 'چ': 'ch', 'ژ': 'zh', 'گ': 'g', 'ک': 'k', 'ی': 'y', 'ۍ': 'y', 'ې': 'e', 'ے': 'e', 'ۀ': 'a',
  'ە': 'a', 'ھ': 'h', 'ہ': 'h', 'ٹ': 't', 'ڈ': 'd', 'ڑ': 'r', 'ں': 'n', 'ڤ': 'v', 'ڥ': 'v', 'ڨ': 'g',
  'ڭ': 'g', 'ڠ': 'ng', 'ۆ': 'o', 'ۇ': 'u', 'ۈ': 'u', 'ۋ': 'v', 'ێ': 'e', 'ڵ': 'l', 'ڕ': 'r',
};

/** Harakat, Qur'anic marks, superscript alif and tatweel: not letters, dropped. */
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

/** Letters that spell a long vowel after them, so و/ي following one of these are consonants ("Wa'il", "Aya"). */
const ARABIC_VOWEL_LETTERS = new Set(['ا', 'أ', 'إ', 'آ', 'ٱ', 'ى', 'ة', 'و', 'ي', 'ی']);

/**
 * Whole words whose conventional romanisation is far from their letters, mostly because the short vowels are
 * unwritten. They give Arabic input the same norm as the common Latin spelling instead of only the same
 * skeleton. The particles map to the Latin forms ./rules.ts knows.
 */
export const ARABIC_WORDS: Record<string, string> = {
  'الله': 'allah',
  'عبد': 'abd',
  'بن': 'bin',
  'ابن': 'ibn',
  'بنت': 'bint',
  'ولد': 'ould',
  'أبو': 'abu',
  'ابو': 'abu',
  'أبي': 'abu',
  'ابي': 'abu',
  'محمد': 'muhammad',
  'أحمد': 'ahmad',
  'احمد': 'ahmad',
  'محمود': 'mahmud',
  'مصطفى': 'mustafa',
  'عمر': 'umar',
  'عثمان': 'uthman',
  'حسن': 'hasan',
  'حسين': 'husayn',
  'يوسف': 'yusuf',
  'إبراهيم': 'ibrahim',
  'ابراهيم': 'ibrahim',
  'خالد': 'khalid',
  'سعيد': 'said',
  'أسامة': 'usama',
  'اسامة': 'usama',
  'معمر': 'muammar',
  'القذافي': 'al-qadhafi',
};

/** Glued prefixes written as separate words in romanisation: "عبدالله", "أبوبكر". */
const ARABIC_GLUED_PREFIXES = ['عبد', 'أبو', 'ابو'];

function transliterateArabicLetters(word: string): string {
  let out = '';
  const chars = [...word];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === 'و' || c === 'ي' || c === 'ی') {
      const prev = chars[i - 1];
      const consonant = i === 0 || (prev !== undefined && ARABIC_VOWEL_LETTERS.has(prev));
      out += consonant ? (c === 'و' ? 'w' : 'y') : c === 'و' ? 'u' : 'i';
      continue;
    }
    out += ARABIC[c] ?? c;
  }
  return out;
}

/** One Arabic-script word: known words, the article "ال" (as "al-"), glued عبد/أبو, then letter by letter. */
function transliterateArabicWord(raw: string): string {
  const word = raw.replace(ARABIC_MARKS, '');
  if (!word) return '';
  const known = ARABIC_WORDS[word];
  if (known !== undefined) return known;
  for (const p of ARABIC_GLUED_PREFIXES) {
    if (word.startsWith(p) && [...word].length > [...p].length + 1) return `${ARABIC_WORDS[p]} ${transliterateArabicWord(word.slice(p.length))}`;
  }
  // The article: ال + at least two letters. Written "al-" so the Latin article rule removes it.
  if (word.startsWith('ال') && [...word].length > 3) return `al-${transliterateArabicWord(word.slice(2))}`;
  return transliterateArabicLetters(word);
}

// ---------------------------------------------------------------------------------------------- Cyrillic

/**
 * Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian, Central Asian letters) to Latin,
 * close to BGN/PCGN without diacritics. е/ё are "e" (not "ye"): initial y is dropped from the skeleton anyway,
 * and names of Arabic origin ("Мухаммед", "Халид") come out as their usual romanisations. х is "kh", which the
 * skeleton folds with "h" so "Мухаммед" meets "Muhammad".
 */
const CYRILLIC: Record<string, string> = {
  'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'е': 'e', 'ё': 'e', 'ж': 'zh', 'з': 'z', 'и': 'i',
  'й': 'y', 'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't',
  'у': 'u', 'ф': 'f', 'х': 'kh', 'ц': 'ts', 'ч': 'ch', 'ш': 'sh', 'щ': 'shch', 'ъ': '', 'ы': 'y', 'ь': '',
  'э': 'e', 'ю': 'yu', 'я': 'ya',
  // Ukrainian, Belarusian
  'і': 'i', 'ї': 'yi', 'є': 'ye', 'ґ': 'g', 'ў': 'u',
  // Serbian, Macedonian
  'ђ': 'dj', 'ј': 'j', 'љ': 'lj', 'њ': 'nj', 'ћ': 'c', 'џ': 'dz', 'ѓ': 'gj', 'ќ': 'kj', 'ѕ': 'dz',
  // Kazakh, Kyrgyz, Tajik, Uzbek, Tatar, Bashkir
  'ә': 'a', 'ғ': 'gh', 'қ': 'q', 'ң': 'ng', 'ө': 'o', 'ұ': 'u', 'ү': 'u', 'һ': 'h', 'ҳ': 'h', 'ӯ': 'u',
  'ӣ': 'i', 'ҷ': 'j', 'ҹ': 'ch', 'ҫ': 's', 'ӑ': 'a', 'ӗ': 'e', 'ӳ': 'u',
};

// ----------------------------------------------------------------------------------------- Ge'ez (Ethiopic)

/**
 * The Ethiopic syllabary (U+1200-U+137F) is laid out in rows of eight: a consonant in seven vowel orders, then
 * (for most rows) its labialised -wa form. Each row's consonant, in Unicode order; `null` marks the rows that
 * are themselves labialised (qʷ, ḫʷ, kʷ, xʷ, gʷ …), which use a different vowel layout.
 * Choices, following the usual Eritrean and Ethiopian romanisation of names: ሀ/ሐ/ኀ are all "h" (Haile), ሠ/ሰ "s",
 * ጸ/ፀ "ts" (Tsegaye), ቐ "k", ኸ "kh", the ejectives ጠ/ጨ/ጰ plain "t"/"ch"/"p", and the glottal and pharyngeal
 * carriers አ/ዐ no consonant at all.
 */
const ETHIOPIC_ROWS: readonly (string | null)[] = [
  'h', 'l', 'h', 'm', 's', 'r', 's', 'sh', // U+1200 ሀ ለ ሐ መ ሠ ረ ሰ ሸ
  'q', null, 'k', null, 'b', 'v', 't', 'ch', // U+1240 ቀ ቈ ቐ ቘ በ ቨ ተ ቸ
  'h', null, 'n', 'ny', '', 'k', null, 'kh', // U+1280 ኀ ኈ ነ ኘ አ ከ ኰ ኸ
  null, 'w', '', 'z', 'zh', 'y', 'd', 'd', // U+12C0 ዀ ወ ዐ ዘ ዠ የ ደ ዸ
  'j', 'g', null, 'ng', 't', 'ch', 'p', 'ts', // U+1300 ጀ ገ ጐ ጘ ጠ ጨ ጰ ጸ
  'ts', 'f', 'p', // U+1340 ፀ ፈ ፐ
];
const ETHIOPIC_LABIALISED_BASE: readonly string[] = ['q', 'k', 'h', 'k', 'kh', 'g']; // rows marked null, in order

/**
 * Vowel orders: 1st ä (romanised "e": Gebre, Tekle, Tesfay), 2nd u, 3rd i, 4th a, 5th e, 6th ə (usually not
 * written: Ermias, Girmay), 7th o, then the -wa form. A vowel carrier (አ, ዐ) writes the vowel itself, with its
 * 1st order as "a" (Abebe) and its 6th as "e" (Estifanos).
 */
const ETHIOPIC_VOWELS = ['e', 'u', 'i', 'a', 'e', '', 'o', 'wa'];
const ETHIOPIC_CARRIER_VOWELS = ['a', 'u', 'i', 'a', 'e', 'e', 'o', 'wa'];
const ETHIOPIC_LABIALISED_VOWELS = ['we', '', 'wi', 'wa', 'we', 'w', '', ''];

function transliterateEthiopicChar(cp: number): string {
  if (cp >= 0x1360) return ' '; // punctuation (፡ word space, ። full stop) and numerals separate words
  if (cp >= 0x135d) return ''; // combining marks
  const row = (cp - 0x1200) >> 3;
  const order = (cp - 0x1200) & 7;
  const consonant = ETHIOPIC_ROWS[row];
  if (consonant === undefined) return '';
  if (consonant === null) {
    const nth = ETHIOPIC_ROWS.slice(0, row).filter((r) => r === null).length;
    return ETHIOPIC_LABIALISED_BASE[nth]! + ETHIOPIC_LABIALISED_VOWELS[order]!;
  }
  return consonant + (consonant === '' ? ETHIOPIC_CARRIER_VOWELS : ETHIOPIC_VOWELS)[order]!;
}

// ------------------------------------------------------------------------------------------------- driver

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/;
const ARABIC_RUN = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]+/g;

/**
 * Replace every Arabic, Cyrillic and Ethiopic letter of `text` by Latin; everything else (Latin, digits,
 * punctuation, other scripts) is left as it is. Expects NFKC input (Arabic presentation forms unfolded).
 */
export function transliterate(text: string): string {
  let s = text;
  if (ARABIC_LETTER.test(s)) {
    // Arabic punctuation first, so a comma does not glue two words into one run.
    s = s.replace(/[\u060C\u061B\u061F\u066A-\u066D\u06D4]/g, ' ').replace(ARABIC_RUN, (w) => transliterateArabicWord(w));
  }
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x0400 && cp <= 0x052f) {
      const lower = ch.toLowerCase();
      const t = CYRILLIC[lower];
      out += t === undefined ? ch : lower !== ch && t ? t[0]!.toUpperCase() + t.slice(1) : t;
    } else if (cp >= 0x1200 && cp <= 0x137f) {
      out += transliterateEthiopicChar(cp);
    } else {
      out += ch;
    }
  }
  return out;
}
