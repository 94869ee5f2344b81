/**
 * `sanctum source add`, `sanctum witness add`, `sanctum statement add`: sources, witnesses (with their identity
 * in the compartment) and statements from the command line, for scripting and for the tests of witness
 * protection. Each prints the new record's id (`--json`: `{id, …}`).
 */
import { readFileSync } from 'node:fs';
import { SanctumError } from '../../core/errors';
import type { WitnessData } from '../../../shared/model/records';
import { defineCommand, STDIO, UsageError, type Command, type CommandContext } from '../registry';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE } from '../vault-access';
import { CASE_OPTION, caseFor, VAULT_ARG, withWorkspace } from './case';

const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

function grade(ctx: CommandContext, name: string): (typeof GRADES)[number] | undefined {
  const v = ctx.string(name)?.trim().toUpperCase();
  if (v === undefined) return undefined;
  if (!(GRADES as readonly string[]).includes(v)) throw new UsageError(`--${name} takes a grade A to F, not "${v}"`, ctx.command);
  return v as (typeof GRADES)[number];
}

function readJsonFile(file: string): unknown {
  try {
    // `-`: standard input, so that an identity need never be written to a file in clear.
    return JSON.parse(readFileSync(file === STDIO ? 0 : file, 'utf8'));
  } catch (e) {
    throw new SanctumError('INVALID_INPUT', `cannot read ${file} as JSON: ${(e as Error).message}`, file);
  }
}

const IDENTITY_FIELDS = ['fullName', 'givenName', 'fatherName', 'grandfatherName', 'familyName', 'otherNames', 'nicknames', 'phone', 'idNumbers', 'address', 'placeOfBirth', 'dateOfBirth', 'contact', 'notes', 'nationality'];

/** The identity file: all fields optional but one name; the full name, if absent, is the parts in order. */
function identityFrom(file: string): Record<string, unknown> {
  const raw = readJsonFile(file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SanctumError('INVALID_INPUT', `${file}: the identity must be a JSON object`, file);
  const id = raw as Record<string, unknown>;
  const unknown = Object.keys(id).filter((k) => !IDENTITY_FIELDS.includes(k));
  if (unknown.length) throw new SanctumError('INVALID_INPUT', `${file}: unknown field(s) ${unknown.join(', ')}; allowed: ${IDENTITY_FIELDS.join(', ')}`, file);
  const parts = ['givenName', 'fatherName', 'grandfatherName', 'familyName'].map((k) => id[k]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const others = Array.isArray(id.otherNames) ? (id.otherNames as unknown[]).filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
  const fullName = typeof id.fullName === 'string' && id.fullName.trim() ? id.fullName : parts.length ? parts.join(' ') : others[0];
  if (!fullName) throw new SanctumError('INVALID_INPUT', `${file}: give at least one name (fullName, givenName, fatherName, grandfatherName, familyName or otherNames)`, file);
  return { ...id, fullName };
}

const sourceAdd = defineCommand({
  path: ['source', 'add'],
  group: 'Witnesses and sources',
  summary: 'Add a source to a case',
  usage: '<vault> --case C --name N --grade A-F [--type T] [--json]',
  description: 'A source is who or what gave the information, graded A (reliable) to F (cannot be judged). For a person, use a pseudonym.',
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    name: { type: 'string', valueName: 'N', description: 'the source (a pseudonym for people)' },
    grade: { type: 'string', valueName: 'A-F', description: 'reliability grade' },
    type: { type: 'string', valueName: 'T', description: 'source type (default other)' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const name = ctx.string('name');
    if (!name?.trim()) throw new UsageError('--name is required', ctx.command);
    const reliability = grade(ctx, 'grade');
    if (!reliability) throw new UsageError('--grade A-F is required', ctx.command);
    const r = await withWorkspace(ctx, ctx.arg(0), (ws) => {
      const c = caseFor(ctx, ws);
      const s = ws.sources.create({ caseId: c.id, name, type: ctx.string('type') ?? 'other', reliability });
      return { id: s.id, caseId: c.id, name: s.data.name, reliability: s.data.reliability };
    });
    return { json: r, text: `Added source "${r.name}" (${r.reliability}), id ${r.id}.` };
  },
});

const witnessAdd = defineCommand({
  path: ['witness', 'add'],
  group: 'Witnesses and sources',
  summary: 'Register a witness under a pseudonym, with their identity in the compartment',
  usage: '<vault> --case C --pseudonym P [--identity FILE.json] [--reliability A-F] [--json]',
  description: `
The identity file is a JSON object: fullName, givenName, fatherName, grandfatherName, familyName, otherNames
(list), nicknames (list), phone, idNumbers (list), address, placeOfBirth, dateOfBirth — all optional but one
name. It is sealed in the witness compartment, so it needs the compartment passphrase
(SANCTUM_WITNESS_PASSPHRASE, else asked for). Every export then searches its text for every field, in any
spelling or script.`,
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    pseudonym: { type: 'string', valueName: 'P', description: 'the pseudonym (default: the next free W-NNN)' },
    identity: { type: 'string', valueName: 'FILE', description: 'the identity as a JSON object (- for standard input)', path: true },
    reliability: { type: 'string', valueName: 'A-F', description: "grade of the witness's source record (default: recorded as not yet graded)" },
  },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'the witness compartment passphrase (needed with --identity)' }],
  async run(ctx) {
    const file = ctx.string('identity');
    const identity = file !== undefined ? identityFrom(file) : undefined;
    const reliability = grade(ctx, 'reliability');
    const r = await withWorkspace(ctx, ctx.arg(0), async (ws) => {
      const c = caseFor(ctx, ws);
      if (identity) await ws.ctx.vault.unlockWitness(await ctx.secret(WITNESS_PASSPHRASE));
      const pseudonym = ctx.string('pseudonym');
      const w = ws.witnesses.create({ caseId: c.id, ...(pseudonym ? { pseudonym } : {}) }, identity, { reliability: reliability ?? 'ungraded' });
      const source = ws.witnesses.sourceOf(w.id);
      return { id: w.id, caseId: c.id, pseudonym: w.data.pseudonym, sourceId: source?.id ?? null, identity: identity !== undefined };
    });
    return { json: r, text: `Registered witness ${r.pseudonym}, id ${r.id}${r.identity ? ' (identity sealed in the compartment)' : ''}.` };
  },
});

