/**
 * The entity form's draft (what the person types) and its conversion to the record the core validates.
 * Checks here are the ones a person can fix at once, next to the field; the core validates again.
 */
import type { EntityData, Identifier, Name } from '../../shared/model/records';
import { formatPartialDate, parsePartialDate, type PartialDate } from '../../shared/model/partial-date';
import { IBAN_LENGTHS, ibanMod97, imoCheckDigitOk } from '../../shared/model/identifier-checks';
import { detectScript } from '../../shared/model/script';
import { ACTOR_KINDS, type EntityKind, type IdentifierType, type NameQuality, type Role } from '../../shared/model/vocabulary';
import { countryCode, countryName, parseCountryCodes } from '../ui/format';

export interface AliasDraft {
  value: string;
  quality: NameQuality;
  /** Fields the form does not edit, kept as they were. */
  keep?: Partial<Name>;
}

export interface IdentifierDraft {
  type: IdentifierType;
  value: string;
  country: string;
  keep?: Partial<Identifier>;
}

export interface EntityDraft {
  kind: EntityKind;
  name: string;
  originalScriptName: string;
  aliases: AliasDraft[];
  identifiers: IdentifierDraft[];
  roles: Role[];
  birthDate: string;
  birthPlace: string;
  deathDate: string;
  foundedDate: string;
  nationality: string;
  countries: string;
  gender: '' | 'male' | 'female' | 'other' | 'unknown';
  position: string;
  address: string;
  description: string;
  /** The identifiers the kind is known by, asked as fields of their own (KIND_FIELDS): the first of each type. */
  ids: Partial<Record<IdentifierType, string>>;
  /** Fields of those identifiers the form does not edit (issuing country …), kept as they were. */
  idsKeep?: Partial<Record<IdentifierType, Partial<Identifier>>>;
  /** A bank account's bank. */
  bankName: string;
  /** A vessel's flag and a company's jurisdiction: a country name in any language or an ISO code. */
  flag: string;
  jurisdiction: string;
  /** A bank account's holder: an entity of the case, or a name for a new one (of holderKind). */
  holderId: string;
  holderName: string;
  holderKind: HolderKind;
}

export const HOLDER_KINDS = ['person', 'company', 'organization'] as const satisfies readonly EntityKind[];
export type HolderKind = (typeof HOLDER_KINDS)[number];

/** What each kind of thing is asked, beyond a name: its own identifiers as fields, and its other facts. */
export interface KindFields {
  ids: readonly IdentifierType[];
  bank?: true;
  holder?: true;
  flag?: true;
  jurisdiction?: true;
}

export const KIND_FIELDS: Record<EntityKind, KindFields> = {
  person: { ids: [] },
  organization: { ids: ['registration_number'], jurisdiction: true },
  armed_group: { ids: [] },
  company: { ids: ['registration_number', 'tax_number'], jurisdiction: true },
  vessel: { ids: ['imo_number', 'mmsi', 'call_sign'], flag: true },
  vehicle: { ids: ['licence_plate', 'vin'] },
  bank_account: { ids: ['iban', 'account_number', 'swift_bic'], bank: true, holder: true },
  crypto_wallet: { ids: ['wallet_address'] },
  phone: { ids: ['phone_number'] },
  location: { ids: [] },
};

export function emptyDraft(kind: EntityKind = 'person'): EntityDraft {
  return {
    kind,
    name: '',
    originalScriptName: '',
    aliases: [],
    identifiers: [],
    roles: [],
    birthDate: '',
    birthPlace: '',
    deathDate: '',
    foundedDate: '',
    nationality: '',
    countries: '',
    gender: '',
    position: '',
    address: '',
    description: '',
    ids: {},
    bankName: '',
    flag: '',
    jurisdiction: '',
    holderId: '',
    holderName: '',
    holderKind: 'person',
  };
}

/** The text a partial date was typed as (kept verbatim when it was free text). */
function dateText(d: PartialDate | undefined): string {
  if (!d) return '';
  if (d.value || d.from || d.to) return formatPartialDate(d);
  return d.text ?? '';
}

