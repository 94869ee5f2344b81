/**
 * Country names and demonyms, as sanctions lists write them, to ISO 3166 alpha-2 (lower case).
 *
 * Three sources, in order of precedence:
 *  1. LIST_NAMES below: demonyms ("Afghan", "Palestinian"), the UN's own official forms the libraries lack
 *     ("Viet Nam", "Cabo Verde", "Democratic People's Republic of Korea") and spellings seen in the lists
 *     ("RPDC", "USSR"). Written by hand; it wins over the libraries (it settles "Congo": the UN's Congo is cg).
 *  2. `i18n-iso-countries` English names, every variant it has ("Korea, Republic of" is also indexed as
 *     "Republic of Korea"; "Holy See (Vatican City State)" also as "Holy See"). A name the library gives two
 *     codes is left out unless LIST_NAMES settles it.
 *  3. The FollowTheMoney model's `country` type labels for its two-letter codes (Kosovo is xk there), without
 *     the pseudo-countries (eu, un, zz, ip) a free-text scan must not find in a sentence.
 * The codes accepted are the FtM model's two-letter country codes, plus su (the withdrawn USSR code the list
 * still means; FtM spells it suhh, which the two-letter list model cannot hold).
 *
 * A UN form "Name (Qualifier of)" / "Name, Qualifier of" ("Bolivia (Plurinational State of)", "Iran (Islamic
 * Republic of)") is read as Name when the whole form is not itself known. What maps to no code is kept by the
 * parsers as text in remarks, never dropped.
 */
// The library's browser entry and the English names only: its Node entry requires every locale by a computed
// path, which would put all of them in the bundle. A JSON module from node_modules needs the type attribute.
import i18nCountries from 'i18n-iso-countries/index.js';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { ftmModel } from '../exchange/ftm/model';

const LIST_NAMES: Readonly<Record<string, readonly string[]>> = {
  af: ['afghan'],
  al: ['albanian'],
  dz: ['algerian'],
  ao: ['angolan'],
  az: ['azerbaijani'],
  bh: ['bahraini'],
  bd: ['bangladeshi'],
  be: ['belgian'],
  bj: ['beninese'],
  bo: ['bolivia (plurinational state of)', 'plurinational state of bolivia'],
  ba: ['bosnia', 'bosnian'],
  br: ['brazilian'],
  bf: ['burkinabe'],
  bi: ['burundian'],
  cv: ['cabo verde'],
  cm: ['cameroonian'],
  ca: ['canadian'],
  cf: ['car', 'central african'],
  td: ['chadian'],
  cn: ['chinese', "people's republic of china"],
  cd: ['democratic republic of the congo', 'dr congo', 'drc', 'congo-kinshasa', 'congolese'],
  cg: ['congo', 'republic of the congo', 'congo-brazzaville'],
  ci: ['ivorian'],
  km: ['union of the comoros', 'comorian'],
  dj: ['djiboutian'],
  eg: ['egyptian'],
  er: ['eritrean'],
  et: ['ethiopian'],
  fr: ['french'],
  ga: ['gabonese'],
  gm: ['gambia (republic of the)', 'gambian'],
  ge: ['georgian'],
  de: ['german'],
  gh: ['ghanaian'],
  hk: ['hong kong special administrative region', 'hong kong sar'],
  gr: ['greek'],
  gn: ['guinean'],
  gw: ['bissau-guinean'],
  in: ['indian'],
  id: ['indonesian'],
  ir: ['iran (islamic republic of)', 'iranian'],
  iq: ['iraqi'],
  it: ['italian'],
  jo: ['jordanian'],
  kz: ['kazakh'],
  ke: ['kenyan'],
  kp: ["democratic people's republic of korea", 'dprk', 'rpdc', 'north korean'],
  kr: ['south korean'],
  kw: ['kuwaiti'],
  kg: ['kyrgyz'],
  lb: ['lebanese'],
  lr: ['liberian'],
  ly: ['libyan', 'libyan arab jamahiriya'],
  my: ['malaysian'],
  mk: ['the former yugoslav republic of macedonia'],
  ml: ['malian'],
  mo: ['macao special administrative region', 'macao sar'],
  mt: ['maltese'],
  mr: ['mauritanian'],
  fm: ['micronesia (federated states of)', 'federated states of micronesia'],
  md: ['moldova', 'moldovan'],
  ma: ['moroccan'],
  mz: ['mozambican'],
  mm: ['burma', 'burmese'],
  nl: ['dutch'],
  ne: ['nigerien'],
  ng: ['nigerian'],
  no: ['norwegian'],
  om: ['omani', 'sultanate of oman'],
  pk: ['pakistani'],
  ps: ['palestinian', 'occupied palestinian territory', 'palestinian territories'],
  ph: ['filipino', 'philippine'],
  qa: ['qatari'],
  ru: ['russian'],
  rw: ['rwandan'],
  sa: ['saudi', 'saudi arabian'],
  sn: ['senegalese'],
  sl: ['sierra leonean'],
  so: ['somali'],
  za: ['south african'],
  ss: ['south sudanese'],
  es: ['spanish'],
  lk: ['sri lankan'],
  sd: ['sudanese'],
  se: ['swedish'],
  ch: ['swiss'],
  sz: ['swaziland'],
  sy: ['syria', 'syrian'],
  tj: ['tajik'],
  tz: ['tanzanian'],
  tg: ['togolese'],
  tt: ['trinidadian'],
  tn: ['tunisian'],
  tr: ['turkiye', 'turkish'],
  tm: ['turkmen'],
  ug: ['ugandan'],
  ua: ['ukrainian'],
  ae: ['uae', 'emirati'],
  gb: ['united kingdom of great britain and northern ireland', 'british'],
  us: ['american'],
  // Withdrawn code, still what the list means by it.
  su: ['ussr', 'soviet union', 'union of soviet socialist republics', 'soviet'],
  uz: ['uzbek'],
  ve: ['venezuela (bolivarian republic of)', 'bolivarian republic of venezuela'],
  vn: ['viet nam', 'vietnamese'],
  ye: ['yemeni'],
  zm: ['zambian'],
  zw: ['zimbabwean'],
};

