/**
 * The one FollowTheMoney writer: case records -> FtM entities that the model library accepts. The FtM export
 * (export.ts) and evidence packages (package/export.ts) both write through it, so a record of a given kind
 * becomes the same schema in both.
 *
 *  - Entities: the schema of their kind (or the FtM schema they came with), properties through the codecs of
 *    mapping.ts. Protected entities (the caller decides) leave under their label only.
 *  - Relationships: the schema is chosen for the link's kind *and* its two ends: the endpoint entities' schemata
 *    must fit the ranges of the schema's source and target properties (Associate and Family need a Person at
 *    both ends, Ownership an Asset as asset, Payment a LegalEntity at both ends). A payment to or from a bank
 *    account whose holder is known (one owner in the case) is a Payment with payerAccount/beneficiaryAccount;
 *    anything else that fits no schema is an UnknownLink (subject/object, role).
 *  - Events: FtM Event (name, date/startDate/endDate, location, country, addressEntity, involved, organizer).
 *  - Evidence items: FtM Document, metadata only (title, fileName, mimeType, fileSize, date …; contentHash when a
 *    SHA-1 is known, FtM's hash),
 *    never file contents.
 *
 * Every line is validated against the model before it is written: a property the schema lacks, a value invalid
 * for its type ("15/03/1980" as a date, "Libya" as a country) or an entity reference whose target is not in the
 * file or not of the property's range is dropped and listed (`invalid`, with line, property, value and reason);
 * values are normalised (country codes lower case, dates as ISO prefixes). A line left without a property its
 * schema requires is not written, and the relationships that need it are not either; both are reported.
 */
import type { EntityData, EventData, FtmMeta, LinkData } from '../../../../shared/model/records';
import type { PartialDate } from '../../../../shared/model/partial-date';
import { ENTITY_KIND_LABELS, participantRole } from '../../../../shared/model/vocabulary';
import { ENTITY_CODECS, ftmDate, LINK_CODECS, linkSchemaFits, uncoveredEntityFields, writeProps, type Drop, type LinkFields, type Props } from './mapping';
import { checkFtmValue, ftmFitsRange, ftmIsA, ftmProperty, ftmSchema } from './model';
import { DEFAULT_ENTITY_SCHEMA, DEFAULT_LINK_SCHEMA, ENTITY_SCHEMATA, entitySchemaFits, LINK_SCHEMATA, own } from './schemata';

export interface FtmLine {
  id: string;
  schema: string;
  properties: Props;
  /**
   * OpenSanctions' top-level statement metadata, as the record came in (datasets, referents, target, first_seen,
   * last_seen, last_change). Not the caption: FtM tools compute it, and a kept one goes stale when a record is
   * edited.
   */
  meta?: Omit<FtmMeta, 'caption'>;
}

/** One line of an FtM file: the entity, with OpenSanctions' metadata at the top level where the format has it. */
export function ftmJson(line: FtmLine): string {
  const { meta, ...entity } = line;
  return JSON.stringify(meta ? { ...entity, ...meta } : entity);
}

/** The top-level fields written back for a record imported with them. */
export function writableMeta(meta: FtmMeta | undefined): FtmLine['meta'] | undefined {
  if (!meta) return undefined;
  const { caption: _caption, ...rest } = meta;
  return Object.keys(rest).length ? rest : undefined;
}

/** One value (or line) that was not written, and why. */
export interface FtmInvalid {
  /** The FtM id of the line. */
  id: string;
  schema: string;
  property?: string;
  value?: string;
  reason: string;
}

/** Metadata of an evidence item, as a Document: never its content. */
export interface DocumentSpec {
  title: string;
  fileName: string;
  mimeType?: string;
  /** SHA-1 of the file, hex (FtM contentHash). */
  sha1?: string;
  /** SHA-256 of the file, hex: FtM has no property for it (reported). */
  sha256?: string;
  size?: number;
  date?: PartialDate;
  language?: string;
  sourceUrl?: string;
}

export interface FtmWriterOptions {
  /** Every string of a line's properties passes through here before it is validated (witness protection). */
  protect: (where: string, props: Props) => Props;
  /** Counts what could not be written, by kind, with the reason. */
  skip: (kind: string, reason: string, n?: number) => void;
}

