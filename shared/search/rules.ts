/**
 * The name rules as data: what counts as an article or a particle, the "Abd al-X" and "Abu X" families, the
 * compound names that are written both glued and apart, the spelling rules that fold romanisation habits
 * together, the known variant families, and the consonant skeleton. normalise.ts applies them in the order
 * documented there; the tables are here so they can be read, reviewed and extended without touching code.
 *
 * Every rule works on lower-case ASCII (after transliteration and diacritic stripping) and is applied to the
 * query and to the stored names alike, so a rule only has to be consistent, not linguistically exact: "Shah"
 * becoming "sha" is harmless because every "Shah" does.
 */

// ----------------------------------------------------------------------------------------- articles

/** The Arabic article in its unassimilated forms ("al-Milad", "el-Sisi", Urdu "ul-Haq"): always dropped. */
export const ARTICLES: ReadonlySet<string> = new Set(['al', 'el', 'ul']);

/**
 * The article assimilated to a following "sun letter" (ad-Din, ar-Rahman, as-Sayed, ash-Shami, at-Tayeb,
 * az-Zawi, an-Nasir), with the vowel as Egyptian/Maghrebi (es-, ed-, er-, en-) and Urdu (ud-, ur-, us-)
 * romanisations write it. Each maps to the consonant(s) it assimilated to. Unlike "al", these are ordinary
 * words too ("as", "an", "ed"), so they are dropped only when hyphenated to the next word or when the next word
 * begins with the same consonant ("ar Rahman"), which is what assimilation looks like.
 */
export const SUN_ARTICLES: ReadonlyMap<string, string> = new Map(
  ['d', 'dh', 'n', 'r', 's', 'sh', 't', 'th', 'z'].flatMap((c) => ['a', 'e', 'u'].map((v) => [v + c, c] as [string, string])),
);

// ---------------------------------------------------------------------------------------- particles

/**
 * Genealogical particles: "son of" (bin, ibn, ben, Mauritanian ould, Tuareg ag), "daughter of" (bint, binti,
 * welet). They are kept as tokens (name-part alignment in screening wants to see them) but flagged, never
 * indexed, and never required to match: "Muhammad bin Salman" and "Mohammed Salman" are the same search.
 * Canonical form -> spellings.
 */
export const PARTICLES: Readonly<Record<string, readonly string[]>> = {
  bin: ['bin', 'ibn', 'ben', 'bn', 'ebn', 'ibni', 'binu'],
  bint: ['bint', 'binti', 'bent', 'welet', 'walet'],
  ould: ['ould', 'uld', 'wuld', 'walad', 'ag'],
};

// ---------------------------------------------------------------------------- Abd al-X and Abu X families

/**
 * "Abd" (servant of) + article + one of the names of God is one name, written in a dozen ways: Abd al-Rahman,
 * Abd-ar-Rahman, Abdul Rahman, Abdel Rahman, Abdulrahman, Abdurrahman, Abderrahmane, Somali Abdirahman. All of
 * them become one token "abd" + X ("abdrahman"), with X kept as the token's `tail` so that "Rahman" alone still
 * finds it. The article is dropped wherever it sits.
 *
 * A standalone prefix word that joins the next word: abd, abdul, abdel, abdal, abdil, abdol, abdoul, and the
 * assimilated abdur, abder, abdus, abdes, abdun, abdush … Not abdu, abdi, abdou, abdo: those are names.
 */
export const ABD_STANDALONE = /^abd(?:(?:ou|[aeiou])(?:l|sh|th|dh|[dnrstz]))?$/;

/** Glued forms, tried in this order on the raw word; group 1 is X (for the doubled form, the consonant + rest). */
export const ABD_GLUED: readonly { re: RegExp; example: string }[] = [
  // Abdurrahman, Abdessalam, Abdennour: the article's consonant doubled onto X.
  { re: /^abd(?:ou|[aeiou])(?:(sh|th|dh|[dnrstz])\1)([a-z]{2,})$/, example: 'abdurrahman' },
  // Abdulrahman, Abdelaziz, Abdoulkarim, Abdalmalik.
  { re: /^abd(?:ou|[aeiou])l([a-z]{3,})$/, example: 'abdelaziz' },
  // Abdurahman, Abdisalam, Abdinur: one vowel and the assimilated consonant.
  { re: /^abd(?:ou|[aeiou])((?:sh|th|dh|[dnrstz])[a-z]{2,})$/, example: 'abdisalam' },
  // Somali and Central Asian Abdi-/Abdu- before any name: Abdiqani, Abdikarim, Abduqodir.
  { re: /^abd[iu]([a-z]{3,})$/, example: 'abdiqani' },
];

