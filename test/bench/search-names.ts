/**
 * Deterministic, realistic multi-script names for the search benchmark (and the index tests): Libyan/Sudanese
 * Arabic names with their transliteration variants (Muhammad / Mohammed / Mohamed, Abd al-Rahman / Abdul
 * Rahman / Abdulrahman, al-Qadhafi / Gaddafi …), Eritrean and Ethiopian names, armed groups and companies. Each
 * entity gets a primary name and three aliases: another spelling (sometimes in another word order), the name in
 * Arabic or Ge'ez script (or Cyrillic, as Russian-language sources write it), and a nickname or short form.
 * Common names are common (weighted draws), so postings are as lopsided as in a real case file.
 *
 * Every value is a function of the seed and the index: the same run on another machine indexes the same names.
 */
import { seededRandom } from '../../shared/graph/rng';
import type { EntityNames } from '../../shared/search/name-index';

interface Part {
  /** Latin spellings; the first is the usual one. */
  forms: readonly string[];
  ar?: string;
  geez?: string;
  /** Relative frequency. */
  w?: number;
}

const ARAB_GIVEN: Part[] = [
  { forms: ['Muhammad', 'Mohammed', 'Mohamed', 'Mohamad'], ar: 'محمد', w: 12 },
  { forms: ['Ahmad', 'Ahmed'], ar: 'أحمد', w: 5 },
  { forms: ['Ali'], ar: 'علي', w: 5 },
  { forms: ['Umar', 'Omar', 'Oumar'], ar: 'عمر', w: 3 },
  { forms: ['Uthman', 'Othman', 'Osman'], ar: 'عثمان' },
  { forms: ['Khalid', 'Khaled'], ar: 'خالد', w: 3 },
  { forms: ['Hasan', 'Hassan'], ar: 'حسن', w: 3 },
  { forms: ['Husayn', 'Hussein', 'Hussain'], ar: 'حسين', w: 2 },
  { forms: ['Yusuf', 'Youssef', 'Yousef'], ar: 'يوسف', w: 2 },
  { forms: ['Ibrahim', 'Ebrahim'], ar: 'إبراهيم', w: 2 },
  { forms: ['Mustafa', 'Moustafa', 'Mostafa'], ar: 'مصطفى', w: 2 },
  { forms: ['Salim', 'Salem'], ar: 'سالم', w: 2 },
  { forms: ['Said', 'Saeed'], ar: 'سعيد' },
  { forms: ['Salih', 'Saleh'], ar: 'صالح' },
  { forms: ['Adil', 'Adel'], ar: 'عادل' },
  { forms: ['Faraj'], ar: 'فرج' },
  { forms: ['Milad'], ar: 'ميلاد' },
  { forms: ['Juma', 'Jumaa', 'Jumah'], ar: 'جمعة' },
  { forms: ['Mansur', 'Mansour'], ar: 'منصور' },
  { forms: ['Miftah'], ar: 'مفتاح' },
  { forms: ['Ramadan', 'Ramadhan'], ar: 'رمضان' },
  { forms: ['Walid', 'Waleed'], ar: 'وليد' },
  { forms: ['Tariq', 'Tarek'], ar: 'طارق' },
  { forms: ['Hamza', 'Hamzah'], ar: 'حمزة' },
  { forms: ['Anas'], ar: 'أنس' },
  { forms: ['Bilal'], ar: 'بلال' },
  { forms: ['Jamal', 'Gamal'], ar: 'جمال' },
  { forms: ['Nuri', 'Nouri'], ar: 'نوري' },
  { forms: ['Imad', 'Emad'], ar: 'عماد' },
  { forms: ['Fathi', 'Fathy'], ar: 'فتحي' },
  { forms: ['Mukhtar', 'Mokhtar'], ar: 'مختار' },
  { forms: ['Usama', 'Osama'], ar: 'أسامة' },
  { forms: ['Muammar', 'Moammar'], ar: 'معمر' },
  { forms: ['Abdallah', 'Abdullah', 'Abdulla'], ar: 'عبد الله', w: 3 },
];

