/**
 * The UN Security Council Consolidated List (XML, https://scsanctions.un.org/resources/xml/en/consolidated.xml)
 * read into the list model.
 *
 * Hostile input first: a DOCTYPE can declare entities that expand to gigabytes (billion laughs) or pull in
 * files and URLs (external entities). The real list has no DTD, so any `<!DOCTYPE` or `<!ENTITY` is refused
 * before the parser sees the text, and the parser only expands the five predefined XML entities.
 *
 * The real file's quirks, each handled here: values padded with spaces and newlines; empty alias elements;
 * several names in one alias ("A; B", "عربي (Latin; Latin)", "X (original script: Y)", "X, born 1 Jan. 1953 …");
 * a language label after an original-script name ("ኤርሚኣስ ግርማይ (Tigrinya)"); dates of birth as EXACT /
 * APPROXIMATELY / BETWEEN with DATE, YEAR, FROM_YEAR/TO_YEAR or only free text ("Nov. 1973", "30-35 years old",
 * "24/06/1402 (Hijri Calendar)"); dates with a timezone suffix ("1960-01-01-05:00"); nationalities written as
 * country names or sentences ("United States. Also believed to hold Syrian nationality") or "na"; document
 * numbers inside prose ("French passport number 05AT521433", "Jordan 654781") or only in a NOTE; gender in a
 * GENDER element or only in the comments ("Gender: male", "Sex: female"). What cannot be read is kept in remarks
 * or birthDateNotes, never dropped; so is any element the reader does not know.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normaliseYmd, parsePartialDate } from '../../../shared/model/partial-date';
import { sha256Hex } from '../crypto/hash';
import { SanctumError } from '../errors';
import { readCountries } from './countries';
import { countEntries, expandYears, type ListEntry, type ListIdentifier, type ListIdentifierKind, type ListName, type ListSnapshot } from './list-model';

/** Refuse a DTD before parsing: the only safe entity expansion is none. */
function refuseDtd(text: string, source: string): void {
  const dtd = /<!DOCTYPE/i.exec(text);
  if (dtd) {
    throw new SanctumError(
      'HOSTILE_INPUT',
      'the list contains a DOCTYPE declaration and was refused: a DTD can declare entities that read local files or URLs (external entity) or expand to gigabytes (billion laughs); the UN Consolidated List has none',
      `${source}: offset ${dtd.index}`,
    );
  }
  const ent = /<!ENTITY/i.exec(text);
  if (ent) {
    throw new SanctumError(
      'HOSTILE_INPUT',
      'the list declares an XML entity (<!ENTITY) and was refused: declared entities enable external-entity reads and billion-laughs expansion; only the five predefined XML entities are accepted',
      `${source}: offset ${ent.index}`,
    );
  }
}

/**
 * Bounds, checked before the parser runs (fast-xml-parser holds the whole document as objects: a 200 MiB
 * attribute took about 40 times its size in memory). The real list is about 2 MB, its longest value about
 * 1.4 KB and its nesting 5 deep, so these leave wide margins.
 */
export const UN_XML_LIMITS = {
  /** The whole file. */
  maxBytes: 64 * 1024 * 1024,
  /** One text node, CDATA section or attribute value (in UTF-16 code units, about bytes for the list's text). */
  maxValueChars: 64 * 1024,
  /** Elements open at once. */
  maxDepth: 32,
} as const;

export type UnXmlLimits = { [K in keyof typeof UN_XML_LIMITS]: number };

const MiB = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

/** Refuse a file over the size limit, naming it (before reading, when the size is known from disk). */
export function checkUnXmlSize(size: number, source: string, limits: UnXmlLimits = UN_XML_LIMITS): void {
  if (size > limits.maxBytes) {
    throw new SanctumError(
      'HOSTILE_INPUT',
      `the list is ${MiB(size)}, larger than the ${MiB(limits.maxBytes)} limit for a UN Consolidated List (UN_XML_LIMITS.maxBytes; the real list is about 2 MB); refused`,
      source,
    );
  }
}

/** Where the root element and each record (an element two levels below the root) sit in the text. */
interface Layout {
  root?: { name: string; start: number; tagEnd: number; selfClosing: boolean };
  records: { name: string; parent: string; start: number; end: number }[];
}