/** Listed one by one in a report up to this many; all are counted. */
export const MAX_LISTED_INVALID = 500;

const GROUP = { entity: 0, document: 1, event: 2, link: 3 } as const;
type Group = keyof typeof GROUP;

interface Pending {
  group: Group;
  line: FtmLine;
  /** What a reader of the report calls it ("Person", "link", "event"). */
  what: string;
}

const ORGANISER_ROLES = new Set(['organiser']);

export class FtmWriter {
  readonly #opts: FtmWriterOptions;
  readonly #pending: Pending[] = [];
  /** Schema of each entity line by FtM id (before validation). */
  readonly #schemaOf = new Map<string, string>();
  readonly invalid: FtmInvalid[] = [];
  invalidCount = 0;

  constructor(opts: FtmWriterOptions) {
    this.#opts = opts;
  }

  #lost: Drop = (what, reason) => this.#opts.skip(what, reason ?? 'FtM has no property for this on the exported schema');

  /** The FtM schema an entity is written as, or undefined when FtM has none for its kind. */
  static entitySchema(d: EntityData): string | undefined {
    const s = d.external?.ftmSchema;
    return (s && own(ENTITY_SCHEMATA, s) && entitySchemaFits(s, d.kind) ? s : DEFAULT_ENTITY_SCHEMA[d.kind]) ?? undefined;
  }

  /** Schema of an entity line added so far (by FtM id). */
  schemaOf(id: string): string | undefined {
    return this.#schemaOf.get(id);
  }