/** FtM codes that are not countries a person or an address can belong to. */
const PSEUDO = new Set(['eu', 'un', 'zz', 'ip']);

/** The comparable form of a name: no accents, lower case, straight apostrophes, no dots, single spaces. */
function key(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\./g, '')
    .replace(/[^a-z0-9' -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function buildIndex(): { byName: Map<string, string>; codes: Set<string> } {
  const codes = new Set<string>(['su']);
  const ftmLabels = new Map<string, string>();
  for (const [code, label] of ftmModel.getType('country').values) {
    if (/^[a-z]{2}$/.test(code) && !PSEUDO.has(code)) {
      codes.add(code);
      ftmLabels.set(code, label);
    }
  }
  const byName = new Map<string, string>();
  for (const [code, names] of Object.entries(LIST_NAMES)) for (const n of names) byName.set(key(n), code);
  const fixed = new Set(byName.keys());
  // Library names: a name claimed by two codes ("Congo") is ambiguous and left out unless LIST_NAMES has it.
  const claims = new Map<string, Set<string>>();
  const claim = (name: string, code: string) => {
    const k = key(name);
    if (!k || fixed.has(k)) return;
    const set = claims.get(k) ?? new Set<string>();
    set.add(code);
    claims.set(k, set);
  };
  i18nCountries.registerLocale(en);
  for (const [alpha2, names] of Object.entries(i18nCountries.getNames('en', { select: 'all' }))) {
    const code = alpha2.toLowerCase();
    if (!codes.has(code)) continue;
    for (const name of names) {
      claim(name, code);
      // "Korea, Republic of" is also "Republic of Korea"; "Holy See (Vatican City State)" also "Holy See".
      const comma = /^([^,]+), (.+)$/.exec(name);
      if (comma) claim(`${comma[2]} ${comma[1]}`, code);
      const paren = /^(.+?) \([^)]*\)$/.exec(name);
      if (paren) claim(paren[1]!, code);
    }
  }
  for (const [code, label] of ftmLabels) claim(label, code);
  for (const [k, set] of claims) if (set.size === 1) byName.set(k, [...set][0]!);
  return { byName, codes };
}

const { byName: BY_NAME, codes: CODES } = buildIndex();

/** Longest names first, so "south sudan" is found before "sudan" and "guinea-bissau" before "guinea". */
const SCAN = [...BY_NAME.keys()].filter((n) => n.length > 3).sort((a, b) => b.length - a.length);

/** A UN form with its state-form qualifier: "Bolivia (Plurinational State of)", "Korea, Republic of". */
const QUALIFIED = /^(.+?)(?: \(([^()]* of(?: the)?)\)|, ([^,]* of(?: the)?))$/;

function lookup(k: string): string | null {
  return BY_NAME.get(k) ?? BY_NAME.get(k.replace(/^the /, '')) ?? null;
}

/** The code for a country name, demonym or two-letter code, or null. */
export function countryCode(text: string): string | null {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’‘`´]/g, "'").replace(/\s+/g, ' ').trim();
  if (/^[a-z]{2}$/.test(folded) && CODES.has(folded)) return folded;
  const direct = lookup(key(folded));
  if (direct) return direct;
  // "Congo, Democratic Republic of the" is the Democratic Republic of the Congo, not Congo: the qualifier and
  // the name together first, the name alone only when that is not a known name.
  const q = QUALIFIED.exec(folded);
  return q ? (lookup(key(`${q[2] ?? q[3]} ${q[1]}`)) ?? lookup(key(q[1]!))) : null;
}

/** Every two-letter code the table maps to (the FtM model's country codes, and su). */
export function knownCountryCodes(): ReadonlySet<string> {
  return CODES;
}

export interface CountryReading {
  codes: string[];
  /** True when the text was exactly a name in the table (nothing else in it was read or ignored). */
  exact: boolean;
}

/**
 * The countries a free-text nationality or address country names, in the order the text gives them: "Libya" ->
 * ly (exact), "United States. Also believed to hold Syrian nationality" -> us, sy; "Sudan/South Sudan" -> sd,
 * ss; "Bahrain (citizenship revoked in Jan. 2015)" -> bh. Empty when none is known.
 */
export function readCountries(text: string): CountryReading {
  const direct = countryCode(text);
  if (direct) return { codes: [direct], exact: true };
  let rest = ` ${key(text).replace(/[^a-z' -]+/g, ' ').replace(/\s+/g, ' ')} `;
  const found: { at: number; code: string }[] = [];
  for (const name of SCAN) {
    const needle = ` ${name} `;
    let at = rest.indexOf(needle);
    while (at >= 0) {
      found.push({ at, code: BY_NAME.get(name)! });
      // Blank the name out (same length), so a shorter name inside it is not found again.
      rest = `${rest.slice(0, at + 1)}${' '.repeat(name.length)}${rest.slice(at + 1 + name.length)}`;
      at = rest.indexOf(needle);
    }
  }
  const codes: string[] = [];
  for (const f of found.sort((a, b) => a.at - b.at)) if (!codes.includes(f.code)) codes.push(f.code);
  return { codes, exact: false };
}