/** X of Abd al-X, with whether its first letter is a sun letter (Abd ar-Rahman). */
const ABD_X: [string, string, boolean][] = [
  ['Rahman', 'الرحمن', true], ['Aziz', 'العزيز', false], ['Karim', 'الكريم', false], ['Qadir', 'القادر', false],
  ['Salam', 'السلام', true], ['Hamid', 'الحميد', false], ['Majid', 'المجيد', false], ['Nasir', 'الناصر', true],
  ['Rahim', 'الرحيم', true], ['Razzaq', 'الرزاق', true], ['Wahab', 'الوهاب', false], ['Ghani', 'الغني', false],
  ['Hakim', 'الحكيم', false], ['Fattah', 'الفتاح', false], ['Basit', 'الباسط', false], ['Latif', 'اللطيف', true],
  ['Halim', 'الحليم', false], ['Jalil', 'الجليل', false],
];

function abdForms(x: string, sun: boolean): string[] {
  const c = x[0]!.toLowerCase();
  // Abd ar-Rahman, Abd as-Salam (the article assimilated), else Abd el-Aziz.
  return [`Abd al-${x}`, `Abdul ${x}`, `Abdel${x.toLowerCase()}`, `Abdul${x.toLowerCase()}`, sun ? `Abd a${c}-${x}` : `Abd el-${x}`, `Abdi${x.toLowerCase()}`];
}

const ABD: Part[] = ABD_X.map(([x, ar, sun]) => ({ forms: abdForms(x, sun), ar: `عبد ${ar}`, w: x === 'Rahman' || x === 'Salam' ? 3 : 1 }));

const FAMILY: Part[] = [
  { forms: ['al-Milad', 'El-Milad', 'Milad'], ar: 'الميلاد' },
  { forms: ['al-Fitouri', 'al-Fituri', 'Fitouri'], ar: 'الفيتوري' },
  { forms: ['al-Dabbashi', 'Dabbashi', 'al-Dabashi'], ar: 'الدباشي' },
  { forms: ['al-Qadhafi', 'Gaddafi', 'Kadhafi', 'al-Qaddafi'], ar: 'القذافي' },
  { forms: ['al-Warfalli', 'Warfalli', 'al-Werfalli'], ar: 'الورفلي', w: 3 },
  { forms: ['al-Zintani', 'Zintani'], ar: 'الزنتاني', w: 2 },
  { forms: ['al-Misrati', 'Misurati', 'al-Misurati'], ar: 'المصراتي', w: 2 },
  { forms: ['al-Tarhuni', 'Tarhouni'], ar: 'الترهوني' },
  { forms: ['al-Obeidi', 'al-Ubaydi', 'Obeidi'], ar: 'العبيدي', w: 2 },
  { forms: ['al-Sharif', 'el-Cherif', 'Sharif'], ar: 'الشريف', w: 2 },
  { forms: ['al-Magariaf', 'Megarief'], ar: 'المقريف' },
  { forms: ['al-Senussi', 'Senoussi', 'al-Sanusi'], ar: 'السنوسي' },
  { forms: ['al-Hasi', 'Hassi'], ar: 'الحاسي' },
  { forms: ['al-Baraasi', 'Barasi'], ar: 'البرعصي' },
  { forms: ['al-Zawi', 'Zawi', 'al-Zuwai'], ar: 'الزاوي' },
  { forms: ['al-Kikli', 'Kikli'], ar: 'الككلي' },
  { forms: ['al-Tajouri', 'Tajuri'], ar: 'التاجوري' },
  { forms: ['al-Gharyani', 'Gharyani'], ar: 'الغرياني' },
  { forms: ['al-Mahmoudi', 'Mahmudi'], ar: 'المحمودي' },
  { forms: ['al-Mismari', 'Mismari'], ar: 'المسماري' },
  { forms: ['al-Fezzani', 'Fezzani'], ar: 'الفزاني' },
  { forms: ['al-Tebawi', 'Tebawi'], ar: 'التباوي' },
  { forms: ['al-Jadhran', 'Jadran'], ar: 'الجضران' },
  { forms: ['al-Saadi', 'Saadi'], ar: 'الساعدي' },
  { forms: ['al-Shaybani', 'Shaibani'], ar: 'الشيباني' },
  { forms: ['al-Bija', 'Bija'], ar: 'البيجا' },
  { forms: ['al-Ammu', 'Ammu'], ar: 'العمو' },
  { forms: ['al-Kani', 'Kani'], ar: 'الكاني' },
  { forms: ['al-Awami', 'Awami'], ar: 'العوامي' },
  { forms: ['al-Busaifi', 'Busaifi'], ar: 'البوسيفي' },
];

