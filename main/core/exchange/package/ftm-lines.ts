/**
 * data/metadata/entities.ftm.jsonl: the entities, links, events and claims in a package as FollowTheMoney-shaped
 * JSON lines ({id, schema, properties: {name: [values]}}), readable by FtM tools. A small serializer of our own
 * (the general FtM exporter lives in exchange/ftm): each line also carries a "sanctum" member with the record as
 * Sanctum holds it, so that an import into another vault loses nothing. Claims have no FtM schema; they use
 * "SanctumClaim", which FtM tools skip.
 */
import type { ClaimData, EntityData, EventData, LinkData } from '../../../../shared/model/records';
import type { EntityKind, LinkKind } from '../../../../shared/model/vocabulary';
import { formatPartialDate, type PartialDate } from '../../../../shared/model/partial-date';
import type { StoredRecord } from '../../store/sealed-store';
import { DEFAULT_ENTITY_SCHEMA } from '../ftm/schemata';

/** The FtM schema of each entity kind, as the FtM exporter maps it; kinds FtM has no schema for are Things. */
export const ENTITY_SCHEMA = Object.fromEntries(Object.entries(DEFAULT_ENTITY_SCHEMA).map(([k, v]) => [k, v ?? 'Thing'])) as Record<EntityKind, string>;

/** FtM interval schema and the names of its two ends. */
const LINK_SCHEMA: Partial<Record<LinkKind, [string, string, string]>> = {
  member_of: ['Membership', 'member', 'organization'],
  commands: ['Directorship', 'director', 'organization'],
  owns: ['Ownership', 'owner', 'asset'],
  controls: ['Ownership', 'owner', 'asset'],
  paid: ['Payment', 'payer', 'beneficiary'],
  finances: ['Payment', 'payer', 'beneficiary'],
  associate: ['Associate', 'person', 'associate'],
  family: ['Family', 'person', 'relative'],
};

export const ftmId = (id: string) => `sanctum-${id}`;

type Props = Record<string, string[]>;

function put(p: Props, key: string, ...values: (string | undefined | null)[]): void {
  const v = values.filter((x): x is string => typeof x === 'string' && x !== '');
  if (v.length) p[key] = [...(p[key] ?? []), ...v];
}

const date = (d: PartialDate | undefined) => (d ? formatPartialDate(d) : undefined);

function line(id: string, schema: string, properties: Props, kind: string, data: object): string {
  const { caseId: _caseId, ...rest } = data as { caseId?: string };
  return `${JSON.stringify({ id: ftmId(id), schema, properties, sanctum: { kind, id, data: rest } })}\n`;
}

export function entityLine(r: StoredRecord<EntityData>): string {
  const d = r.data;
  const p: Props = {};
  put(p, 'name', d.name);
  put(p, 'alias', ...d.aliases.map((a) => a.value), d.originalScriptName);
  put(p, 'nationality', ...d.nationality);
  put(p, 'country', ...d.countries);
  put(p, 'birthDate', date(d.birthDate));
  put(p, 'birthPlace', d.birthPlace);
  put(p, 'deathDate', date(d.deathDate));
  put(p, 'incorporationDate', date(d.foundedDate));
  put(p, 'position', d.position);
  put(p, 'title', d.title);
  put(p, 'address', d.address);
  put(p, 'description', d.description);
  put(p, 'topics', ...d.roles.map((x) => `sanctum.role.${x}`));
  for (const i of d.identifiers) put(p, i.type === 'imo_number' ? 'imoNumber' : i.type === 'iban' ? 'iban' : 'idNumber', i.value);
  return line(r.id, ENTITY_SCHEMA[d.kind], p, 'entity', d);
}

export function linkLine(r: StoredRecord<LinkData>): string {
  const d = r.data;
  const [schema, a, b] = LINK_SCHEMA[d.kind] ?? ['UnknownLink', 'subject', 'object'];
  const p: Props = {};
  put(p, a, ftmId(d.source));
  put(p, b, ftmId(d.target));
  put(p, 'role', d.role ?? (schema === 'UnknownLink' ? d.kind : undefined));
  put(p, 'startDate', date(d.start));
  put(p, 'endDate', date(d.end));
  put(p, 'date', date(d.date));
  if (d.money) {
    put(p, 'amount', String(d.money.amount));
    put(p, 'currency', d.money.currency);
  }
  put(p, 'description', d.description);
  return line(r.id, schema, p, 'link', d);
}

export function eventLine(r: StoredRecord<EventData>): string {
  const d = r.data;
  const p: Props = {};
  put(p, 'name', d.title);
  put(p, 'date', date(d.date));
  put(p, 'endDate', date(d.endDate));
  put(p, 'location', d.place.name);
  put(p, 'country', d.place.country);
  put(p, 'involved', ...d.participants.map((x) => ftmId(x.entityId)));
  put(p, 'description', d.description);
  return line(r.id, 'Event', p, 'event', d);
}

export function claimLine(r: StoredRecord<ClaimData>, summary: string): string {
  const d = r.data;
  const p: Props = {};
  const a = d.assertion;
  put(p, 'summary', summary);
  put(p, 'statement', d.statement);
  put(p, 'assertion', a.type);
  if (a.type === 'link') put(p, 'link', ftmId(a.linkId));
  else {
    put(p, 'entity', ftmId(a.entityId));
    put(p, 'event', a.eventId ? ftmId(a.eventId) : undefined);
  }
  if (a.type === 'conduct') put(p, 'conduct', a.conduct);
  put(p, 'evidence', ...d.evidence.map((e) => e.evidenceId));
  put(p, 'assessment', d.assessment);
  return line(r.id, 'SanctumClaim', p, 'claim', d);
}