export function draftFromData(d: EntityData): EntityDraft {
  // The first identifier of each type the kind asks as a field goes to that field; the rest stay rows.
  const ids: EntityDraft['ids'] = {};
  const idsKeep: NonNullable<EntityDraft['idsKeep']> = {};
  const rows: Identifier[] = [];
  for (const x of d.identifiers) {
    if (KIND_FIELDS[d.kind].ids.includes(x.type) && ids[x.type] === undefined) {
      const { type, value, ...keep } = x;
      ids[type] = value;
      idsKeep[type] = keep;
    } else rows.push(x);
  }
  return {
    kind: d.kind,
    name: d.name,
    originalScriptName: d.originalScriptName ?? '',
    aliases: d.aliases.map(({ value, quality, ...keep }) => ({ value, quality, keep })),
    identifiers: rows.map(({ type, value, country, ...keep }) => ({ type, value, country: country ?? '', keep })),
    ids,
    idsKeep,
    bankName: d.bankName ?? '',
    flag: d.flag ? (countryName(d.flag) ?? d.flag.toUpperCase()) : '',
    jurisdiction: d.jurisdiction ? (countryName(d.jurisdiction) ?? d.jurisdiction.toUpperCase()) : '',
    holderId: '',
    holderName: '',
    holderKind: 'person',
    roles: [...d.roles],
    birthDate: dateText(d.birthDate),
    birthPlace: d.birthPlace ?? '',
    deathDate: dateText(d.deathDate),
    foundedDate: dateText(d.foundedDate),
    nationality: d.nationality.join(', ').toUpperCase(),
    countries: d.countries.join(', ').toUpperCase(),
    gender: d.gender ?? '',
    position: d.position ?? '',
    address: d.address ?? '',
    description: d.description,
  };
}

/** How a typed date was understood: the parsed form, or a note that it is kept as text. */
export function describeDate(text: string): { date: PartialDate | undefined; understood: string | null; freeText: boolean } {
  const t = text.trim();
  if (!t) return { date: undefined, understood: null, freeText: false };
  const date = parsePartialDate(t);
  if (date.value || date.from || date.to) {
    const when = date.value ? describeYmd(date.value) : `between ${date.from ? describeYmd(date.from) : '…'} and ${date.to ? describeYmd(date.to) : '…'}`;
    return { date, understood: `${date.approximate ? 'Approximately ' : ''}${date.approximate ? when : when.charAt(0).toUpperCase() + when.slice(1)}`, freeText: false };
  }
  return { date, understood: null, freeText: true };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1980-06" -> "June 1980"; "1980-06-05" -> "5 June 1980". */
export function describeYmd(v: string): string {
  const [y, m, d] = v.split('-');
  const month = m ? MONTHS[Number(m) - 1] : undefined;
  if (d && month) return `${Number(d)} ${month} ${y}`;
  if (month) return `${month} ${y}`;
  return y ?? v;
}

export type EntityErrors = Partial<Record<string, string>>;

/** Who holds a bank account: an entity of the case, or a new one to add under this name. */
export type HolderChoice = { entityId: string } | { name: string; kind: HolderKind };

export interface DraftResult {
  data: Omit<EntityData, 'caseId'>;
  errors: EntityErrors;
  /** Set for a bank account whose holder was chosen or named: saved as an "owns" link from the holder. */
  holder?: HolderChoice;
}

/**
 * An IBAN in its electronic form ("GB82 WEST 1234 5698 7654 32" -> "GB82WEST12345698765432") when its shape and
 * ISO 7064 mod-97 check digits are right; otherwise the problem, said for the person typing it.
 */
export function checkIban(text: string): { value: string } | { error: string } {
  const v = text.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(v)) return { error: 'An IBAN starts with a two-letter country code and two check digits, then 11 to 30 letters and digits, e.g. GB82 WEST 1234 5698 7654 32.' };
  const country = v.slice(0, 2);
  if (!countryName(country)) return { error: `“${country}” at the start of this IBAN is not a country code.` };
  const length = IBAN_LENGTHS[country];
  if (length !== undefined && v.length !== length) return { error: `An IBAN of ${countryName(country)} has ${length} characters; this one has ${v.length}.` };
  if (ibanMod97(v) !== 1) return { error: 'The check digits of this IBAN do not match the rest: a character is probably mistyped.' };
  return { value: v };
}

