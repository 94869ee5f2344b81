/**
 * Building and assessing a whole case from a script (issue 11 rule 11): `entity add`, `link add`, `event add`,
 * `claim add`, `designation add` and `trafficking-test`. Each prints the new record's id (or the whole record
 * with --json), so a script can chain them. The source / witness / statement commands come with the
 * witness-protection work. Every write goes through the same services (validation, audit) as the app.
 */
import { PARTICIPANT_ROLES, participantRole } from '../../../shared/model/vocabulary';
import type { TraffickingTest } from '../../core/criteria/trafficking-test';
import { defineCommand, UsageError, type Command, type CommandContext } from '../registry';
import { ENV_PASSPHRASE } from '../vault-access';
import { CASE_OPTION, VAULT_ARG, caseFor, withWorkspace } from './case';

const DATA_OPTION = { type: 'string', valueName: 'JSON', description: 'further fields of the record as a JSON object (merged under the flags)' } as const;

function data(ctx: CommandContext): Record<string, unknown> {
  const raw = ctx.string('data');
  if (raw === undefined) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new UsageError('--data takes a JSON object', ctx.command);
}

const date = (v: string | undefined) => (v ? { value: v } : undefined);
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));

const entityAdd = defineCommand({
  path: ['entity', 'add'],
  group: 'Case building',
  summary: 'Add an entity (person, organisation, armed group …) to a case',
  usage: '<vault> --kind K --name N [--role R]... [--nationality CC]... [--owns ID] [--data JSON] [--case C]',
  description: 'With --owns, the new entity and its "owns" link to that entity (a bank account\'s holder) are recorded as one step: one entry in the activity log, one undo.',
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    kind: { type: 'string', valueName: 'K', description: 'person, organization, armed_group, company, vessel …' },
    name: { type: 'string', valueName: 'N', description: 'the primary name (a pseudonym for a protected person)' },
    role: { type: 'string', multiple: true, valueName: 'R', description: 'a role such as trafficker, commander, victim (repeatable)' },
    nationality: { type: 'string', multiple: true, valueName: 'CC', description: 'two-letter ISO code (repeatable)' },
    owns: { type: 'string', valueName: 'ID', description: 'an entity of the case the new one owns (e.g. a bank account it holds)' },
    data: DATA_OPTION,
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const owns = ctx.string('owns');
    const made = await withWorkspace(ctx, ctx.arg(0), (ws) => {
      const input = { ...data(ctx), ...defined({ caseId: caseFor(ctx, ws).id, kind: ctx.string('kind'), name: ctx.string('name'), roles: ctx.strings('role'), nationality: ctx.strings('nationality').map((c) => c.toLowerCase()) }) };
      if (owns) {
        const r = ws.entities.createLinked(input, { kind: 'owns', target: owns });
        return { rec: r.entity, linkId: r.link.id as string | undefined };
      }
      return { rec: ws.entities.create(input), linkId: undefined };
    });
    return { json: { id: made.rec.id, ...made.rec.data, ...(made.linkId ? { linkId: made.linkId } : {}) }, text: made.rec.id };
  },
});

const linkAdd = defineCommand({
  path: ['link', 'add'],
  group: 'Case building',
  summary: 'Add a link between two entities (acted_for, member_of, paid, owns …)',
  usage: '<vault> --kind K --source ID --target ID [--start D] [--end D] [--date D] [--data JSON] [--case C]',
  description: 'Agency ("acted for, on behalf of or at the direction of") is the acted_for kind; an associate link or a payment is only a lead for the criteria engine.',
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    kind: { type: 'string', valueName: 'K', description: 'the link kind' },
    source: { type: 'string', valueName: 'ID', description: 'the entity the link reads from' },
    target: { type: 'string', valueName: 'ID', description: 'the entity the link reads to' },
    start: { type: 'string', valueName: 'DATE', description: 'YYYY, YYYY-MM or YYYY-MM-DD' },
    end: { type: 'string', valueName: 'DATE', description: 'YYYY, YYYY-MM or YYYY-MM-DD' },
    date: { type: 'string', valueName: 'DATE', description: 'for payments: when the money moved' },
    data: DATA_OPTION,
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const rec = await withWorkspace(ctx, ctx.arg(0), (ws) =>
      ws.links.create({
        ...data(ctx),
        ...defined({ caseId: caseFor(ctx, ws).id, kind: ctx.string('kind'), source: ctx.string('source'), target: ctx.string('target'), start: date(ctx.string('start')), end: date(ctx.string('end')), date: date(ctx.string('date')) }),
      }),
    );
    return { json: { id: rec.id, ...rec.data }, text: rec.id };
  },
});