const HORN: Part[] = [
  { forms: ['Ermias', 'Ermiyas'], geez: 'ኤርምያስ', w: 2 },
  { forms: ['Tesfay', 'Tesfaye', 'Tesfai'], geez: 'ተስፋይ', w: 3 },
  { forms: ['Yonas', 'Yonass'], geez: 'ዮናስ', w: 2 },
  { forms: ['Haile', 'Hayle'], geez: 'ኃይለ', w: 2 },
  { forms: ['Tekle', 'Teklay'], geez: 'ተክለ', w: 2 },
  { forms: ['Kidane', 'Kidana'], geez: 'ኪዳነ' },
  { forms: ['Berhane', 'Birhane'], geez: 'ብርሃነ', w: 2 },
  { forms: ['Medhanie', 'Medhane'], geez: 'መድሃኔ' },
  { forms: ['Welde', 'Wolde'], geez: 'ወልደ' },
  { forms: ['Goitom', 'Goytom'], geez: 'ጎይቶም' },
  { forms: ['Ghirmay', 'Ghermay', 'Girmay'], geez: 'ግርማይ' },
  { forms: ['Dawit', 'Dawitt'], geez: 'ዳዊት', w: 2 },
  { forms: ['Yohannes', 'Yohanes'], geez: 'ዮሃንስ', w: 2 },
  { forms: ['Solomon', 'Selomon'], geez: 'ሰሎሞን' },
  { forms: ['Habtom', 'Habtum'], geez: 'ሃብቶም' },
  { forms: ['Asmerom', 'Asmarom'], geez: 'ኣስመሮም' },
  { forms: ['Tsegay', 'Tsegai'], geez: 'ጸጋይ' },
  { forms: ['Zerai', 'Zeray'], geez: 'ዘርኣይ' },
  { forms: ['Bereket', 'Bereket'], geez: 'በረከት' },
  { forms: ['Isaias', 'Isayas'], geez: 'ኢሳያስ' },
  { forms: ['Tewelde', 'Tewolde'], geez: 'ተወልደ' },
  { forms: ['Amanuel', 'Emmanuel'], geez: 'ኣማኑኤል' },
  { forms: ['Mehari', 'Mihari'], geez: 'መሓሪ' },
  { forms: ['Fitsum', 'Fitsom'], geez: 'ፍጹም' },
  { forms: ['Kibrom', 'Kbrom'], geez: 'ክብሮም' },
  { forms: ['Samson', 'Samsom'], geez: 'ሳምሶን' },
  { forms: ['Daniel', 'Danel'], geez: 'ዳንኤል' },
  { forms: ['Abraham', 'Abrham'], geez: 'ኣብርሃም' },
  { forms: ['Mikael', 'Michael'], geez: 'ሚካኤል' },
  { forms: ['Selam', 'Salam'], geez: 'ሰላም' },
  { forms: ['Saba', 'Sabaa'], geez: 'ሳባ' },
  { forms: ['Hiwet', 'Hiywet'], geez: 'ሕይወት' },
  { forms: ['Meron', 'Merron'], geez: 'ሜሮን' },
  { forms: ['Senait', 'Senayt'], geez: 'ሰናይት' },
  { forms: ['Rahel', 'Rachel'], geez: 'ራሄል' },
  { forms: ['Mebrahtu', 'Mebrahtom'], geez: 'መብራህቱ' },
  { forms: ['Negash', 'Negassi'], geez: 'ነጋሽ' },
  { forms: ['Weldu', 'Woldu'], geez: 'ወልዱ' },
];