/**
 * An IMO ship number ("IMO 9074729", "9074729") as "IMO9074729" when its check digit is right: the first six
 * digits times 7, 6, 5, 4, 3, 2, summed; the last digit of the sum is the seventh digit.
 */
export function checkImo(text: string): { value: string } | { error: string } {
  const digits = text.replace(/^\s*IMO[\s:.-]*/i, '').replace(/\s+/g, '');
  if (!/^\d{7}$/.test(digits)) return { error: 'An IMO number has seven digits, e.g. IMO 9074729.' };
  if (!imoCheckDigitOk(digits)) return { error: 'The check digit (the last one) of this IMO number does not match the others: a digit is probably mistyped.' };
  return { value: `IMO${digits}` };
}

/** An MMSI: nine digits. */
export function checkMmsi(text: string): { value: string } | { error: string } {
  const v = text.replace(/\s+/g, '');
  return /^\d{9}$/.test(v) ? { value: v } : { error: 'An MMSI has nine digits, e.g. 636012345.' };
}

/** An identifier's value as stored, or the problem with it (IBAN and IMO checksums, MMSI length). */
export function checkIdentifier(type: IdentifierType, value: string): { value: string } | { error: string } {
  if (type === 'iban') return checkIban(value);
  if (type === 'imo_number') return checkImo(value);
  if (type === 'mmsi') return checkMmsi(value);
  return { value };
}

function oneCountry(text: string, field: string, errors: EntityErrors): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const c = countryCode(t);
  if (!c) errors[field] = `“${t}” is not a country we know: type its name (in any language) or its two-letter ISO code, e.g. Panama or PA.`;
  return c ?? undefined;
}

function countries(text: string, field: string, errors: EntityErrors): string[] {
  const { codes, invalid } = parseCountryCodes(text);
  if (invalid.length) errors[field] = `${invalid.map((c) => `“${c}”`).join(', ')} ${invalid.length === 1 ? 'is not' : 'are not'} a two-letter ISO country code (e.g. LY, ER, SD).`;
  return codes;
}

/**
 * The record to send (for create: with caseId added by the caller; for update: as the patch, where
 * `undefined` clears an optional field) and the errors by field ("name", "aliases.1", "birthDate" …).
 */