  /**
   * An entity. `label` set: a protected entity, written under that label only. Returns false when FtM has no
   * schema for its kind (reported; links to it cannot be written either).
   */
  entity(id: string, d: EntityData, label?: string): boolean {
    const schema = FtmWriter.entitySchema(d);
    const kind = ENTITY_KIND_LABELS[d.kind];
    if (!schema) {
      this.#opts.skip(kind, `FtM has no schema for ${kind.toLowerCase()} entities (links to them are skipped too)`);
      return false;
    }
    let props: Props;
    if (label !== undefined) {
      props = schema === 'Address' ? { full: [label] } : { name: [label] };
      this.#opts.skip('protected person details', 'a witness, victim or protected person leaves the vault as a pseudonym or label only; identities and other details stay in the vault');
    } else {
      props = writeProps(ENTITY_CODECS[schema]!, d, d.external?.extra, this.#lost);
      if (d.roles.length) this.#lost(`roles of ${kind.toLowerCase()} entities`);
      for (const f of uncoveredEntityFields(schema, d)) this.#lost(`${f} of ${kind.toLowerCase()} entities`);
    }
    this.#schemaOf.set(id, schema);
    const meta = label === undefined ? writableMeta(d.external?.meta) : undefined;
    this.#pending.push({ group: 'entity', what: schema, line: { id, schema, properties: this.#opts.protect('FtM entity', props), ...(meta ? { meta } : {}) } });
    return true;
  }

  /**
   * Relationships, all at once (a payment to a bank account needs the account's holder, from the ownership
   * links). `from`/`to` are the FtM ids of entities already added; a link with an end that was not added is
   * skipped and reported.
   */
  links(items: readonly { id: string; data: LinkData; from: string | undefined; to: string | undefined }[]): void {
    // Holders of bank accounts: the one legal entity that owns each (two owners: no holder).
    const holders = new Map<string, string | null>();
    for (const { data, from, to } of items) {
      if (data.kind !== 'owns' || !from || !to) continue;
      if (this.#schemaOf.get(to) !== 'BankAccount' || !ftmIsA(this.#schemaOf.get(from) ?? '', 'LegalEntity')) continue;
      holders.set(to, holders.has(to) && holders.get(to) !== from ? null : from);
    }
    for (const { id, data: d, from, to } of items) {
      if (from === undefined || to === undefined || !this.#schemaOf.has(from) || !this.#schemaOf.has(to)) {
        this.#opts.skip('links', 'one end is an entity FtM cannot represent');
        continue;
      }
      const fs = this.#schemaOf.get(from)!;
      const ts = this.#schemaOf.get(to)!;
      const fields: LinkFields = d;
      const fits = (s: string) => {
        const spec = own(LINK_SCHEMATA, s);
        return spec !== undefined && linkSchemaFits(s, fields) && ftmFitsRange(s, spec.source, fs) && ftmFitsRange(s, spec.target, ts);
      };
      const wanted = [d.external?.ftmSchema, DEFAULT_LINK_SCHEMA[d.kind]].filter((s, i, all): s is string => s !== undefined && own(LINK_SCHEMATA, s) !== undefined && all.indexOf(s) === i);
      let schema = wanted.find(fits);
      const accounts: Props = {};
      let ends: [string, string] = [from, to];
      if (!schema && wanted.includes('Payment') && linkSchemaFits('Payment', fields)) {
        // A payment from or to a bank account: the holder is the payer/beneficiary, the account goes beside it.
        const payer = fs === 'BankAccount' ? holders.get(from) : ftmIsA(fs, 'LegalEntity') ? from : undefined;
        const payee = ts === 'BankAccount' ? holders.get(to) : ftmIsA(ts, 'LegalEntity') ? to : undefined;
        if (payer && payee) {
          schema = 'Payment';
          ends = [payer, payee];
          if (fs === 'BankAccount') accounts.payerAccount = [from];
          if (ts === 'BankAccount') accounts.beneficiaryAccount = [to];
        }
      }
      if (!schema) {
        schema = 'UnknownLink';
        if (!fits(schema)) {
          this.#opts.skip('links', 'FtM has no relationship schema for these two kinds of entity');
          continue;
        }
        if (wanted.some((s) => s !== 'UnknownLink')) {
          this.#opts.skip(
            `${d.kind.replace(/_/g, ' ')} links between a ${fs} and a ${ts}`,
            `the FtM schema for this kind (${wanted.join(', ')}) does not take these entity types at its ends; written as UnknownLink with the kind as role`,
          );
        }
      }
      if (d.money && schema !== 'Payment') this.#lost('amounts of links that FtM can only carry as UnknownLink');
      const spec = LINK_SCHEMATA[schema]!;
      const props = { ...writeProps(LINK_CODECS[schema]!, fields, d.external?.extra, this.#lost, [spec.source, spec.target, ...Object.keys(accounts)]), ...accounts };
      props[spec.source] = [ends[0]];
      props[spec.target] = [ends[1]];
      const meta = writableMeta(d.external?.meta);
      this.#pending.push({ group: 'link', what: schema, line: { id, schema, properties: this.#opts.protect('FtM link', props), ...(meta ? { meta } : {}) } });
    }
  }

  /** An event; `idOf` gives the FtM id of an entity record that was added (undefined otherwise). */
  event(id: string, d: EventData, idOf: (recordId: string) => string | undefined): void {
    const p: Props = { name: [d.title] };
    const date = (field: string, v: PartialDate | undefined) => {
      if (!v) return;
      if (v.approximate) this.#lost('approximate marks on event dates');
      // An Event is an interval: a range that is not one exact period goes to startDate/endDate.
      const { value, approximated } = ftmDate(v);
      if (approximated && v.from && v.to && field === 'date') {
        (p.startDate ??= []).push(v.from);
        (p.endDate ??= []).push(v.to);
      } else if (value !== undefined) {
        if (approximated) this.#lost('event dates given as a range', 'FtM dates are single ISO prefixes: the range is written as its start');
        (p[field] ??= []).push(value);
      } else this.#lost('event dates given only as text');
    };
    date('date', d.date);
    date('endDate', d.endDate);
    if (d.place.name) p.location = [d.place.name];
    if (d.place.country) p.country = [d.place.country];
    const loc = d.place.locationId ? idOf(d.place.locationId) : undefined;
    if (loc && this.#schemaOf.get(loc) === 'Address') p.addressEntity = [loc];
    if (d.description) p.description = [d.description];
    for (const part of d.participants) {
      const ref = idOf(part.entityId);
      const s = ref ? this.#schemaOf.get(ref) : undefined;
      if (!ref || !s) {
        this.#opts.skip('event participants', 'the participant is an entity FtM cannot represent');
        continue;
      }
      if (!ftmIsA(s, 'LegalEntity')) {
        this.#opts.skip('event participants that are not people or organisations', `FtM Event.involved takes a LegalEntity, not a ${s}`);
        continue;
      }
      const prop = ORGANISER_ROLES.has(participantRole(part.role)) ? 'organizer' : 'involved';
      if (!(p[prop] ??= []).includes(ref)) p[prop].push(ref);
    }
    if (d.participants.some((x) => x.role)) this.#lost('participant roles of events');
    if (d.conduct.length) this.#lost('conduct tags of events');
    if (d.victims.length) this.#lost('victim groups of events');
    this.#pending.push({ group: 'event', what: 'Event', line: { id, schema: 'Event', properties: this.#opts.protect('FtM event', p) } });
  }

  /**
   * A designation as an FtM Sanction on the entity written as `entityId`. `props` are the Sanction's other
   * properties (an imported Sanction's own, kept verbatim; or built from the designation); validated like
   * every line, so a stale or hand-edited value is dropped and reported, never written.
   */
  sanction(id: string, entityId: string, props: Props): void {
    const p: Props = { ...props, entity: [entityId] };
    this.#pending.push({ group: 'link', what: 'Sanction', line: { id, schema: 'Sanction', properties: this.#opts.protect('FtM sanction', p) } });
  }

  /**
   * An FtM entity kept verbatim on a record at import (Passport, Document, Contract, Risk …): written back as it
   * came, through the same validation (a reference to a line that is not in the file is dropped and reported).
   */
  kept(id: string, schema: string, props: Props, meta?: FtmMeta): void {
    const m = writableMeta(meta);
    this.#pending.push({ group: 'document', what: schema, line: { id, schema, properties: this.#opts.protect('FtM entity', { ...props }), ...(m ? { meta: m } : {}) } });
  }

  /** An evidence item as a Document: metadata only. */
  document(id: string, doc: DocumentSpec): void {
    const p: Props = { title: [doc.title], fileName: [doc.fileName] };
    if (doc.mimeType) p.mimeType = [doc.mimeType];
    // FtM's contentHash is a SHA-1 (checksum type, 40 hex digits); the vault hashes with SHA-256.
    if (doc.sha1) p.contentHash = [doc.sha1];
    else if (doc.sha256) this.#lost('SHA-256 hashes of evidence files', "FtM's contentHash is a SHA-1, which the vault does not keep; the SHA-256 is in the vault (and in a package's manifests)");
    if (doc.size !== undefined) p.fileSize = [String(doc.size)];
    const { value, approximated } = ftmDate(doc.date);
    if (value) p.date = [value];
    if (approximated) this.#lost('evidence dates given as a range', 'FtM dates are single ISO prefixes: the range is written as its start');
    if (doc.language) p.language = [doc.language];
    if (doc.sourceUrl) p.sourceUrl = [doc.sourceUrl];
    this.#pending.push({ group: 'document', what: 'Document', line: { id, schema: 'Document', properties: this.#opts.protect('FtM document', p) } });
  }

  #invalid(entry: FtmInvalid): void {
    this.invalidCount++;
    if (this.invalid.length < MAX_LISTED_INVALID) this.invalid.push(entry);
  }

  /**
   * The lines to write, validated: entities, then documents, events and relationships, each group by id.
   * Invalid values are dropped and listed; a line that lacks a required property is left out (with everything
   * that refers to it).
   */
  finish(): FtmLine[] {
    const order = [...this.#pending].sort((a, b) => GROUP[a.group] - GROUP[b.group] || (a.line.id < b.line.id ? -1 : a.line.id > b.line.id ? 1 : 0));
    const schemaOfLine = new Map<string, string>();
    // 1. Schema, properties and values, each on its own (entity references: form only).
    const checked: { p: Pending; props: Props }[] = [];
    for (const p of order) {
      const { line } = p;
      const schema = ftmSchema(line.schema);
      if (!schema || schema.abstract) {
        this.#invalid({ id: line.id, schema: line.schema, reason: `schema ${line.schema} is not a concrete FtM schema; the line was not written` });
        continue;
      }
      const props: Props = {};
      for (const [name, values] of Object.entries(line.properties)) {
        const prop = ftmProperty(line.schema, name);
        if (!prop || prop.stub) {
          for (const v of values) this.#invalid({ id: line.id, schema: line.schema, property: name, value: v, reason: `${line.schema} has no property ${name}` });
          continue;
        }
        const kept: string[] = [];
        for (const raw of values) {
          const c = checkFtmValue(prop.type.name, raw);
          if (!c.ok) this.#invalid({ id: line.id, schema: line.schema, property: name, value: raw, reason: c.reason });
          else if (!kept.includes(c.value)) kept.push(c.value);
        }
        if (kept.length) props[name] = kept;
      }
      schemaOfLine.set(line.id, line.schema);
      checked.push({ p, props });
    }
    // 2. Which lines stand: every required property has a value, and a required reference points at a line
    //    that stands and fits the range. Leaving one out can take others with it (a person's links).
    const alive = new Set(checked.map((c) => c.p.line.id));
    const refOk = (schema: string, name: string, v: string) => alive.has(v) && ftmFitsRange(schema, name, schemaOfLine.get(v)!);
    const isRef = (schema: string, name: string) => ftmProperty(schema, name)?.type.name === 'entity';
    const required = new Map<string, { plain: string[]; refs: string[] }>();
    const requiredOf = (schema: string) => {
      let r = required.get(schema);
      if (!r) {
        const all = ftmSchema(schema)!.required;
        required.set(schema, (r = { plain: all.filter((x) => !isRef(schema, x)), refs: all.filter((x) => isRef(schema, x)) }));
      }
      return r;
    };
    const missing = (schema: string, props: Props): string[] => {
      const { plain, refs } = requiredOf(schema);
      let out: string[] | undefined;
      for (const r of plain) if (!props[r]?.length) (out ??= []).push(r);
      for (const r of refs) if (!(props[r] ?? []).some((v) => refOk(schema, r, v))) (out ??= []).push(r);
      return out ?? [];
    };
    // Only lines with a required reference can lose their standing once another line falls.
    const dependent: typeof checked = [];
    for (const c of checked) {
      const schema = c.p.line.schema;
      if (missing(schema, c.props).length) alive.delete(c.p.line.id);
      else if (requiredOf(schema).refs.length) dependent.push(c);
    }
    for (let changed = alive.size < checked.length; changed; ) {
      changed = false;
      for (const { p, props } of dependent) {
        if (alive.has(p.line.id) && missing(p.line.schema, props).length) {
          alive.delete(p.line.id);
          changed = true;
        }
      }
    }
    // 3. The lines, with references to lines not written or of the wrong schema dropped.
    const out: FtmLine[] = [];
    for (const { p, props } of checked) {
      const { id, schema } = p.line;
      if (!alive.has(id)) {
        const lacks = missing(schema, props);
        this.#invalid({ id, schema, reason: `${schema} requires ${lacks.join(', ')}; the line was not written` });
        this.#opts.skip(`${p.what} lines without ${lacks.join(', ')}`, 'a required FtM property had no valid value (a dropped value, or an entity that could not be written), so the line was not written');
        continue;
      }
      const final: Props = {};
      for (const name of Object.keys(props).sort()) {
        const values = props[name]!;
        const keep = isRef(schema, name)
          ? values.filter((v) => {
              if (refOk(schema, name, v)) return true;
              const target = alive.has(v) ? schemaOfLine.get(v) : undefined;
              const range = ftmProperty(schema, name)!.getRange().name;
              this.#invalid({ id, schema, property: name, value: v, reason: target ? `refers to a ${target}; ${schema}.${name} takes a ${range}` : `refers to ${v}, which is not in the file` });
              return false;
            })
          : values;
        if (keep.length) final[name] = keep;
      }
      out.push({ id, schema, properties: final, ...(p.line.meta ? { meta: p.line.meta } : {}) });
    }
    if (this.invalidCount) this.#opts.skip('invalid FtM values', 'values the FtM model does not accept for their property (listed with line and property) were not written', this.invalidCount);
    return out;
  }
}