const eventAdd = defineCommand({
  path: ['event', 'add'],
  group: 'Case building',
  summary: 'Add an event: when, where, participants with roles, conduct, victims',
  usage: '<vault> --title T [--date D] [--place P] [--country CC] [--conduct TAG]... [--participant ID:ROLE]... [--victims JSON] [--cross-border] [--consented] [--data JSON] [--case C]',
  description: `Participant roles: ${PARTICIPANT_ROLES.join(', ')}. Only organiser, perpetrator, commander, financier, facilitator and official_acted pass the event's conduct to the participant. --victims takes a JSON array of groups: {"count":3,"sex":"female","ageBand":"15-17","nationality":"er","exploitation":"forced_labour","entityId":"…"}.`,
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    title: { type: 'string', valueName: 'T', description: 'what happened, in a line' },
    date: { type: 'string', valueName: 'DATE', description: 'YYYY, YYYY-MM or YYYY-MM-DD' },
    place: { type: 'string', valueName: 'P', description: 'place name' },
    country: { type: 'string', valueName: 'CC', description: 'two-letter ISO code of where it happened' },
    conduct: { type: 'string', multiple: true, valueName: 'TAG', description: 'a conduct tag (repeatable)' },
    participant: { type: 'string', multiple: true, valueName: 'ID:ROLE', description: 'an entity and its role in the event (repeatable)' },
    victims: { type: 'string', valueName: 'JSON', description: 'victim groups as a JSON array' },
    'cross-border': { type: 'boolean', description: 'the victims crossed an international border' },
    consented: { type: 'boolean', description: 'the victims consented to the movement' },
    data: DATA_OPTION,
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const participants = ctx.strings('participant').map((p) => {
      const [entityId, role = ''] = p.split(':');
      const r = participantRole(role);
      // The role is asked for, never guessed: an unknown word is refused rather than stored as "unspecified".
      if (role.trim() === '' || (r === 'unspecified' && role.trim() !== 'unspecified')) throw new UsageError(`--participant ${p}: give ID:ROLE with ROLE one of ${PARTICIPANT_ROLES.join(', ')}`, ctx.command);
      return { entityId: entityId!, role: r };
    });
    let victims: unknown;
    const rawVictims = ctx.string('victims');
    if (rawVictims !== undefined) {
      try {
        victims = JSON.parse(rawVictims);
      } catch {
        throw new UsageError('--victims takes a JSON array', ctx.command);
      }
    }
    const country = ctx.string('country')?.toLowerCase();
    const place = ctx.string('place') !== undefined || country ? defined({ name: ctx.string('place'), country }) : undefined;
    const rec = await withWorkspace(ctx, ctx.arg(0), (ws) =>
      ws.events.create({
        ...data(ctx),
        ...defined({
          caseId: caseFor(ctx, ws).id,
          title: ctx.string('title'),
          date: date(ctx.string('date')),
          place,
          conduct: ctx.strings('conduct'),
          participants,
          victims,
          crossBorder: ctx.flag('cross-border') || undefined,
          victimsConsented: ctx.flag('consented') || undefined,
        }),
      }),
    );
    return { json: { id: rec.id, ...rec.data }, text: rec.id };
  },
});

const claimAdd = defineCommand({
  path: ['claim', 'add'],
  group: 'Case building',
  summary: 'Add a claim: evidence supports that an entity did a conduct, took part in an event, or that a link exists',
  usage: '<vault> (--entity ID (--conduct TAG | --event ID --participation) | --link ID) [--event ID] [--country CC] [--role R] --evidence ID... [--statement S] [--assessment A] [--case C]',
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    entity: { type: 'string', valueName: 'ID', description: 'who the claim is about' },
    conduct: { type: 'string', valueName: 'TAG', description: 'the conduct asserted' },
    participation: { type: 'boolean', description: 'assert that the entity took part in --event (in --role)' },
    role: { type: 'string', valueName: 'R', description: 'participant role for --participation' },
    event: { type: 'string', valueName: 'ID', description: 'the event the conduct happened at' },
    country: { type: 'string', valueName: 'CC', description: 'where the conduct happened' },
    link: { type: 'string', valueName: 'ID', description: 'assert that this link exists' },
    evidence: { type: 'string', multiple: true, valueName: 'ID', description: 'an evidence item the claim rests on (repeatable)' },
    statement: { type: 'string', valueName: 'S', description: 'one sentence a reader can check against the evidence' },
    assessment: { type: 'string', valueName: 'A', description: 'confirmed, probable, possible (default) or doubtful' },
    releasable: { type: 'boolean', description: 'may appear in a releasable narrative summary' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const entityId = ctx.string('entity');
    const link = ctx.string('link');
    const eventId = ctx.string('event');
    let assertion: Record<string, unknown>;
    if (link) assertion = { type: 'link', linkId: link };
    else if (entityId && ctx.flag('participation')) {
      if (!eventId) throw new UsageError('--participation needs --event', ctx.command);
      assertion = { type: 'participation', entityId, eventId, role: ctx.string('role') ? participantRole(ctx.string('role')) : '' };
    } else if (entityId && ctx.string('conduct')) assertion = defined({ type: 'conduct', entityId, conduct: ctx.string('conduct'), eventId, country: ctx.string('country')?.toLowerCase() });
    else throw new UsageError('give --entity with --conduct (or --participation --event), or --link', ctx.command);
    const rec = await withWorkspace(ctx, ctx.arg(0), (ws) =>
      ws.claims.create(
        defined({
          caseId: caseFor(ctx, ws).id,
          assertion,
          evidence: ctx.strings('evidence').map((evidenceId) => ({ evidenceId })),
          statement: ctx.string('statement'),
          assessment: ctx.string('assessment'),
          releasable: ctx.flag('releasable') || undefined,
        }),
      ),
    );
    return { json: { id: rec.id, ...rec.data }, text: rec.id };
  },
});