/** Abdallah and its spellings (Abdullah, Abdulla, Abdullahi, West African Abdoulaye, Ghanaian Abdulai). */
export const ABD_ALLAH_GLUED = /^abd(?:ou|[aeiou])ll?(?:a|ah|ahi|ai|aye|ay|ahy)$/;
/** What the word after a standalone Abd looks like when it is "Allah": Abd Allah, Abdul Lah, Abd Ullah. */
export const ALLAH_FORMS: ReadonlySet<string> = new Set(['allah', 'alla', 'ullah', 'ulla', 'llah', 'lah', 'la', 'allahi', 'ullahi', 'illahi', 'ilahi']);

/**
 * Abu (father of) begins a kunya, which is one name: "Abu Bakr", "Abou Bakr", "Aboubakar", "Abubakar" all
 * become "abu" + X ("abubakr") with X as the tail, like Abd.
 */
export const ABU_STANDALONE: ReadonlySet<string> = new Set(['abu', 'abou', 'abo', 'aboo', 'abuu']);
export const ABU_GLUED = /^ab(?:ou|oo|u|o)([b-df-hj-np-tv-z][a-z]{2,})$/;

// ---------------------------------------------------------------------------------- compound names

/**
 * "X al-Din" and "X Allah" names are written both apart and glued: Salah ad-Din / Salahuddin / Salaheddine,
 * Sirajuddin, Nasreddine; Nasr Allah / Nasrallah, Hibatullah. The glued form is split into X and "din"/"allah"
 * so both meet. X must end in a consonant, which keeps ordinary words whole ("Claudine", "Aladdin").
 */
export const COMPOUND_DIN = /^([a-z]{2,}[b-df-hj-np-tv-z])(?:ou|[aeiu])dd?(?:in|ine|een|yn)$/;
/** A standalone glued article + Din ("Salah Eddine", "Salah Uddin") is just "din". */
export const STANDALONE_DIN = /^(?:ou|[aeiu])dd?(?:in|ine|een|yn)$/;
export const COMPOUND_ALLAH = /^([a-z]{2,}[b-df-hj-np-tv-z])(?:ou|[aeiu])?llah?i?$/;

// ------------------------------------------------------------------------------------ spelling rules

/**
 * Applied in order to every word (and to the X of a joined word) to make its `norm`. Each folds a romanisation
 * habit onto one spelling; vowels are otherwise kept (the skeleton drops them), so the norm still tells
 * "Hasan" from "Husayn" for ranking.
 */
export const SPELLING_RULES: readonly { from: RegExp; to: string; why: string }[] = [
  { from: /ph/g, to: 'f', why: 'Mustapha / Mustafa' },
  { from: /dj/g, to: 'j', why: 'French dj for ج: Djamel / Jamal, Djibril / Jibril' },
  { from: /tch/g, to: 'ch', why: 'French tch' },
  { from: /ch/g, to: 'sh', why: 'French ch for ش: Chérif / Sharif, Hicham / Hisham, Aicha / Aisha' },
  { from: /ck/g, to: 'k', why: 'ck is one k' },
  { from: /c(?=[eiy])/g, to: 's', why: 'soft c: Yacine / Yassin, Cissé / Sisse' },
  { from: /c/g, to: 'k', why: 'hard c: Boubacar / Bubakar, Carim / Karim' },
  { from: /ou/g, to: 'u', why: 'French ou: Youssef / Yusuf, Oumar / Umar, Mouammar / Muammar' },
  { from: /oo/g, to: 'u', why: 'English oo: Mahmood / Mahmud' },
  { from: /ee/g, to: 'i', why: 'English ee: Sameer / Samir, Saeed' },
  { from: /([a-z])\1+/g, to: '$1', why: 'doubled letters: Gaddafi / Gadafi, Mohammed / Mohamed, Hassan / Hasan' },
  { from: /([aeiou])ne$/, to: '$1n', why: 'French mute final e: Ousmane / Usman, Lamine / Lamin, Abderrahmane' },
  { from: /(?<=..)ah$/, to: 'a', why: 'final ah / a (tā marbūṭa): Fatimah / Fatima, Hamzah / Hamza' },
];

/**
 * Variant families: spellings that the spelling rules alone do not fold, mapped onto one canonical norm. Keys
 * and variants are written as people write them; normalise.ts runs them through the spelling rules at load, so
 * an entry needs only the spellings that still differ after those rules. Cross-script input reaches these
 * families through the skeleton ("mhmd") even when it misses them here.
 */