const KUNYA = ['Bakr', 'Ubayda', 'Hamza', 'Anas', 'Yahya', 'Salim', 'Omar', 'Khalid', 'Hafs', 'Muadh', 'Talha', 'Suhaib'];
const ORG_HEAD = ['Brigade', 'Battalion', 'Company', 'Trading', 'Shipping', 'Militia', 'Transport', 'Logistics', 'Security', 'Import-Export'];
const ORG_WORD = ['Nasr', 'Zawiya', 'Sabratha', 'Martyrs', 'Desert', 'Falcon', 'Unity', 'Southern', 'Coastal', 'Kufra', 'Fezzan', 'Tripoli', 'Jufra', 'Sahel', 'Red Sea', 'Tessenei', 'Kassala', 'Agadez', 'Nile', 'Sirte'];
const ORG_AR: Record<string, string> = { Brigade: 'كتيبة', Battalion: 'كتيبة', Militia: 'ميليشيا', Company: 'شركة', Trading: 'شركة', Shipping: 'شركة', Transport: 'شركة', Logistics: 'شركة', Security: 'شركة', 'Import-Export': 'شركة' };
const ORG_WORD_AR: Record<string, string> = { Nasr: 'النصر', Zawiya: 'الزاوية', Sabratha: 'صبراتة', Martyrs: 'الشهداء', Desert: 'الصحراء', Falcon: 'الصقر', Unity: 'الوحدة', Southern: 'الجنوب', Coastal: 'الساحل', Kufra: 'الكفرة', Fezzan: 'فزان', Tripoli: 'طرابلس', Jufra: 'الجفرة', Sahel: 'الساحل', 'Red Sea': 'البحر الأحمر', Tessenei: 'تسني', Kassala: 'كسلا', Agadez: 'أغاديس', Nile: 'النيل', Sirte: 'سرت' };

/** mulberry32 (the graph analytics' seeded PRNG): small, fast, good enough for test data. */
export const rng = seededRandom;

function weighted(parts: readonly Part[]): (r: number) => Part {
  const cum: number[] = [];
  let total = 0;
  for (const p of parts) cum.push((total += p.w ?? 1));
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return parts[lo]!;
  };
}

const ARAB_FIRST = weighted([...ARAB_GIVEN, ...ABD]);
const ARAB_FATHER = weighted(ARAB_GIVEN);
const FAMILY_PICK = weighted(FAMILY);
const HORN_PICK = weighted(HORN);

/**
 * Names beyond the common ones: Arabic root-and-pattern names (fa'il: Karim, fa''al: Jabbar) and nisba family
 * names (al-Barqani), spelled in Latin with the usual variations and written in Arabic from the same letters, so
 * a case file has tens of thousands of distinct name words, as a real one does.
 */
