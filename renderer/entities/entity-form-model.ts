/**
 * The entity form's draft (what the person types) and its conversion to the record the core validates.
 * Checks here are the ones a person can fix at once, next to the field; the core validates again.
 */
import type { EntityData, Identifier, Name } from '../../shared/model/records';
import { formatPartialDate, parsePartialDate, type PartialDate } from '../../shared/model/partial-date';
import { detectScript } from '../../shared/model/script';
import { ACTOR_KINDS, type EntityKind, type IdentifierType, type NameQuality, type Role } from '../../shared/model/vocabulary';
import { parseCountryCodes } from '../ui/format';

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
}

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
  };
}

/** The text a partial date was typed as (kept verbatim when it was free text). */
function dateText(d: PartialDate | undefined): string {
  if (!d) return '';
  if (d.value || d.from || d.to) return formatPartialDate(d);
  return d.text ?? '';
}

export function draftFromData(d: EntityData): EntityDraft {
  return {
    kind: d.kind,
    name: d.name,
    originalScriptName: d.originalScriptName ?? '',
    aliases: d.aliases.map(({ value, quality, ...keep }) => ({ value, quality, keep })),
    identifiers: d.identifiers.map(({ type, value, country, ...keep }) => ({ type, value, country: country ?? '', keep })),
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

export interface DraftResult {
  data: Omit<EntityData, 'caseId'>;
  errors: EntityErrors;
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
  d.identifiers.forEach((x, i) => {
    const value = x.value.trim();
    if (!value) {
      errors[`identifiers.${i}`] = 'Enter the number or value, or remove this row.';
      return;
    }
    const c = x.country.trim();
    if (c && !parseCountryCodes(c).codes.length) errors[`identifiers.${i}`] = `“${c}” is not a two-letter ISO country code.`;
    identifiers.push({ ...(x.keep ?? {}), type: x.type, value, ...(c ? { country: c.toLowerCase() } : { country: undefined }) } as Identifier);
  });

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
    description: d.description.trim(),
  };
  return { data, errors };
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