const CONSENTS = { listing: 'useForListing', prosecutors: 'shareWithProsecutors', named: 'mayBeNamed' } as const;

const statementAdd = defineCommand({
  path: ['statement', 'add'],
  group: 'Witnesses and sources',
  summary: "Record a witness's statement",
  usage: '<vault> --case C --witness P --text-file F [--consent listing,prosecutors,named] [--credibility 1-6] [--language L] [--json]',
  description: `
--consent lists what the witness agreed to: listing (use for listing proposals), prosecutors (share with
prosecutors), named (may be named). Without it, none: the statement stays in the vault.`,
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    witness: { type: 'string', valueName: 'P', description: "the witness's pseudonym (or id)" },
    'text-file': { type: 'string', valueName: 'F', description: 'the statement text (UTF-8; - for standard input)', path: true },
    consent: { type: 'string', valueName: 'LIST', description: 'comma-separated: listing, prosecutors, named' },
    credibility: { type: 'string', valueName: '1-6', description: 'credibility of the information (default 6)' },
    language: { type: 'string', valueName: 'L', description: 'language of the statement' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const who = ctx.string('witness');
    if (!who) throw new UsageError('--witness is required', ctx.command);
    const textFile = ctx.string('text-file');
    if (!textFile) throw new UsageError('--text-file is required', ctx.command);
    let text: string;
    try {
      text = readFileSync(textFile === STDIO ? 0 : textFile, 'utf8');
    } catch {
      throw new SanctumError('NOT_FOUND', `cannot read ${textFile}`, textFile);
    }
    const consent = { useForListing: false, shareWithProsecutors: false, mayBeNamed: false };
    for (const c of (ctx.string('consent') ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean)) {
      const key = CONSENTS[c as keyof typeof CONSENTS];
      if (!key) throw new UsageError(`--consent takes listing, prosecutors, named; not "${c}"`, ctx.command);
      consent[key] = true;
    }
    const credibility = ctx.int('credibility', { min: 1, max: 6 });
    const language = ctx.string('language');
    const r = await withWorkspace(ctx, ctx.arg(0), (ws) => {
      const c = caseFor(ctx, ws);
      const w = ws.witnesses.list(c.id).find((x: { id: string; data: WitnessData }) => x.data.pseudonym === who || x.id === who);
      if (!w) throw new SanctumError('NOT_FOUND', `no witness "${who}" in case "${c.data.name}"`, 'witness');
      const s = ws.witnesses.recordStatement({ caseId: c.id, witnessId: w.id, text, consent, ...(credibility !== undefined ? { credibility } : {}), ...(language ? { language } : {}) });
      return { id: s.id, caseId: c.id, witnessId: w.id, consent };
    });
    return { json: r, text: `Recorded statement ${r.id}.` };
  },
});

export const witnessCommands: Command[] = [sourceAdd, witnessAdd, statementAdd];