export const VARIANT_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  muhammad: ['mohammed', 'mohamed', 'mohamad', 'mohammad', 'muhammed', 'muhamed', 'mouhamed', 'mohamet', 'muhammet', 'mehmet', 'mehmed', 'mohd', 'muhd', 'mhd', 'mohammod', 'mahomed', 'mukhammed', 'mukhammad', 'mukhamed', 'magomed'],
  ahmad: ['ahmed', 'ahmet', 'achmed', 'ahmat', 'ahmadu'],
  mahmud: ['mahmoud', 'mahmood', 'mehmood', 'mahamud', 'mohamud', 'mahmut'],
  husayn: ['hussein', 'husein', 'hussain', 'husain', 'hossein', 'hosein', 'houssein', 'husseyin', 'huseyin', 'hussien'],
  hasan: ['hassan', 'hasen', 'hassen', 'hasane', 'hassane', 'hacen', 'hasn'],
  yusuf: ['youssef', 'yousef', 'yusef', 'youssouf', 'yousif', 'yousuf', 'yousof', 'jusuf', 'yussuf'],
  umar: ['omar', 'oumar', 'omer', 'umer'],
  uthman: ['othman', 'osman', 'usman', 'ousmane', 'othmane', 'usmane', 'osmane', 'utman'],
  usama: ['osama', 'oussama', 'usamah', 'osamah'],
  ibrahim: ['ebrahim', 'ibraheem', 'brahim', 'ibrahima', 'ebraheem'],
  ismail: ['ismael', 'ismaeel', 'esmail', 'ismaail', 'ismayil'],
  mustafa: ['moustafa', 'mostafa', 'mustapha', 'moustapha', 'mostapha', 'mustefa'],
  qadhafi: ['gaddafi', 'qaddafi', 'kadhafi', 'gadhafi', 'kaddafi', 'qathafi', 'gheddafi', 'ghadafi', 'kadafi', 'gadafi', 'khadafi', 'khadafy', 'gadafy', 'qadafi', 'qadhdhafi'],
  muammar: ['moammar', 'muamar', 'mouammar', 'moamar', 'muammer'],
  khalid: ['khaled', 'khalled', 'halid'],
  said: ['saeed', 'saied', 'saeid', 'saiid', 'sayid'],
  salih: ['saleh', 'saaleh'],
  jafar: ['jaafar', 'jaffar', 'djafar', 'jafer'],
  abubakr: ['abubakar', 'abubaker', 'abubakir', 'boubacar', 'bubakar', 'aboubacar'],
  abdrahman: ['abdrahmon', 'abdrakhman', 'abdrakhmon'],
  ermias: ['ermyas', 'ermiyas'],
  yohannes: ['yohanes', 'yohannis', 'yuhannis'],
  tesfay: ['tesfaye', 'tesfai'],
  haile: ['hayle'],
};

// ---------------------------------------------------------------------------------------- skeleton

/**
 * The consonant skeleton: what is left of a norm when everything romanisations disagree about is folded away.
 * It is what lets Arabic script (no short vowels: "mhmd") meet "Muhammad", Cyrillic "Мухаммед" (х = kh) meet it
 * too, and "Qadhafi", "Gaddafi", "Kadhafi" share "kdf". Vowels (and the semivowels w, y, which Arabic script and
 * romanisations use for long vowels) are dropped first, then digraphs folded, then letter classes merged and
 * doubles collapsed. It is a blocking key: coarse on purpose, and never the only evidence of a match.
 */
export const SKELETON_DROP = /[aeiouyw]/g;
export const SKELETON_DIGRAPHS: readonly [string, string][] = [
  ['kh', 'h'], // خ is kh or h, and Cyrillic х is both kh and h: Khalid / Halid / Халид
  ['gh', 'k'], // غ and Tigrinya/Amharic g: Ghermay / Germay
  ['dh', 'd'], // ذ: Qadhafi / Gaddafi
  ['th', 't'], // ث: Uthman / Utman
  ['sh', 's'], // ش: Ashraf / Asraf
  ['zh', 'z'],
  ['ch', 's'],
];
/** q, k, g, c and x are one class (Libyan ق is g: Qadhafi / Gaddafi / Kadhafi); v is f; p is b (Arabic has no p). */
export const SKELETON_LETTERS: Readonly<Record<string, string>> = { q: 'k', g: 'k', c: 'k', x: 'k', v: 'f', p: 'b' };