/** The element name of a tag starting at `at` (just after "<" or "</"). */
function tagName(xml: string, at: number): string {
  let j = at;
  while (j < xml.length && !/[\s/>]/.test(xml[j]!)) j++;
  return xml.slice(at, j);
}

/**
 * One linear pass over the text with no tree: every text node, CDATA section and attribute value within
 * maxValueChars, nesting within maxDepth. Malformed XML is left for the validator to describe. Returns where
 * the records are, so each is parsed on its own and no tree of the whole document is ever built.
 */
function checkUnXmlShape(xml: string, source: string, limits: UnXmlLimits): Layout {
  const layout: Layout = { records: [] };
  const open: string[] = [];
  let recordStart = -1;
  const tooLong = (what: string, at: number, length: number) =>
    new SanctumError(
      'HOSTILE_INPUT',
      `${what} of ${length.toLocaleString('en-US')} characters is longer than the ${limits.maxValueChars.toLocaleString('en-US')}-character limit for one value (UN_XML_LIMITS.maxValueChars); refused`,
      `${source}: offset ${at}`,
    );
  let depth = 0;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd - i > limits.maxValueChars) throw tooLong('a text value', i, textEnd - i);
    if (lt === -1) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      const stop = end === -1 ? n : end;
      if (stop - (lt + 9) > limits.maxValueChars) throw tooLong('a CDATA section', lt, stop - (lt + 9));
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    const closing = xml[lt + 1] === '/';
    // The tag: up to the first ">" outside a quoted attribute value.
    let j = lt + 1;
    let gt = -1;
    while (j < n) {
      const c = xml.charCodeAt(j);
      if (c === 0x22 || c === 0x27) {
        const q = xml.indexOf(c === 0x22 ? '"' : "'", j + 1);
        const stop = q === -1 ? n : q;
        if (stop - (j + 1) > limits.maxValueChars) throw tooLong('an attribute value', j, stop - (j + 1));
        j = stop + 1;
        continue;
      }
      if (c === 0x3e) {
        gt = j;
        break;
      }
      j++;
    }
    if (gt === -1) break;
    if (closing) {
      if (depth === 3 && recordStart >= 0) layout.records.push({ name: open[2]!, parent: open[1]!, start: recordStart, end: gt + 1 });
      depth--;
      open.pop();
    } else if (xml[lt + 1] !== '!') {
      const name = tagName(xml, lt + 1);
      const selfClosing = xml[gt - 1] === '/';
      if (depth === 0 && !layout.root) layout.root = { name, start: lt, tagEnd: gt, selfClosing };
      if (selfClosing) {
        if (depth === 2) layout.records.push({ name, parent: open[1]!, start: lt, end: gt + 1 });
      } else {
        if (++depth > limits.maxDepth) {
          throw new SanctumError(
            'HOSTILE_INPUT',
            `the list nests elements more than ${limits.maxDepth} deep (UN_XML_LIMITS.maxDepth; the real list nests 5); refused`,
            `${source}: offset ${lt}`,
          );
        }
        open.push(name);
        if (depth === 3) recordStart = lt;
      }
    }
    i = gt + 1;
  }
  return layout;
}

/** Elements that can repeat: always arrays, so one code path reads one or many. */
const REPEATED = new Set([
  'INDIVIDUAL', 'ENTITY', 'VALUE', 'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'INDIVIDUAL_DATE_OF_BIRTH', 'NATIONALITY', 'ENTITY_ADDRESS',
  'INDIVIDUAL_ADDRESS', 'INDIVIDUAL_DOCUMENT', 'INDIVIDUAL_PLACE_OF_BIRTH', 'TITLE', 'DESIGNATION', 'LIST_TYPE', 'LAST_DAY_UPDATED',
]);

/** fast-xml-parser options of the reader (the benchmark's whole-document baseline parses with the same). */
export const UN_XML_PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // The five predefined entities only (htmlEntities off; no DTD reaches the parser). The DTD limits are a
  // second line of defence should that ever change; expansions are left unlimited because &amp; counts as one.
  processEntities: { enabled: true, maxEntityCount: 1, maxEntitySize: 1, maxExpansionDepth: 1 },
  htmlEntities: false,
} as const;

