/**
 * The FtM <-> case-model mapping: one table of codecs, used in both directions.
 *
 * A codec owns a few FtM properties and a few model fields: `read` turns the properties into the fields (as the
 * model stores them: trimmed, validated, lower-case country codes …), `write` turns the fields back into
 * properties. Import runs `read`; when `write(read(p))` would not give back exactly `p` (several birth dates,
 * a non-ISO country, an amount written "50000.00", nationality and citizenship both given …), the original
 * properties are also kept verbatim in `external.extra` as a "shadow". Export writes the shadow instead of
 * `write(fields)` as long as the shadow still reads to the record's current fields, i.e. until an investigator
 * edits them; after an edit the fields win. Properties no codec owns go to `extra` verbatim. Together this makes
 * FtM -> vault -> FtM lossless, property by property, without a field in the model for every FtM property.
 */
import type { EntityData, Identifier, LinkData, Name } from '../../../../shared/model/records';
import { normaliseYmd, type PartialDate } from '../../../../shared/model/partial-date';
import { detectScript } from '../../../../shared/model/script';
import { LINK_KIND_SPECS, LINK_KINDS, type IdentifierType, type LinkKind } from '../../../../shared/model/vocabulary';
import { canonicalJson } from '../../util/canonical-json';
import { LINK_SCHEMATA, own } from './schemata';

export type Props = Record<string, string[]>;

/** Counts what an export could not represent, by a short description ("person roles"), and why if not "no property". */
export type Drop = (what: string, reason?: string) => void;
const NO_DROP: Drop = () => undefined;

/** Entity fields as a codec sees them (caseId and external are the importer's business). */
export type EntityFields = Omit<EntityData, 'caseId' | 'external'>;
export type LinkFields = Omit<LinkData, 'caseId' | 'source' | 'target' | 'external'>;

interface Codec<D> {
  props: readonly string[];
  fields: readonly (keyof D)[];
  read(p: Props): Partial<D>;
  /** Reads only the codec's own fields of `d`. */
  write(d: D, drop: Drop): Props;
}

/** Alias notes that say which FtM property an alias came from (and goes back to). */
export const NOTE_PREVIOUS_NAME = 'previous name';
export const NOTE_NAME_VARIANT = 'name variant';
/** Marks a Directorship that is a command relationship, and a Payment that is financing, when no role says so. */
const COMMAND_MARKER = 'commander';
const FINANCING_MARKER = 'financing';
const ARMED_GROUP = 'armed group';
const SAYS_COMMAND = /command/i;
const SAYS_FINANCING = /financ|fund/i;

// ------------------------------------------------------------------------------------------------- helpers

/** Trimmed values that fit in `max` characters (blank and oversize ones are left to the shadow). */
function clean(values: readonly string[] | undefined, max: number): string[] {
  const out: string[] = [];
  if (!values) return out;
  for (const v of values) {
    const t = v.trim();
    if (t.length > 0 && t.length <= max) out.push(t);
  }
  return out;
}

export function first(values: readonly string[] | undefined, max: number): string | undefined {
  if (!values) return undefined;
  for (const v of values) {
    const t = v.trim();
    if (t.length > 0 && t.length <= max) return t;
  }
  return undefined;
}

/** detectScript, with a fast path for plain ASCII (most names in bulk imports). */
export function scriptOf(value: string): NonNullable<Name['script']> {
  if (/^[\x00-\x7f]*$/.test(value)) return /[A-Za-z]/.test(value) ? 'latin' : 'other';
  return detectScript(value);
}

function alias(value: string, quality: Name['quality'], note?: string): Name {
  return note === undefined ? { value, quality, script: scriptOf(value) } : { value, quality, script: scriptOf(value), note };
}

/** A FtM date the model can hold exactly: YYYY, YYYY-MM or YYYY-MM-DD, and a real date. */
export function exactYmd(v: string): boolean {
  return /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(v) && normaliseYmd(v) === v;
}