const ROOT_LETTERS: [string, string][] = [
  ['b', 'ب'], ['t', 'ت'], ['th', 'ث'], ['j', 'ج'], ['h', 'ح'], ['kh', 'خ'], ['d', 'د'], ['dh', 'ذ'], ['r', 'ر'], ['z', 'ز'],
  ['s', 'س'], ['sh', 'ش'], ['s', 'ص'], ['d', 'ض'], ['t', 'ط'], ['gh', 'غ'], ['f', 'ف'], ['q', 'ق'], ['k', 'ك'], ['l', 'ل'],
  ['m', 'م'], ['n', 'ن'], ['h', 'ه'],
];
const SPELLINGS: ((s: string) => string)[] = [
  (s) => s,
  (s) => s.replace(/q/g, 'g'),
  (s) => s.replace(/i([^aeiou]+)$/, 'ee$1'),
  (s) => s.replace(/([bdfklmnrstz])\1/g, '$1'),
  (s) => s.replace(/u/g, 'ou'),
  (s) => s.replace(/a([^aeiou]+i)$/, 'e$1'),
];

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function spellings(base: string, r: () => number): string[] {
  const out = new Set([cap(base)]);
  for (let k = 0; k < 2; k++) out.add(cap(SPELLINGS[1 + Math.floor(r() * (SPELLINGS.length - 1))]!(base)));
  return [...out];
}

function letters(r: () => number, n: number): [string, string][] {
  return Array.from({ length: n }, () => ROOT_LETTERS[Math.floor(r() * ROOT_LETTERS.length)]!);
}

/** A given name on the fa'il or fa''al pattern, from a seed (so the same seed is the same name). */
export function patternGiven(seed: number): Part {
  const r = rng(seed);
  const [[a, aa], [b, bb], [c, cc]] = letters(r, 3) as [[string, string], [string, string], [string, string]];
  if (r() < 0.5) return { forms: spellings(`${a}a${b}i${c}`, r), ar: `${aa}${bb}ي${cc}` };
  return { forms: spellings(`${a}a${b}${b.length === 1 ? b : ''}a${c}`, r), ar: `${aa}${bb}ا${cc}` };
}

/** A nisba family name: al-CaCCaCi. */
export function patternFamily(seed: number): Part {
  const r = rng(seed);
  const l = letters(r, 4);
  const base = `${l[0]![0]}a${l[1]![0]}${l[2]![0]}a${l[3]![0]}i`;
  const forms = spellings(base, r).map((f) => (r() < 0.6 ? `al-${f}` : f));
  return { forms, ar: `ال${l[0]![1]}${l[1]![1]}${l[2]![1]}ا${l[3]![1]}ي` };
}

/** Ge'ez consonant rows (first code point) and their usual Latin; vowel orders 1st..7th as romanised. */
const GEEZ_ROWS: [number, string][] = [
  [0x1200, 'h'], [0x1208, 'l'], [0x1218, 'm'], [0x1228, 'r'], [0x1230, 's'], [0x1238, 'sh'], [0x1240, 'q'], [0x1260, 'b'],
  [0x1270, 't'], [0x1290, 'n'], [0x12a8, 'k'], [0x12c8, 'w'], [0x12d8, 'z'], [0x12e8, 'y'], [0x12f0, 'd'], [0x1308, 'g'],
  [0x1338, 'ts'], [0x1348, 'f'],
];
const GEEZ_ORDERS = ['e', 'u', 'i', 'a', 'e', '', 'o'];

/**
 * An Eritrean/Ethiopian-style name of two or three syllables, written in Ge'ez and romanised the usual ways
 * (the 6th-order vowel left out or written "i", the 1st order as "e" or "a"), from a seed.
 */
export function patternHorn(seed: number): Part {
  const r = rng(seed);
  const n = 2 + Math.floor(r() * 2);
  let geez = '';
  const plain: string[] = [];
  const withI: string[] = [];
  const withA: string[] = [];
  for (let k = 0; k < n; k++) {
    const [base, c] = GEEZ_ROWS[Math.floor(r() * GEEZ_ROWS.length)]!;
    // Sixth order (no vowel) only inside the word, as names are usually written.
    const order = k < n - 1 && r() < 0.4 ? 5 : [0, 1, 2, 3, 4, 6][Math.floor(r() * 6)]!;
    geez += String.fromCodePoint(base + order);
    const v = GEEZ_ORDERS[order]!;
    plain.push(c + v);
    withI.push(c + (order === 5 ? 'i' : v));
    withA.push(c + (order === 0 ? 'a' : v));
  }
  const forms = [...new Set([plain, withI, withA].map((x) => cap(x.join(''))))];
  return { forms, geez };
}