const designationAdd = defineCommand({
  path: ['designation', 'add'],
  group: 'Case building',
  summary: 'Record that an entity is listed (regime, reference, date) or part of a group',
  usage: '<vault> <entity-id> [--regime ID]... [--reference REF]... [--listed-on DATE] [--group G]... [--note T] [--case C]',
  positionals: [VAULT_ARG, { name: 'entity-id', description: 'the listed entity' }],
  options: {
    case: CASE_OPTION,
    regime: { type: 'string', multiple: true, valueName: 'ID', description: 'a regime id from `sanctum regimes` (repeatable)' },
    reference: { type: 'string', multiple: true, valueName: 'REF', description: 'a list reference such as LYi.026 (repeatable)' },
    'listed-on': { type: 'string', valueName: 'DATE', description: 'when the listing took effect (acting for the party counts from then)' },
    group: { type: 'string', multiple: true, valueName: 'G', description: 'a group the entity belongs to, e.g. isil (repeatable)' },
    note: { type: 'string', valueName: 'T', description: 'where this comes from' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const rec = await withWorkspace(ctx, ctx.arg(0), (ws) =>
      ws.criteria.addDesignation(
        defined({
          caseId: caseFor(ctx, ws).id,
          entityId: ctx.arg(1),
          regimeIds: ctx.strings('regime'),
          references: ctx.strings('reference'),
          listedOn: date(ctx.string('listed-on')),
          groups: ctx.strings('group'),
          note: ctx.string('note'),
          source: 'manual',
        }),
      ),
    );
    return { json: { id: rec.id, ...rec.data }, text: rec.id };
  },
});

function renderTest(t: TraffickingTest): string {
  const el = (name: string, f: TraffickingTest['act']) =>
    `  ${name.padEnd(8)} ${f.status.toUpperCase()}${f.evidenced.length ? ` — ${f.evidenced.map((e) => `${e.tag} (${e.claimIds.length} claim(s), ${e.independentSources} source(s)${e.corroborated ? '' : ', uncorroborated'})`).join('; ')}` : f.recorded.length ? ` — recorded: ${f.recorded.join(', ')}` : ''}`;
  return [
    `${t.title} (${t.eventId})`,
    `Trafficking: ${t.trafficking}; reads as: ${t.outcome.replace(/_/g, ' ')}${t.establishedVia ? ' (through a victim’s chain of events)' : ''}`,
    el('act', t.act),
    el('means', t.means),
    el('purpose', t.purpose),
    `  age      ${t.age}`,
    `Smuggling: ${t.smuggling.status}`,
    ...(t.consent ? [`Consent: ${t.consent}`] : []),
    ...t.chains.map((c) => `Chain for ${c.victimName}: ${c.eventIds.length} events, trafficking ${c.trafficking}`),
    ...t.explanation.map((e) => `  - ${e}`),
  ].join('\n');
}

const traffickingTestCmd = defineCommand({
  path: ['trafficking-test'],
  group: 'Criteria',
  summary: 'The trafficking test for an event: act, means, purpose (each with what carries it), smuggling, per-victim chains',
  usage: '<vault> <event-id> [--json]',
  positionals: [VAULT_ARG, { name: 'event-id', description: 'the event to test' }],
  options: {},
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const t = await withWorkspace(ctx, ctx.arg(0), (ws) => ws.criteria.traffickingTest(ctx.arg(1)));
    return { json: t, text: renderTest(t) };
  },
});

export const buildCommands: Command[] = [entityAdd, linkAdd, eventAdd, claimAdd, designationAdd, traffickingTestCmd];
