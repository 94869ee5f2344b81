/**
 * Country names and demonyms, as sanctions lists write them, to ISO 3166 alpha-2 (lower case). Compact on
 * purpose: the countries the UN Consolidated List uses for nationality, and their neighbours in the regions
 * Sanctum's users work in. What is not here is kept by the parser as text in remarks, never dropped.
 */
const TABLE: Readonly<Record<string, readonly string[]>> = {
  af: ['afghanistan', 'afghan'],
  al: ['albania', 'albanian'],
  dz: ['algeria', 'algerian'],
  ao: ['angola', 'angolan'],
  az: ['azerbaijan', 'azerbaijani'],
  bh: ['bahrain', 'bahraini'],
  bd: ['bangladesh', 'bangladeshi'],
  be: ['belgium', 'belgian'],
  bj: ['benin', 'beninese'],
  ba: ['bosnia and herzegovina', 'bosnia', 'bosnian'],
  bf: ['burkina faso', 'burkinabe'],
  bi: ['burundi', 'burundian'],
  cm: ['cameroon', 'cameroonian'],
  ca: ['canada', 'canadian'],
  cf: ['central african republic', 'car', 'central african'],
  td: ['chad', 'chadian'],
  cn: ['china', 'chinese', "people's republic of china"],
  cd: ['democratic republic of the congo', 'dr congo', 'drc', 'congo-kinshasa', 'congolese'],
  cg: ['congo', 'republic of the congo', 'congo-brazzaville'],
  ci: ["cote d'ivoire", 'ivory coast', 'ivorian'],
  dj: ['djibouti', 'djiboutian'],
  eg: ['egypt', 'egyptian'],
  er: ['eritrea', 'eritrean'],
  et: ['ethiopia', 'ethiopian'],
  fr: ['france', 'french'],
  ga: ['gabon', 'gabonese'],
  gm: ['gambia', 'the gambia', 'gambian'],
  ge: ['georgia', 'georgian'],
  de: ['germany', 'german'],
  gh: ['ghana', 'ghanaian'],
  gr: ['greece', 'greek'],
  gn: ['guinea', 'guinean'],
  gw: ['guinea-bissau', 'bissau-guinean'],
  in: ['india', 'indian'],
  id: ['indonesia', 'indonesian'],
  ir: ['iran', 'iran (islamic republic of)', 'islamic republic of iran', 'iranian'],
  iq: ['iraq', 'iraqi'],
  it: ['italy', 'italian'],
  jo: ['jordan', 'jordanian'],
  kz: ['kazakhstan', 'kazakh'],
  ke: ['kenya', 'kenyan'],
  kp: ["democratic people's republic of korea", 'dprk', 'north korea', 'north korean'],
  kr: ['republic of korea', 'south korea', 'south korean'],
  kw: ['kuwait', 'kuwaiti'],
  kg: ['kyrgyzstan', 'kyrgyz'],
  lb: ['lebanon', 'lebanese'],
  lr: ['liberia', 'liberian'],
  ly: ['libya', 'libyan', 'libyan arab jamahiriya'],
  my: ['malaysia', 'malaysian'],
  ml: ['mali', 'malian'],
  mt: ['malta', 'maltese'],
  mr: ['mauritania', 'mauritanian'],
  ma: ['morocco', 'moroccan'],
  mz: ['mozambique', 'mozambican'],
  mm: ['myanmar', 'burma', 'burmese'],
  nl: ['netherlands', 'dutch'],
  ne: ['niger', 'nigerien'],
  ng: ['nigeria', 'nigerian'],
  no: ['norway', 'norwegian'],
  om: ['oman', 'omani'],
  pk: ['pakistan', 'pakistani'],
  ps: ['state of palestine', 'palestine', 'palestinian', 'occupied palestinian territory'],
  ph: ['philippines', 'filipino', 'philippine'],
  qa: ['qatar', 'qatari'],
  ru: ['russian federation', 'russia', 'russian'],
  rw: ['rwanda', 'rwandan'],
  sa: ['saudi arabia', 'saudi', 'saudi arabian'],
  sn: ['senegal', 'senegalese'],
  sl: ['sierra leone', 'sierra leonean'],
  so: ['somalia', 'somali'],
  za: ['south africa', 'south african'],
  ss: ['south sudan', 'south sudanese'],
  es: ['spain', 'spanish'],
  lk: ['sri lanka', 'sri lankan'],
  sd: ['sudan', 'sudanese'],
  se: ['sweden', 'swedish'],
  ch: ['switzerland', 'swiss'],
  sy: ['syrian arab republic', 'syria', 'syrian'],
  tj: ['tajikistan', 'tajik'],
  tz: ['united republic of tanzania', 'tanzania', 'tanzanian'],
  tg: ['togo', 'togolese'],
  tt: ['trinidad and tobago', 'trinidadian'],
  tn: ['tunisia', 'tunisian'],
  tr: ['turkey', 'turkiye', 'türkiye', 'turkish'],
  tm: ['turkmenistan', 'turkmen'],
  ug: ['uganda', 'ugandan'],
  ua: ['ukraine', 'ukrainian'],
  ae: ['united arab emirates', 'uae', 'emirati'],
  gb: ['united kingdom of great britain and northern ireland', 'united kingdom', 'uk', 'great britain', 'british'],
  us: ['united states of america', 'united states', 'usa', 'american'],
  // Withdrawn code, still what the list means by it.
  su: ['ussr', 'soviet union', 'union of soviet socialist republics', 'soviet'],
  uz: ['uzbekistan', 'uzbek'],
  ye: ['yemen', 'yemeni'],
  zm: ['zambia', 'zambian'],
  zw: ['zimbabwe', 'zimbabwean'],
};

const BY_NAME: ReadonlyMap<string, string> = new Map(Object.entries(TABLE).flatMap(([code, names]) => names.map((n) => [n, code] as [string, string])));
const CODES: ReadonlySet<string> = new Set(Object.keys(TABLE));
/** Longest names first, so "south sudan" is found before "sudan" and "guinea-bissau" before "guinea". */
const SCAN = [...BY_NAME.keys()].filter((n) => n.length > 3).sort((a, b) => b.length - a.length);

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

/** The code for a country name, demonym or alpha-2 code, or null. */
export function countryCode(text: string): string | null {
  const t = fold(text);
  if (/^[a-z]{2}$/.test(t)) return CODES.has(t) ? t : null;
  return BY_NAME.get(t) ?? BY_NAME.get(t.replace(/^the /, '')) ?? null;
}

export interface CountryReading {
  codes: string[];
  /** True when the text was exactly a name in the table (nothing else in it was read or ignored). */
  exact: boolean;
}

/**
 * The countries a free-text nationality names: "Libya" -> ly (exact), "United States. Also believed to hold
 * Syrian nationality" -> us, sy; "Bahrain (citizenship revoked in Jan. 2015)" -> bh. Empty when none is known.
 */
export function readCountries(text: string): CountryReading {
  const direct = countryCode(text);
  if (direct) return { codes: [direct], exact: true };
  let rest = ` ${fold(text).replace(/[^a-z' -]+/g, ' ')} `;
  const codes: string[] = [];
  for (const name of SCAN) {
    const needle = ` ${name} `;
    const at = rest.indexOf(needle);
    if (at < 0) continue;
    const code = BY_NAME.get(name)!;
    if (!codes.includes(code)) codes.push(code);
    rest = `${rest.slice(0, at)} ${rest.slice(at + needle.length - 1)}`;
  }
  return { codes, exact: false };
}