/** Rough Russian-style Cyrillic for a Latin name (as Russian-language reporting writes Arabic names). */
const TO_CYRILLIC: [RegExp, string][] = [
  [/kh/g, 'х'], [/sh/g, 'ш'], [/ch/g, 'ч'], [/ts/g, 'ц'], [/zh/g, 'ж'], [/yu/g, 'ю'], [/ya/g, 'я'], [/ou/g, 'у'],
  [/a/g, 'а'], [/b/g, 'б'], [/d/g, 'д'], [/e/g, 'е'], [/f/g, 'ф'], [/g/g, 'г'], [/h/g, 'х'], [/i/g, 'и'], [/j/g, 'дж'],
  [/k/g, 'к'], [/l/g, 'л'], [/m/g, 'м'], [/n/g, 'н'], [/o/g, 'о'], [/p/g, 'п'], [/q/g, 'к'], [/r/g, 'р'], [/s/g, 'с'],
  [/t/g, 'т'], [/u/g, 'у'], [/v/g, 'в'], [/w/g, 'в'], [/y/g, 'й'], [/z/g, 'з'],
];
export function toCyrillic(latin: string): string {
  return latin
    .split(/\s+/)
    .map((w) => {
      let s = w.toLowerCase().replace(/^(al|el)-/, 'аль-');
      for (const [re, c] of TO_CYRILLIC) s = s.replace(re, c);
      return s.charAt(0).toUpperCase() + s.slice(1);
    })
    .join(' ');
}

export interface GeneratedEntity extends EntityNames {
  /** The name parts it was built from, for making queries. */
  parts: Part[];
  population: 'arab' | 'horn' | 'org';
}

function pickForm(p: Part, r: () => number, not?: string): string {
  const choices = p.forms.filter((f) => f !== not);
  return choices.length ? choices[Math.floor(r() * choices.length)]! : p.forms[0]!;
}

function bare(family: string): string {
  return family.replace(/^(al|el)-/i, '');
}