export function draftToData(d: EntityDraft): DraftResult {
  const errors: EntityErrors = {};
  const name = d.name.trim();
  if (!name) errors.name = 'Enter the name this entity is best known by.';
  else if (name.length > 500) errors.name = 'Keep the name under 500 characters; put the rest in the description.';

  const aliases: Name[] = [];
  d.aliases.forEach((a, i) => {
    const value = a.value.trim();
    if (!value) {
      errors[`aliases.${i}`] = 'Enter the alias, or remove this row.';
      return;
    }
    const keep = { ...(a.keep ?? {}) };
    // A changed spelling may be in another script: let the core detect it again.
    if (keep.script && keep.value !== undefined && keep.value !== value) delete keep.script;
    delete keep.value;
    aliases.push({ ...keep, value, quality: a.quality });
  });
  const seen = new Set<string>();
  aliases.forEach((a, i) => {
    const k = a.value.toLowerCase();
    if (seen.has(k) || k === name.toLowerCase()) errors[`aliases.${i}`] ??= 'This name is already listed.';
    seen.add(k);
  });

  const identifiers: Identifier[] = [];
  // The kind's own identifiers first (only the fields that hold a value, also those of a kind chosen before).
  for (const type of Object.keys(d.ids ?? {}) as IdentifierType[]) {
    const typed = (d.ids[type] ?? '').trim();
    if (!typed) continue;
    const checked = checkIdentifier(type, typed);
    if ('error' in checked) errors[`ids.${type}`] = checked.error;
    else identifiers.push({ ...(d.idsKeep?.[type] ?? {}), type, value: checked.value } as Identifier);
  }
  d.identifiers.forEach((x, i) => {
    const typed = x.value.trim();
    if (!typed) {
      errors[`identifiers.${i}`] = 'Enter the number or value, or remove this row.';
      return;
    }
    const checked = checkIdentifier(x.type, typed);
    if ('error' in checked) errors[`identifiers.${i}`] = checked.error;
    const value = 'value' in checked ? checked.value : typed;
    const c = x.country.trim();
    const code = c ? countryCode(c) : null;
    if (c && !code) errors[`identifiers.${i}`] = `“${c}” is not a country name or two-letter ISO code.`;
    identifiers.push({ ...(x.keep ?? {}), type: x.type, value, ...(code ? { country: code } : { country: undefined }) } as Identifier);
  });
  const fields = KIND_FIELDS[d.kind];

  const date = (text: string) => describeDate(text).date;

  const data: Omit<EntityData, 'caseId'> = {
    kind: d.kind,
    name,
    originalScriptName: d.originalScriptName.trim() || undefined,
    aliases,
    identifiers,
    roles: d.roles,
    birthDate: date(d.birthDate),
    birthPlace: d.birthPlace.trim() || undefined,
    deathDate: date(d.deathDate),
    foundedDate: date(d.foundedDate),
    nationality: countries(d.nationality, 'nationality', errors),
    countries: countries(d.countries, 'countries', errors),
    gender: d.gender || undefined,
    position: d.position.trim() || undefined,
    address: d.address.trim() || undefined,
    // Per-kind facts: kept only for the kinds that have them (a changed kind clears them).
    bankName: (fields.bank && (d.bankName ?? '').trim()) || undefined,
    flag: fields.flag ? oneCountry(d.flag ?? '', 'flag', errors) : undefined,
    jurisdiction: fields.jurisdiction ? oneCountry(d.jurisdiction ?? '', 'jurisdiction', errors) : undefined,
    description: d.description.trim(),
  };
  let holder: HolderChoice | undefined;
  if (fields.holder) {
    if (d.holderId) holder = { entityId: d.holderId };
    else if ((d.holderName ?? '').trim()) {
      const n = d.holderName.trim();
      if (n.length > 500) errors.holder = 'Keep the holder’s name under 500 characters.';
      else holder = { name: n, kind: d.holderKind ?? 'person' };
    }
  }
  return { data, errors, ...(holder ? { holder } : {}) };
}

export function scriptOf(value: string): string | null {
  const v = value.trim();
  return v ? detectScript(v) : null;
}

/** Kinds for which people-only fields (birth, nationality, gender) make sense. */
export function isPersonLike(kind: EntityKind): boolean {
  return kind === 'person';
}

export function isOrganisationLike(kind: EntityKind): boolean {
  return kind === 'organization' || kind === 'armed_group' || kind === 'company';
}

/** What the name field suggests, per kind (not "e.g. Tariq Brigade" for a bank account). */
export const NAME_PLACEHOLDERS: Record<EntityKind, string> = {
  person: 'The name used most often, in Latin script',
  organization: 'e.g. Coast Guard Unit 2, Zawiya',
  armed_group: 'e.g. Tariq Brigade',
  company: 'e.g. Omar Khalifa Trading LLC',
  vessel: 'e.g. MV Sea Star',
  vehicle: 'e.g. white Toyota Land Cruiser, Sabha plates',
  bank_account: 'e.g. Omar Khalifa, Sahara Bank, account ending 0912',
  crypto_wallet: 'e.g. USDT wallet used for ransom payments',
  phone: 'e.g. Thuraya of the Zawiya commander',
  location: 'e.g. Al-Nasr detention centre',
};

/** The identifiers that make each kind of thing: offered first, one click each. */
export const KIND_IDENTIFIERS: Record<EntityKind, readonly IdentifierType[]> = {
  person: ['passport', 'national_id', 'phone_number'],
  organization: ['registration_number', 'un_reference'],
  armed_group: ['un_reference'],
  company: ['registration_number', 'tax_number'],
  vessel: ['imo_number', 'mmsi', 'call_sign'],
  vehicle: ['licence_plate', 'vin'],
  bank_account: ['iban', 'account_number', 'swift_bic'],
  crypto_wallet: ['wallet_address'],
  phone: ['phone_number'],
  location: [],
};

/** Roles are about what someone did: offered for kinds that can act, not for accounts, vessels or places. */
export function offersRoles(kind: EntityKind): boolean {
  return ACTOR_KINDS.includes(kind);
}
