/**
 * The sanctions-list model every list format is read into and the matcher screens against. Shared with the
 * vault-backed `lists import` and the screening UI, so names and shapes are fixed; fields may only be added,
 * and only as optional ones.
 *
 * Dates of birth are ISO partial dates ('YYYY', 'YYYY-MM', 'YYYY-MM-DD'). A range ("between 1955 and 1958",
 * "30-35 years old") is expanded to every year it covers (at most MAX_RANGE_YEARS; a wider range keeps its two
 * bounds), so a year comparison is all the matcher needs; the source text is kept in `birthDateNotes`.
 * Approximate years are kept as the year given: the matcher tolerates a year either side for every date.
 */
export type ListSchema = 'Person' | 'Organization' | 'LegalEntity' | 'Company' | 'Vessel';

export interface ListName {
  value: string;
  kind: 'primary' | 'alias' | 'original-script';
  quality?: 'good' | 'low';
  /** The list says this was a former name (UN "f.k.a.", FtM previousName). */
  former?: boolean;
  /** A language label the list gave with the name ("Tigrinya"). */
  lang?: string;
}

export interface ListEntry {
  /** List reference number, e.g. 'LYi.026' (UN) or the FtM id. */
  id: string;
  schema: ListSchema;
  /** Display name. */
  caption: string;
  names: ListName[];
  /** ISO partial dates; see the header for ranges and approximations. */
  birthDates: string[];
  /** ISO 3166 alpha-2, lower-case. */
  nationalities: string[];
  /** Regime references, e.g. 'LY' or the UN list type 'Libya'. */
  programs: string[];
  listedOn?: string;
  /** Free text: the list's comments, and whatever the parser could not map (never dropped silently). */
  remarks?: string;
  /** Date-of-birth text as the list gave it, when it was not a plain date. */
  birthDateNotes?: string[];
  /** FtM topics (sanction, crime.traffick …). */
  topics?: string[];
  /**
   * Identifiers, each with its kind: a match on one is strong evidence on its own (a vessel renamed keeps its
   * IMO number). Values are as the list gave them; the matcher compares them normalised (upper case, no spaces
   * or punctuation).
   */
  identifiers?: ListIdentifier[];
  /** FtM gender: 'male' | 'female' | 'other'. */
  gender?: string;
  /**
   * FtM `target`: false for an entity that is on the list only as context (a relative, an address, a company
   * a listed person owns), which must not be reported as a sanctioned match. Undefined means a target.
   */
  target?: boolean;
  /** Places of birth as the list gave them. */
  birthPlaces?: string[];
  /** Addresses, one line each ("street, city, country"). */
  addresses?: string[];
  /** Honorifics and titles ("Colonel", "Sheikh"). */
  titles?: string[];
  /** Positions / designations the list gives ("Commander of …"). */
  positions?: string[];
  /** ISO date the list last amended this entry. */
  lastUpdated?: string;
  /** ISO 3166 alpha-2 lower-case countries other than nationality (FtM `country`, UN addresses). */
  countries?: string[];
}

export type ListIdentifierKind =
  | 'passport'
  | 'national_id'
  | 'imo'
  | 'mmsi'
  | 'registration'
  | 'lei'
  | 'bic'
  | 'crypto'
  | 'tax'
  | 'other';

export interface ListIdentifier {
  kind: ListIdentifierKind;
  value: string;
  /** Issuing country, ISO alpha-2 lower-case, when known. */
  country?: string;
  /** The list's own note on it ("issued 2010, expired"). */
  note?: string;
}

export interface ListSnapshot {
  format: 'un-xml' | 'ftm';
  source: string;
  generatedAt?: string;
  sha256: string;
  importedAt: string;
  entries: ListEntry[];
  counts: { individuals: number; entities: number; aliases: number };
  /** What the parser skipped or could not read, with where (FtM: line numbers). */
  problems?: { where: string; reason: string }[];
  /** Records of schemata a list does not screen (FtM Sanction, Address …), skipped. */
  skipped?: number;
}

/** Ranges wider than this keep only their two bounds (a 1930-1990 "range" says nothing about a year). */
export const MAX_RANGE_YEARS = 15;

/** Every year from..to when the range is narrow enough, else just the two bounds. */
export function expandYears(from: number, to: number): string[] {
  if (to < from) [from, to] = [to, from];
  if (to - from > MAX_RANGE_YEARS) return [String(from), String(to)];
  const out: string[] = [];
  for (let y = from; y <= to; y++) out.push(String(y));
  return out;
}

/** Counts of a snapshot: persons are individuals, everything else an entity; aliases are non-primary names. */
export function countEntries(entries: readonly ListEntry[]): ListSnapshot['counts'] {
  let individuals = 0;
  let aliases = 0;
  for (const e of entries) {
    if (e.schema === 'Person') individuals++;
    for (const n of e.names) if (n.kind !== 'primary') aliases++;
  }
  return { individuals, entities: entries.length - individuals, aliases };
}