const parser = new XMLParser({ ...UN_XML_PARSER_OPTIONS, isArray: (name) => REPEATED.has(name) });

type Node = Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of an element, whitespace collapsed ('' for empty or missing). */
function text(v: unknown): string {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim();
  if (isNode(v) && typeof v['#text'] === 'string') return text(v['#text']);
  return '';
}

function field(node: Node, key: string): string {
  const v = node[key];
  return Array.isArray(v) ? text(v[0]) : text(v);
}

function nodes(node: Node, key: string): Node[] {
  const v = node[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter(isNode);
}

/** The VALUE children of e.g. NATIONALITY, non-empty. */
function values(node: Node, key: string): string[] {
  return nodes(node, key)
    .flatMap((n) => (Array.isArray(n.VALUE) ? n.VALUE : []).map(text))
    .filter(Boolean);
}

/** "2015-04-14-04:00" -> "2015-04-14" (the list appends a timezone offset to some dates); null if no date. */
export function stripTimezone(value: string): string | null {
  const m = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T[\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  return m ? normaliseYmd(m[1]!) : null;
}

// ------------------------------------------------------------------------------------------------ names

const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;

/** One name value: trimmed of stray punctuation the list leaves around it. */
function tidy(v: string): string {
  return v.replace(/\s+/g, ' ').replace(/^[\s,;:.]+|[\s,;:]+$/g, '').trim();
}

interface SplitNames {
  names: { value: string; script: 'latin' | 'other'; lang?: string }[];
  notes: string[];
}

/**
 * Split one name field into names: ";" separates names; a parenthesis holds more names ("(A; B)", "(original
 * script: Y)"), a language label after a non-Latin name, or a note (anything with digits); ", born …" starts a
 * note.
 */
export function splitNames(raw: string): SplitNames {
  const out: SplitNames = { names: [], notes: [] };
  let t = raw.replace(/\s+/g, ' ').trim();
  const born = /,?\s*\bborn\b/i.exec(t);
  if (born && born.index > 0) {
    out.notes.push(t.slice(born.index).replace(/^[,\s]+/, ''));
    t = t.slice(0, born.index);
  }
  const inner: string[] = [];
  let lang: string | undefined;
  t = t.replace(/\(([^()]*)\)/g, (_, g: string) => {
    const content = g.trim();
    const outside = t.replace(/\([^()]*\)/g, '');
    if (/\d/.test(content)) out.notes.push(content);
    else if (/^original script:/i.test(content)) inner.push(content.replace(/^original script:\s*/i, ''));
    else if (/^[A-Za-z]+$/.test(content) && LETTER.test(outside) && !LATIN.test(outside)) lang = content;
    else inner.push(content);
    return ' ';
  });
  // An unclosed parenthesis (the list wraps long aliases): treat what follows as names too.
  t = t.replace(/[()]/g, ';');
  for (const part of [...t.split(';'), ...inner.flatMap((s) => s.split(';'))]) {
    const value = tidy(part);
    if (!value || !LETTER.test(value)) continue;
    const script = LATIN.test(value) || !LETTER.test(value) ? 'latin' : 'other';
    out.names.push(lang !== undefined && script === 'other' ? { value, script, lang } : { value, script });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ dates

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  return MONTHS[w] ?? MONTHS[w.slice(0, 3)];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Tabular Islamic calendar to Gregorian (the civil arithmetic calendar; may differ by a day from sighting). */
export function hijriToGregorian(year: number, month: number, day: number): string {
  const jdn = day + Math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + Math.floor((3 + 11 * year) / 30) + 1948439;
  const d = new Date((jdn - 2440588) * 86_400_000);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Dates a free-text date of birth gives, or [] when it gives none. `listedYear` anchors "29 years old". */
export function datesFromText(note: string, listedYear: number | undefined): { dates: string[]; remark?: string } {
  const t = note.replace(/\s+/g, ' ').trim();
  let m = /^(\d{1,2})\s*[-–]\s*(\d{1,2})\s*years? old$/i.exec(t);
  if (m && listedYear) return { dates: expandYears(listedYear - Number(m[2]) - 1, listedYear - Number(m[1])), remark: `age at listing (${listedYear})` };
  m = /^(\d{1,2})\s*years? old$/i.exec(t);
  // N years old at listing: born in the year N before, or the one before that.
  if (m && listedYear) return { dates: expandYears(listedYear - Number(m[1]) - 1, listedYear - Number(m[1])), remark: `age at listing (${listedYear})` };
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s*\(hijri calendar\)$/i.exec(t);
  if (m) return { dates: [hijriToGregorian(Number(m[3]), Number(m[2]), Number(m[1]))], remark: 'converted from the Hijri calendar (tabular; may differ by a day)' };
  m = /^between ([a-z]+\.?) and ([a-z]+\.?) (\d{4})$/i.exec(t);
  if (m) {
    const a = monthOf(m[1]!);
    const b = monthOf(m[2]!);
    if (a && b && a <= b) return { dates: Array.from({ length: b - a + 1 }, (_, i) => `${m![3]}-${pad(a + i)}`) };
  }
  m = /^(?:(\d{1,2}) )?([a-z]+\.?) ?(\d{4})$/i.exec(t);
  if (m) {
    const mo = monthOf(m[2]!);
    if (mo) {
      const ymd = normaliseYmd(m[1] ? `${m[3]}-${pad(mo)}-${pad(Number(m[1]))}` : `${m[3]}-${pad(mo)}`);
      if (ymd) return { dates: [ymd] };
    }
  }
  const p = parsePartialDate(t);
  if (p.value) return { dates: [p.value] };
  if (p.from && p.to) return { dates: expandYears(Number(p.from.slice(0, 4)), Number(p.to.slice(0, 4))) };
  return { dates: [] };
}

interface DobReading {
  dates: string[];
  notes: string[];
}

function readDob(d: Node, listedYear: number | undefined): DobReading {
  const type = field(d, 'TYPE_OF_DATE').toUpperCase();
  const date = field(d, 'DATE');
  const year = field(d, 'YEAR');
  const from = field(d, 'FROM_YEAR');
  const to = field(d, 'TO_YEAR');
  const note = field(d, 'NOTE');
  const out: DobReading = { dates: [], notes: [] };
  const approx = type === 'APPROXIMATELY' || /^approx/i.test(note);
  if (date) {
    const ymd = stripTimezone(date);
    if (ymd) out.dates.push(ymd);
    else out.notes.push(`unreadable date "${date}"`);
  }
  if (year) {
    // "Sep." beside YEAR 1958 is the month.
    const mo = note ? monthOf(note) : undefined;
    const ymd = normaliseYmd(mo && /^[a-z]+\.?$/i.test(note) ? `${year}-${pad(mo)}` : year);
    if (ymd) out.dates.push(ymd);
    if (approx) out.notes.push(`approximately ${year}`);
  }
  if (from || to) {
    const a = Number(from || to);
    const b = Number(to || from);
    if (Number.isInteger(a) && Number.isInteger(b) && a > 999 && b > 999) out.dates.push(...expandYears(a, b));
    out.notes.push(`${approx ? 'approximately ' : ''}between ${from || '?'} and ${to || '?'}`);
  }
  const noteIsQualifier = /^approx(imately|\.)?$/i.test(note) || (year !== '' && monthOf(note) !== undefined);
  if (note && !noteIsQualifier) {
    if (!out.dates.length) {
      const r = datesFromText(note, listedYear);
      out.dates.push(...r.dates);
      out.notes.push(r.remark ? `${note}: ${r.remark}` : r.dates.length ? note : `unread: ${note}`);
    } else out.notes.push(note);
  }
  return out;
}

// ----------------------------------------------------------------------------------------------- entries

/** Programmes: the list type (UN_LIST_TYPE, "Libya", "Al-Qaida"); the reference prefix is the regime's id, not a programme. */
function programsOf(listType: string): string[] {
  return listType ? [listType] : [];
}

function qualityOf(q: string): Pick<ListName, 'quality' | 'former'> {
  const t = q.toLowerCase();
  if (t === 'good') return { quality: 'good' };
  if (t === 'low') return { quality: 'low' };
  if (t === 'f.k.a.') return { former: true };
  return {};
}

interface Collector {
  names: ListName[];
  seen: Set<string>;
  notes: string[];
}

function addNames(c: Collector, raw: string, kind: ListName['kind'], extra: Pick<ListName, 'quality' | 'former'> = {}): void {
  if (!raw) return;
  const split = splitNames(raw);
  c.notes.push(...split.notes.map((n) => `name note: ${n}`));
  for (const n of split.names) {
    const k = kind === 'primary' && c.names.some((x) => x.kind === 'primary') ? 'alias' : kind === 'alias' && n.script === 'other' ? 'original-script' : kind;
    const key = n.value.toLowerCase();
    if (c.seen.has(key)) continue;
    c.seen.add(key);
    const name: ListName = { value: n.value, kind: k, ...extra };
    if (n.lang) name.lang = n.lang;
    c.names.push(name);
  }
}

/** A nationality the list gives as "not available" rather than a country. */
const NOT_GIVEN = /^(?:na|n\/a|not available|unknown)$/i;

function nationalities(node: Node, notes: string[]): string[] {
  const out: string[] = [];
  for (const v of values(node, 'NATIONALITY')) {
    if (NOT_GIVEN.test(v)) {
      notes.push(`nationality given as "${v}" (not available)`);
      continue;
    }
    const r = readCountries(v);
    for (const c of r.codes) if (!out.includes(c)) out.push(c);
    if (!r.codes.length) notes.push(`nationality not mapped to a country code: "${v}"`);
    else if (!r.exact) notes.push(`nationality "${v}" read as ${r.codes.join(', ')}`);
  }
  return out;
}

/** Children of a sub-record (document, address) the reader names, so any other is kept as text rather than lost. */
function otherChildren(node: Node, known: ReadonlySet<string>): string[] {
  return Object.keys(node)
    .filter((k) => !known.has(k) && !k.startsWith('@_') && k !== '#text')
    .map((k) => [k, text(node[k])] as const)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}: ${v}`);
}

// --------------------------------------------------------------------------------------------- documents

/** What a document's type text says it is; undefined when it does not say. */
function documentKind(t: string): ListIdentifierKind | undefined {
  if (!t) return undefined;
  if (/birth certificate|ration card|voter|driv(?:er|ing)|residen(?:t|ce|tial)|student|fiscal|social security|certificate of (?:\w+ )?nationality|serviceman|military|deportation|alien registration|FARDC|other id/i.test(t)) return 'other';
  if (/passport|passeport|pasaporte|travel document|reiseausweis/i.test(t)) return 'passport';
  if (/identi(?:ty|fication)|tazkira|national number|personalausweis|\bID\b|BPA/i.test(t)) return 'national_id';
  return undefined;
}

/** Words after which a NOTE stops naming the number ("L 191609 issued on 28 Feb. 1996"). */
const QUALIFIER_WORDS = /\b(?:issued|expir\w*|valid|revoked|under name|approximately)\b/i;

/**
 * The document number in a free-text field ("French passport number 05AT521433" -> "05AT521433", "Jordan
 * 654781" -> "654781", "D 001206" -> "D 001206", "96 03 464086" -> "96 03 464086", "381110042 (Expired 25 Jan.
 * 2016)" -> "381110042"): the first run of tokens of capitals and digits that hold a digit, with a one- or
 * two-letter series before it; a comma ends the run. Undefined if there is none.
 */
export function documentNumber(raw: string): string | undefined {
  const head = raw.replace(/\([^()]*\)/g, ' ').split(QUALIFIER_WORDS)[0]!;
  const raws = head.split(/\s+/).filter(Boolean);
  const clean = (t: string) => t.replace(/^[“"'(]+|[,;:.)”"']+$/g, '');
  const isNumber = (t: string) => /\d/.test(t) && /^[A-Z0-9][A-Z0-9/.-]*$/.test(t);
  for (let i = 0; i < raws.length; i++) {
    const t = clean(raws[i]!);
    if (!isNumber(t)) continue;
    const prev = i > 0 ? clean(raws[i - 1]!) : '';
    const run = /^[A-Z]{1,2}$/.test(prev) && !/^(?:NO|ID)$/.test(prev) && !/[,;]$/.test(raws[i - 1]!) ? [prev, t] : [t];
    for (let j = i + 1; j < raws.length && !/[,;]$/.test(raws[j - 1]!); j++) {
      const next = clean(raws[j]!);
      if (!isNumber(next)) break;
      run.push(next);
    }
    return run.join(' ');
  }
  return undefined;
}

const DOCUMENT_KEYS = new Set(['TYPE_OF_DOCUMENT', 'TYPE_OF_DOCUMENT2', 'NUMBER', 'ISSUING_COUNTRY', 'DATE_OF_ISSUE', 'CITY_OF_ISSUE', 'COUNTRY_OF_ISSUE', 'NOTE']);

/** One INDIVIDUAL_DOCUMENT as an identifier, or a remark when it gives no number. Null for an empty element. */
function readDocument(d: Node, notes: string[]): ListIdentifier | null {
  const type = field(d, 'TYPE_OF_DOCUMENT');
  const type2 = field(d, 'TYPE_OF_DOCUMENT2');
  const number = field(d, 'NUMBER');
  const issuer = field(d, 'ISSUING_COUNTRY');
  const issued = stripTimezone(field(d, 'DATE_OF_ISSUE')) ?? field(d, 'DATE_OF_ISSUE');
  const where = [field(d, 'CITY_OF_ISSUE'), field(d, 'COUNTRY_OF_ISSUE')].filter(Boolean).join(', ');
  const note = field(d, 'NOTE');
  const other = otherChildren(d, DOCUMENT_KEYS);
  if (![type, type2, number, issuer, issued, where, note, ...other].some(Boolean)) return null;
  const value = [number, type2, note].map(documentNumber).find(Boolean) ?? (number || undefined);
  const kind = documentKind(type2) ?? documentKind(number.replace(/[\d/.-]+/g, ' ')) ?? documentKind(type) ?? 'other';
  const country = issuer ? readCountries(issuer) : undefined;
  const parts = [
    type2 && type2 !== type ? type2 : '',
    number && number !== value ? `as given: ${number}` : '',
    issued ? `issued ${issued}` : '',
    where ? `issued in ${where}` : '',
    issuer && country?.codes.length !== 1 ? `issuing country: ${issuer}` : '',
    note,
    ...other,
  ].filter(Boolean);
  if (!value) {
    const all = [type, issuer && !parts.some((p) => p.startsWith('issuing country')) ? `issuing country: ${issuer}` : '', ...parts];
    notes.push(`document without a number (${all.filter(Boolean).join('; ')})`);
    return null;
  }
  const id: ListIdentifier = { kind, value };
  if (country?.codes.length === 1) id.country = country.codes[0]!;
  if (parts.length) id.note = parts.join('; ');
  return id;
}

// ------------------------------------------------------------------------------------ places and people

const PLACE_KEYS = new Set(['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY', 'NOTE', 'REGION']);

/** An address or place of birth as one line ("street, city, province, zip, country (note)"), and its country. */
function readPlace(p: Node, what: string, notes: string[]): { line: string; codes: string[] } | null {
  const country = field(p, 'COUNTRY');
  const parts = [field(p, 'STREET'), field(p, 'CITY'), field(p, 'STATE_PROVINCE'), field(p, 'REGION'), field(p, 'ZIP_CODE'), country].filter(Boolean);
  const note = [field(p, 'NOTE'), ...otherChildren(p, PLACE_KEYS)].filter(Boolean).join('; ');
  if (!parts.length && !note) return null;
  const line = parts.length ? `${parts.join(', ')}${note ? ` (${note})` : ''}` : note;
  const codes = country ? readCountries(country).codes : [];
  if (country && !codes.length) notes.push(`${what} country not mapped to a country code: "${country}"`);
  return { line, codes };
}

/** FtM gender from the GENDER element, else from the comments ("Gender: male", "Gender [Male]", "Sex: female"). */
function genderOf(node: Node, comments: string, notes: string[]): string | undefined {
  const given = field(node, 'GENDER');
  const fromComments = /\b(?:gender|sex)\s*(?::|\[)\s*(male|female)\b/i.exec(comments)?.[1]?.toLowerCase();
  if (given) {
    const g = given.toLowerCase();
    if (g === 'male' || g === 'female') {
      if (fromComments && fromComments !== g) notes.push(`gender given as "${given}", the comments say ${fromComments}`);
      return g;
    }
    notes.push(`gender given as "${given}"`);
  }
  return fromComments;
}

/** The latest of the list's amendment dates. */
function latestDate(raw: string[], notes: string[]): string | undefined {
  let latest: string | undefined;
  for (const v of raw) {
    const d = stripTimezone(v);
    if (!d) notes.push(`unreadable last-updated date "${v}"`);
    else if (!latest || d > latest) latest = d;
  }
  return latest;
}

function unique(list: string[]): string[] {
  return [...new Set(list.filter(Boolean))];
}

/** Elements of an INDIVIDUAL / ENTITY the reader maps; any other with text is kept in remarks. */
const ENTRY_KEYS = new Set([
  'DATAID', 'VERSIONNUM', 'FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME', 'UN_LIST_TYPE', 'REFERENCE_NUMBER', 'LISTED_ON',
  'NAME_ORIGINAL_SCRIPT', 'COMMENTS1', 'NATIONALITY', 'LIST_TYPE', 'LAST_DAY_UPDATED', 'SORT_KEY', 'SORT_KEY_LAST_MOD', 'GENDER',
  'TITLE', 'DESIGNATION', 'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'INDIVIDUAL_DATE_OF_BIRTH', 'INDIVIDUAL_PLACE_OF_BIRTH',
  'INDIVIDUAL_ADDRESS', 'ENTITY_ADDRESS', 'INDIVIDUAL_DOCUMENT',
]);

function readEntry(node: Node, kind: 'INDIVIDUAL' | 'ENTITY'): ListEntry {
  const ref = field(node, 'REFERENCE_NUMBER') || `DATAID ${field(node, 'DATAID')}`;
  const listedOn = stripTimezone(field(node, 'LISTED_ON')) ?? undefined;
  const listedYear = listedOn ? Number(listedOn.slice(0, 4)) : undefined;
  const c: Collector = { names: [], seen: new Set(), notes: [] };
  const primary = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((k) => field(node, k)).filter(Boolean).join(' ');
  addNames(c, primary, 'primary');
  addNames(c, field(node, 'NAME_ORIGINAL_SCRIPT'), 'original-script');
  const birthDates: string[] = [];
  const dobNotes: string[] = [];
  for (const a of nodes(node, `${kind}_ALIAS`)) {
    addNames(c, field(a, 'ALIAS_NAME'), 'alias', qualityOf(field(a, 'QUALITY')));
    // A date of birth given with an alias (a false passport's): a person may present with it, so it is screened.
    const aliasDob = stripTimezone(field(a, 'DATE_OF_BIRTH'));
    if (aliasDob) {
      birthDates.push(aliasDob);
      dobNotes.push(`${aliasDob} (with alias "${field(a, 'ALIAS_NAME')}")`);
    }
  }
  for (const d of nodes(node, 'INDIVIDUAL_DATE_OF_BIRTH')) {
    const r = readDob(d, listedYear);
    birthDates.push(...r.dates);
    dobNotes.push(...r.notes);
  }
  const notes: string[] = [];
  const comments = field(node, 'COMMENTS1');
  const nats = kind === 'INDIVIDUAL' ? nationalities(node, notes) : [];
  const identifiers: ListIdentifier[] = [];
  for (const d of nodes(node, 'INDIVIDUAL_DOCUMENT')) {
    const id = readDocument(d, notes);
    if (id && !identifiers.some((x) => x.kind === id.kind && x.value === id.value)) identifiers.push(id);
  }
  const birthPlaces: string[] = [];
  for (const p of nodes(node, 'INDIVIDUAL_PLACE_OF_BIRTH')) {
    const r = readPlace(p, 'place-of-birth', notes);
    if (r) birthPlaces.push(r.line);
  }
  const addresses: string[] = [];
  const countries: string[] = [];
  for (const p of nodes(node, `${kind}_ADDRESS`)) {
    const r = readPlace(p, 'address', notes);
    if (!r) continue;
    addresses.push(r.line);
    for (const code of r.codes) if (!countries.includes(code)) countries.push(code);
  }
  const gender = kind === 'INDIVIDUAL' ? genderOf(node, comments, notes) : undefined;
  const lastUpdated = latestDate(values(node, 'LAST_DAY_UPDATED'), notes);
  for (const [k, v] of Object.entries(node)) {
    if (ENTRY_KEYS.has(k) || k.startsWith('@_') || k === '#text') continue;
    const t = (Array.isArray(v) ? v : [v]).map(text).filter(Boolean).join('; ');
    if (t) notes.push(`${k.toLowerCase().replace(/_/g, ' ')}: ${t}`);
  }
  const remarks = [comments, ...c.notes, ...notes].filter(Boolean).join('\n');
  const names = c.names.length ? c.names : [{ value: ref, kind: 'primary' as const }];
  if (names[0]!.kind !== 'primary') names[0] = { ...names[0]!, kind: 'primary' };
  const entry: ListEntry = {
    id: ref,
    schema: kind === 'INDIVIDUAL' ? 'Person' : 'Organization',
    caption: names[0]!.value,
    names,
    birthDates: [...new Set(birthDates)],
    nationalities: nats,
    programs: programsOf(field(node, 'UN_LIST_TYPE')),
  };
  if (listedOn) entry.listedOn = listedOn;
  if (remarks) entry.remarks = remarks;
  if (dobNotes.length) entry.birthDateNotes = dobNotes;
  if (identifiers.length) entry.identifiers = identifiers;
  if (gender) entry.gender = gender;
  if (birthPlaces.length) entry.birthPlaces = unique(birthPlaces);
  if (addresses.length) entry.addresses = unique(addresses);
  if (countries.length) entry.countries = countries;
  const titles = unique(values(node, 'TITLE'));
  if (titles.length) entry.titles = titles;
  const positions = unique(values(node, 'DESIGNATION'));
  if (positions.length) entry.positions = positions;
  if (lastUpdated) entry.lastUpdated = lastUpdated;
  return entry;
}

function decode(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new SanctumError('INVALID_INPUT', 'the list is not valid UTF-8 text', source);
  }
}

export function parseUnConsolidatedList(bytes: Uint8Array, source: string, limits: UnXmlLimits = UN_XML_LIMITS): ListSnapshot {
  checkUnXmlSize(bytes.length, source, limits);
  const sha256 = sha256Hex(bytes);
  const xml = decode(bytes, source);
  refuseDtd(xml, source);
  const layout = checkUnXmlShape(xml, source, limits);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new SanctumError('INVALID_INPUT', `the list is not well-formed XML: ${valid.err.msg}`, `${source}: line ${valid.err.line}`);
  // Record by record: the parser's tree (tens of times the text's size) only ever holds one INDIVIDUAL or ENTITY.
  const root = layout.root;
  if (!root || root.name !== 'CONSOLIDATED_LIST') throw new SanctumError('UNSUPPORTED_FORMAT', 'not a UN Consolidated List: the root element is not CONSOLIDATED_LIST', source);
  const rootTag = parser.parse(`${xml.slice(root.start, root.tagEnd + 1)}${root.selfClosing ? '' : '</CONSOLIDATED_LIST>'}`) as Node;
  const individuals: ListEntry[] = [];
  const organisations: ListEntry[] = [];
  for (const r of layout.records) {
    const kind = r.parent === 'INDIVIDUALS' && r.name === 'INDIVIDUAL' ? 'INDIVIDUAL' : r.parent === 'ENTITIES' && r.name === 'ENTITY' ? 'ENTITY' : null;
    if (!kind) continue;
    const node = nodes(parser.parse(xml.slice(r.start, r.end)) as Node, kind)[0];
    if (node) (kind === 'INDIVIDUAL' ? individuals : organisations).push(readEntry(node, kind));
  }
  const entries = [...individuals, ...organisations];
  const snap: ListSnapshot = { format: 'un-xml', source, sha256, importedAt: new Date().toISOString(), entries, counts: countEntries(entries) };
  const generated = isNode(rootTag.CONSOLIDATED_LIST) ? rootTag.CONSOLIDATED_LIST['@_dateGenerated'] : undefined;
  if (typeof generated === 'string' && generated) snap.generatedAt = generated;
  return snap;
}