/** Entity `i` of a generated case file. */
export function generatedEntity(i: number, caseIds: readonly string[], seed = 7): GeneratedEntity {
  const r = rng(seed * 1_000_003 + i);
  const id = i.toString(16).padStart(32, '0');
  const caseId = caseIds[i % caseIds.length]!;
  const roll = r();
  if (roll < 0.12) {
    const word = ORG_WORD[Math.floor(r() * ORG_WORD.length)]!;
    const head = ORG_HEAD[Math.floor(r() * ORG_HEAD.length)]!;
    const n = 1 + Math.floor(r() * 40);
    const kind = ['Brigade', 'Battalion', 'Militia'].includes(head) ? 'armed_group' : head === 'Shipping' ? 'company' : 'company';
    return {
      id, caseId, kind, population: 'org', parts: [],
      name: `${word} ${head} ${n}`,
      aliases: [`${head} of ${word} ${n}`, `${ORG_AR[head]} ${ORG_WORD_AR[word]} ${n}`, `${word.slice(0, 3).toUpperCase()}-${n}`],
    };
  }
  if (roll < 0.72) {
    // Common names most of the time; a pattern name from a space of ~10^5 otherwise.
    const first = r() < 0.75 ? ARAB_FIRST(r()) : patternGiven(Math.floor(r() * 100_000));
    const father = r() < 0.75 ? ARAB_FATHER(r()) : patternGiven(Math.floor(r() * 100_000));
    const grand = r() < 0.75 ? ARAB_FATHER(r()) : patternGiven(Math.floor(r() * 100_000));
    const family = r() < 0.35 ? FAMILY_PICK(r()) : patternFamily(Math.floor(r() * 200_000));
    const withBin = r() < 0.25;
    const withGrand = r() < 0.4;
    const f1 = pickForm(first, r);
    const name = `${f1}${withBin ? ' bin' : ''} ${pickForm(father, r)}${withGrand ? ` ${pickForm(grand, r)}` : ''} ${pickForm(family, r)}`;
    const variant = r() < 0.5 ? `${pickForm(first, r, f1)} ${bare(pickForm(family, r))}` : `${pickForm(family, r)}, ${pickForm(first, r, f1)} ${pickForm(father, r)}`;
    const script = r() < 0.75 ? `${first.ar} ${withBin ? 'بن ' : ''}${father.ar} ${family.ar}` : toCyrillic(`${first.forms[0]} ${father.forms[0]} ${family.forms[0]}`);
    const nick = r() < 0.5 ? `Abu ${KUNYA[Math.floor(r() * KUNYA.length)]}` : pickForm(family, r);
    return { id, caseId, kind: 'person', population: 'arab', parts: [first, father, family], name, aliases: [variant, script, nick] };
  }
  const horn = () => (r() < 0.7 ? HORN_PICK(r()) : patternHorn(Math.floor(r() * 100_000)));
  const given = horn();
  const father = horn();
  const grand = horn();
  const g1 = pickForm(given, r);
  // Eritreans and Ethiopians are named given + father + grandfather; documents often drop the grandfather.
  const name = r() < 0.4 ? `${g1} ${pickForm(father, r)}` : `${g1} ${pickForm(father, r)} ${pickForm(grand, r)}`;
  const variant = `${pickForm(given, r, g1)} ${pickForm(father, r)}`;
  const script = `${given.geez} ${father.geez}${r() < 0.5 ? ` ${grand.geez}` : ''}`;
  const nick = `${pickForm(given, r)} ${pickForm(grand, r)}`;
  return { id, caseId, kind: 'person', population: 'horn', parts: [given, father, grand], name, aliases: [variant, script, nick] };
}

export type QueryKind = 'exact' | 'variant' | 'prefix' | 'typo' | 'script';
export const QUERY_KINDS: readonly QueryKind[] = ['exact', 'variant', 'prefix', 'typo', 'script'];

export interface BenchQuery {
  kind: QueryKind;
  text: string;
  /** The entity the query was made from. */
  target: string;
}

/** Swap two adjacent letters inside the longest plain word (not its first letter): a typical typo. */
function typo(text: string, r: () => number): string {
  const words = text.split(' ');
  let at = -1;
  words.forEach((w, k) => {
    if (/^\p{L}+$/u.test(w) && (at < 0 || w.length > words[at]!.length)) at = k;
  });
  const w = words[at] ?? '';
  if (w.length < 5) return text;
  const p = 1 + Math.floor(r() * (w.length - 3));
  words[at] = w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2);
  return words.join(' ');
}

/** A query of the given kind aimed at entity `e` (people only). */
export function queryFor(e: GeneratedEntity, kind: QueryKind, seed: number): BenchQuery {
  const r = rng(seed);
  const [a, b, c] = e.parts as [Part, Part, Part];
  let text: string;
  switch (kind) {
    case 'exact':
      text = e.name;
      break;
    case 'variant':
      // Other spellings, family name first, article dropped or changed.
      text = e.population === 'arab' ? `${bare(pickForm(c, r, c.forms[0]))} ${pickForm(a, r, a.forms[0])} ${pickForm(b, r)}` : `${pickForm(b, r, b.forms[0])} ${pickForm(a, r, a.forms[0])}`;
      break;
    case 'prefix':
      // Typing, 60% of the way through the name.
      text = e.name.slice(0, Math.max(4, Math.floor(e.name.length * 0.6))).trimEnd();
      break;
    case 'typo':
      text = typo(e.name, r);
      break;
    case 'script':
      text = e.population === 'arab' ? `${a.ar} ${c.ar}` : `${a.geez} ${b.geez}`;
      break;
  }
  return { kind, text, target: e.id };
}