export function countryCodes(...lists: (readonly string[] | undefined)[]): string[] {
  const out: string[] = [];
  for (const list of lists) {
    for (const v of list ?? []) {
      const c = v.trim().toLowerCase();
      if (/^[a-z]{2}$/.test(c) && !out.includes(c)) out.push(c);
    }
  }
  return out;
}

function put(out: Props, prop: string, value: string): void {
  (out[prop] ??= []).push(value);
}

function only(prop: string, values: readonly string[]): Props {
  return values.length ? { [prop]: [...values] } : {};
}

/** Exactly the same properties and values, in the same order (order matters: the first name is the name). */
export function sameProps(a: Props, b: Props): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = a[k]!;
    const y = b[k];
    if (!y || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

function pickProps(p: Props, props: readonly string[]): Props {
  const out: Props = {};
  for (const k of props) {
    const v = p[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function pickFields<D>(d: D, fields: readonly (keyof D)[]): Partial<D> {
  const out: Partial<D> = {};
  for (const f of fields) out[f] = d[f];
  return out;
}

// ------------------------------------------------------------------------------------------ entity codecs

type EC = Codec<EntityFields>;

const names: EC = {
  props: ['name', 'alias', 'weakAlias', 'previousName'],
  fields: ['name', 'aliases', 'originalScriptName'],
  read(p) {
    const all = clean(p.name, 500);
    return {
      name: all[0],
      originalScriptName: undefined,
      aliases: [
        ...all.slice(1).map((v) => alias(v, 'strong', NOTE_NAME_VARIANT)),
        ...clean(p.alias, 500).map((v) => alias(v, 'strong')),
        ...clean(p.weakAlias, 500).map((v) => alias(v, 'weak')),
        ...clean(p.previousName, 500).map((v) => alias(v, 'strong', NOTE_PREVIOUS_NAME)),
      ],
    };
  },
  write(d) {
    const out: Props = { name: [d.name] };
    const osn = d.originalScriptName?.trim();
    if (osn && osn !== d.name && !d.aliases.some((a) => a.value === osn)) put(out, 'name', osn);
    for (const a of d.aliases) {
      if (a.note === NOTE_PREVIOUS_NAME) put(out, 'previousName', a.value);
      else if (a.note === NOTE_NAME_VARIANT) put(out, 'name', a.value);
      else put(out, a.quality === 'weak' ? 'weakAlias' : 'alias', a.value);
    }
    return out;
  },
};

/** FtM addresses have a full address and no names. */
const addressName: EC = {
  props: ['full'],
  fields: ['name', 'aliases', 'originalScriptName'],
  read: (p) => ({ name: first(p.full, 500), aliases: [], originalScriptName: undefined }),
  write(d, drop) {
    if (d.aliases.length) drop('location aliases');
    if (d.originalScriptName) drop('location original-script names');
    return { full: [d.name] };
  },
};

/** Organization with classification "armed group" is an armed group. */
const armedGroup: EC = {
  props: ['classification'],
  fields: ['kind'],
  read: (p) => ({ kind: (p.classification ?? []).some((c) => c.trim().toLowerCase() === ARMED_GROUP) ? 'armed_group' : 'organization' }),
  write: (d): Props => (d.kind === 'armed_group' ? { classification: [ARMED_GROUP] } : {}),
};

function identifiers(table: readonly [string, IdentifierType][]): EC {
  const propOf = new Map<IdentifierType, string>();
  for (const [prop, type] of table) if (!propOf.has(type)) propOf.set(type, prop);
  return {
    props: table.map(([p]) => p),
    fields: ['identifiers'],
    read(p) {
      const ids: Identifier[] = [];
      for (const [prop, type] of table) for (const value of clean(p[prop], 500)) ids.push({ type, value });
      return { identifiers: ids };
    },
    write(d, drop) {
      const out: Props = {};
      for (const id of d.identifiers) {
        const prop = propOf.get(id.type);
        if (prop) put(out, prop, id.value);
        else drop(`${id.type.replace(/_/g, ' ')} identifiers of a ${String(d.kind).replace(/_/g, ' ')}`);
      }
      return out;
    },
  };
}

const LEGAL_IDS: [string, IdentifierType][] = [
  ['registrationNumber', 'registration_number'],
  ['idNumber', 'national_id'],
  ['taxNumber', 'tax_number'],
  ['phone', 'phone_number'],
  ['email', 'email'],
  ['swiftBic', 'swift_bic'],
];
const PERSON_IDS: [string, IdentifierType][] = [['passportNumber', 'passport'], ...LEGAL_IDS];
const VESSEL_IDS: [string, IdentifierType][] = [
  ['imoNumber', 'imo_number'],
  ['mmsi', 'mmsi'],
  ['callSign', 'call_sign'],
  ['registrationNumber', 'registration_number'],
];
const VEHICLE_IDS: [string, IdentifierType][] = [['registrationNumber', 'licence_plate']];
const ACCOUNT_IDS: [string, IdentifierType][] = [
  ['iban', 'iban'],
  ['accountNumber', 'account_number'],
  ['bic', 'swift_bic'],
];
const WALLET_IDS: [string, IdentifierType][] = [['publicKey', 'wallet_address']];

type DateField = 'birthDate' | 'deathDate' | 'foundedDate';

const YMD_PARTS = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** First and last day (YYYY-MM-DD) of the period a YYYY[-MM[-DD]] value names. */
function period(v: string): [string, string] | undefined {
  const m = YMD_PARTS.exec(v);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (d !== undefined) return [v, v];
  if (mo !== undefined) return [`${y}-${mo}-01`, `${y}-${mo}-${String(new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate()).padStart(2, '0')}`];
  return [`${y}-01-01`, `${y}-12-31`];
}

/**
 * A partial date as one FtM date (an ISO prefix): the value; a range as the prefix that names exactly that
 * period ("2018-03-01".."2018-03-31" is "2018-03"); any other range as its start (or end), with `approximated`
 * set so the writer can say so. Never "2018/2019", which is not an FtM date.
 */
export function ftmDate(d: PartialDate | undefined): { value?: string; approximated?: boolean } {
  if (!d) return {};
  if (d.value) return { value: d.value };
  if (d.from && d.to) {
    const a = period(d.from);
    const b = period(d.to);
    if (a && b) {
      const prefixes = [d.from.slice(0, 4), d.from.slice(0, 7), d.from].filter((p, i, all) => all.indexOf(p) === i && YMD_PARTS.test(p));
      for (const p of prefixes) {
        const pp = period(p)!;
        if (pp[0] === a[0] && pp[1] === b[1]) return { value: p };
      }
    }
  }
  const end = d.from ?? d.to;
  return end ? { value: end, approximated: true } : {};
}

/** Writes a partial date as an FtM date (see ftmDate); what cannot be written exactly is reported. */
function writeDate(d: PartialDate | undefined, what: string, drop: Drop): string[] {
  if (!d) return [];
  if (d.approximate) drop(`approximate marks on ${what}`);
  const { value, approximated } = ftmDate(d);
  if (approximated) drop(`${what} given as a range`, `FtM dates are single ISO prefixes: a range that is not exactly one year, month or day is written as its ${d.from ? 'start' : 'end'}`);
  if (value === undefined) drop(`${what} given only as text`);
  return value === undefined ? [] : [value];
}

function entityDate(prop: string, field: DateField): EC {
  return {
    props: [prop],
    fields: [field],
    read(p) {
      const v = (p[prop] ?? []).find(exactYmd);
      return { [field]: v === undefined ? undefined : { value: v } };
    },
    write: (d, drop) => only(prop, writeDate(d[field], `${field.replace('Date', '')} dates`, drop)),
  };
}

const nationality: EC = {
  props: ['nationality', 'citizenship'],
  fields: ['nationality'],
  read: (p) => ({ nationality: countryCodes(p.nationality, p.citizenship) }),
  write: (d) => only('nationality', d.nationality),
};

const countries: EC = {
  props: ['country'],
  fields: ['countries'],
  read: (p) => ({ countries: countryCodes(p.country) }),
  write: (d) => only('country', d.countries),
};

const GENDERS = ['male', 'female', 'other'] as const;
const gender: EC = {
  props: ['gender'],
  fields: ['gender'],
  read(p) {
    const g = (p.gender ?? []).map((v) => v.trim().toLowerCase()).find((v): v is (typeof GENDERS)[number] => (GENDERS as readonly string[]).includes(v));
    return { gender: g };
  },
  write: (d): Props => (d.gender && d.gender !== 'unknown' ? { gender: [d.gender] } : {}),
};

function text(prop: string, field: 'title' | 'position' | 'birthPlace' | 'address' | 'bankName', max: number): EC {
  return {
    props: [prop],
    fields: [field],
    read: (p) => ({ [field]: first(p[prop], max) }),
    write: (d) => (d[field] ? { [prop]: [d[field]] } : {}),
  };
}

/** One country in a property of its own (a vessel's flag, a company's jurisdiction): the first valid code. */
function oneCountry(prop: string, field: 'flag' | 'jurisdiction'): EC {
  return {
    props: [prop],
    fields: [field],
    read: (p) => ({ [field]: countryCodes(p[prop])[0] }),
    write: (d) => (d[field] ? { [prop]: [d[field]] } : {}),
  };
}

const DESCRIPTION_MAX = 20_000;

/** Several FtM text properties feed one description; it goes back out as `writeTo`. */
function description<D extends { description: string }>(props: readonly string[], writeTo: string): Codec<D> {
  return {
    props,
    fields: ['description'],
    read(p) {
      const parts: string[] = [];
      for (const prop of props) for (const v of p[prop] ?? []) if (v.trim()) parts.push(v.trim());
      return { description: parts.join('\n\n').slice(0, DESCRIPTION_MAX) } as Partial<D>;
    },
    write: (d) => (d.description ? { [writeTo]: [d.description] } : {}),
  };
}

const thing: EC[] = [names, countries, text('address', 'address', 1000), description(['description', 'summary', 'notes'], 'description')];
const legal = (ids: [string, IdentifierType][]): EC[] => [...thing, identifiers(ids), entityDate('incorporationDate', 'foundedDate'), oneCountry('jurisdiction', 'jurisdiction')];

/** The codecs of each entity schema. */
export const ENTITY_CODECS: Readonly<Record<string, readonly EC[]>> = {
  Person: [
    ...thing,
    identifiers(PERSON_IDS),
    entityDate('birthDate', 'birthDate'),
    entityDate('deathDate', 'deathDate'),
    nationality,
    gender,
    text('title', 'title', 200),
    text('position', 'position', 500),
    text('birthPlace', 'birthPlace', 500),
  ],
  Organization: [...legal(LEGAL_IDS), armedGroup],
  LegalEntity: legal(LEGAL_IDS),
  PublicBody: legal(LEGAL_IDS),
  Company: legal(LEGAL_IDS),
  Vessel: [...thing, identifiers(VESSEL_IDS), oneCountry('flag', 'flag')],
  Vehicle: [...thing, identifiers(VEHICLE_IDS)],
  BankAccount: [...thing, identifiers(ACCOUNT_IDS), text('bankName', 'bankName', 500)],
  CryptoWallet: [...thing, identifiers(WALLET_IDS)],
  Address: [addressName, countries, description(['summary'], 'summary')],
  Airplane: [...thing, identifiers([['registrationNumber', 'registration_number']])],
  RealEstate: [...thing, identifiers([['registrationNumber', 'registration_number']])],
  Position: [...thing],
};

/** Entity fields an export reports as lost when the schema has no codec for them. */
const REPORTED_ENTITY_FIELDS: readonly (keyof EntityFields)[] = [
  'identifiers', 'birthDate', 'birthPlace', 'deathDate', 'foundedDate', 'nationality', 'countries', 'gender',
  'title', 'position', 'address', 'bankName', 'flag', 'jurisdiction', 'description',
];

function isEmpty(v: unknown): boolean {
  return v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || v === 'unknown';
}

// -------------------------------------------------------------------------------------------- link codecs

type LC = Codec<LinkFields>;

const LABEL_TO_KIND = new Map<string, LinkKind>();
for (const k of LINK_KINDS) {
  LABEL_TO_KIND.set(LINK_KIND_SPECS[k].label.toLowerCase(), k);
  LABEL_TO_KIND.set(k, k);
}

// Representation is FtM's "agent acting on behalf of a client", which is what acted_for means; employment, a post
// held, a succession and a debt say no more than that the two are associated (the schema is kept on the link).
const FIXED_LINK_KIND: Readonly<Record<string, LinkKind>> = {
  Membership: 'member_of',
  Ownership: 'owns',
  Associate: 'associate',
  Family: 'family',
  Employment: 'associate',
  Occupancy: 'associate',
  Representation: 'acted_for',
  Succession: 'associate',
  Debt: 'associate',
};

/** What a relationship is (kind) and says about itself (role), from the schema and its role property. */
function linkHead(schema: string): LC {
  const prop = LINK_SCHEMATA[schema]!.role;
  if (prop === undefined) {
    const kind = FIXED_LINK_KIND[schema]!;
    return { props: [], fields: ['kind', 'role'], read: () => ({ kind, role: undefined }), write: () => ({}) };
  }
  const roleFrom = (values: readonly string[], skip: (v: string) => boolean) => values.map((v) => v.trim()).find((v) => v.length > 0 && v.length <= 500 && !skip(v));
  let read: (values: readonly string[]) => Pick<LinkFields, 'kind' | 'role'>;
  let write: (d: LinkFields) => string[];
  switch (schema) {
    case 'Directorship':
      read = (vs) => ({ kind: vs.some((v) => SAYS_COMMAND.test(v)) ? 'commands' : 'controls', role: roleFrom(vs, (v) => v === COMMAND_MARKER) });
      write = (d) => (d.kind === 'commands' && !(d.role && SAYS_COMMAND.test(d.role)) ? [...(d.role ? [d.role] : []), COMMAND_MARKER] : d.role ? [d.role] : []);
      break;
    case 'Payment':
      read = (vs) => ({ kind: vs.some((v) => SAYS_FINANCING.test(v)) ? 'finances' : 'paid', role: roleFrom(vs, (v) => v === FINANCING_MARKER) });
      write = (d) => (d.kind === 'finances' && !(d.role && SAYS_FINANCING.test(d.role)) ? [...(d.role ? [d.role] : []), FINANCING_MARKER] : d.role ? [d.role] : []);
      break;
    case 'UnknownLink':
      read = (vs) => {
        const at = vs.findIndex((v) => LABEL_TO_KIND.has(v.trim().toLowerCase()));
        const kind = at >= 0 ? LABEL_TO_KIND.get(vs[at]!.trim().toLowerCase())! : 'associate';
        return { kind, role: roleFrom(vs.filter((_, i) => i !== at), () => false) };
      };
      // An associate needs no label unless its role would read as another kind.
      write = (d) =>
        d.kind === 'associate' && !(d.role && LABEL_TO_KIND.has(d.role.toLowerCase())) ? (d.role ? [d.role] : []) : [LINK_KIND_SPECS[d.kind].label, ...(d.role ? [d.role] : [])];
      break;
    default: {
      const kind = FIXED_LINK_KIND[schema]!;
      read = (vs) => ({ kind, role: roleFrom(vs, () => false) });
      write = (d) => (d.role ? [d.role] : []);
    }
  }
  return { props: [prop], fields: ['kind', 'role'], read: (p) => read(p[prop] ?? []), write: (d) => only(prop, write(d)) };
}

function linkDate(prop: string, field: 'start' | 'end' | 'date'): LC {
  return {
    props: [prop],
    fields: [field],
    read(p) {
      const v = (p[prop] ?? []).find(exactYmd);
      return { [field]: v === undefined ? undefined : { value: v } };
    },
    write: (d, drop) => only(prop, writeDate(d[field], 'link dates', drop)),
  };
}

const AMOUNT = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const money: LC = {
  props: ['amount', 'currency'],
  fields: ['money'],
  read(p) {
    const a = (p.amount ?? []).map((v) => v.trim()).find((v) => AMOUNT.test(v) && Number.isFinite(Number(v)));
    if (a === undefined) return { money: undefined };
    const c = (p.currency ?? []).map((v) => v.trim().toUpperCase()).find((v) => /^[A-Z]{3}$/.test(v));
    return { money: c ? { amount: Number(a), currency: c } : { amount: Number(a) } };
  },
  write(d) {
    if (!d.money) return {};
    return { amount: [String(d.money.amount)], ...(d.money.currency ? { currency: [d.money.currency] } : {}) };
  },
};

const INTERVAL: LC[] = [linkDate('startDate', 'start'), linkDate('endDate', 'end'), linkDate('date', 'date'), description(['summary', 'description'], 'summary')];

export const LINK_CODECS: Readonly<Record<string, readonly LC[]>> = Object.fromEntries(
  Object.keys(LINK_SCHEMATA).map((s) => [s, [linkHead(s), ...INTERVAL, ...(s === 'Payment' || s === 'Debt' ? [money] : [])]]),
);

// ------------------------------------------------------------------------------------- both directions

/** FtM properties -> fields, with the shadows and unowned properties that go to `extra`. */
export function readProps<D>(codecs: readonly Codec<D>[], props: Props, ignore: readonly string[] = []): { fields: Partial<D>; extra: Props } {
  const fields: Partial<D> = {};
  const extra: Props = {};
  const owned = new Set<string>(ignore);
  for (const c of codecs) {
    for (const p of c.props) owned.add(p);
    const sub = pickProps(props, c.props);
    const got = c.read(sub);
    Object.assign(fields, got);
    const back = c.write(got as D, NO_DROP);
    if (!sameProps(back, sub)) {
      // The shadow; an empty list records that a property the fields would write was absent.
      for (const p of c.props) if (sub[p] !== undefined || back[p] !== undefined) extra[p] = sub[p] ?? [];
    }
  }
  for (const k of Object.keys(props)) if (!owned.has(k)) extra[k] = props[k]!;
  return { fields, extra };
}

/** Fields -> FtM properties: each codec writes its shadow if the shadow still reads to the current fields. */
export function writeProps<D>(codecs: readonly Codec<D>[], d: D, extra: Props | undefined, drop: Drop, ignore: readonly string[] = []): Props {
  const out: Props = {};
  const owned = new Set<string>(ignore);
  for (const c of codecs) {
    for (const p of c.props) owned.add(p);
    const shadow = extra ? pickProps(extra, c.props) : {};
    const useShadow = Object.keys(shadow).length > 0 && canonicalJson(c.read(shadow)) === canonicalJson(pickFields(d, c.fields));
    Object.assign(out, useShadow ? shadow : c.write(d, drop));
  }
  if (extra) for (const k of Object.keys(extra)) if (!owned.has(k)) out[k] = extra[k]!;
  return out;
}

/** Would this link schema carry the link's kind and role as they are? */
export function linkSchemaFits(schema: string, d: LinkFields): boolean {
  const head = own(LINK_CODECS, schema)?.[0];
  if (!head) return false;
  const back = head.read(head.write(d, NO_DROP));
  return back.kind === d.kind && back.role === d.role;
}

/** Entity fields this schema cannot carry and that hold something (for the export report). */
export function uncoveredEntityFields(schema: string, d: EntityFields): (keyof EntityFields)[] {
  const covered = new Set((own(ENTITY_CODECS, schema) ?? []).flatMap((c) => c.fields));
  return REPORTED_ENTITY_FIELDS.filter((f) => !covered.has(f) && !isEmpty(d[f]));
}
