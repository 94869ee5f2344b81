/**
 * FollowTheMoney import and export at the size: 100k entities + 200k relationships, generated
 * deterministically (every value a function of the index), imported into a fresh vault.
 *
 *  - parse + validate: the import's dry run (stream, JSON.parse, map, zod, resolve ends), nothing written;
 *  - whole import: the same plus one transaction of 300k sealed inserts and its audit entry;
 *  - export: the case back to FtM JSON lines (atomic write, SHA-256);
 *  - peak RSS of the process (includes anything run before in the same process).
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Workspace } from '../../../main/core/workspace';
import { KDF_FLOOR } from '../../../main/core/crypto/kdf';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { exportFtm, importFtm } from '../../../main/core/exchange/ftm';
import { createVault } from '../../../main/core/vault/vault';
import type { BenchSuite } from '../types';
import { round } from '../util';

const ENTITIES = 100_000;
const RELATIONSHIPS = 200_000;
const PASS = 'benchmark passphrase, not secret';

const GIVEN = ['Abdirahman', 'Meron', 'Tesfay', 'Amina', 'Yonas', 'Fatima', 'Ibrahim', 'Selam', 'Khalid', 'Hiwet', 'Omar', 'Saba', 'Mahmoud', 'Rahel'];
const FAMILY = ['Haile', 'Mohamed', 'Gebremariam', 'al-Zawi', 'Tekle', 'Hassan', 'Berhane', 'Yusuf', 'Kidane', 'Osman', 'Abraha', 'al-Warfalli'];
const ARABIC = ['عبد الرحمن', 'سالم', 'محمد', 'أحمد', 'خالد', 'فاطمة'];
const GEEZ = ['ተስፋይ', 'ሰላም', 'ዮናስ', 'ሄዋን', 'መሮን'];
const COUNTRIES = ['er', 'et', 'sd', 'so', 'ly', 'ne', 'td', 'ng', 'mt', 'it'];
const PLACES = ['Bani Walid', 'Kufra', 'Sabha', 'Agadez', 'Khartoum', 'Kassala', 'Tripoli', 'Zuwara', 'Gedaref', 'Tessenei'];
const ORG_WORDS = ['Coastal', 'Desert', 'Martyrs', 'Unity', 'Southern', 'Border', 'Eagle', 'Falcon', 'Sabratha', 'Zawiya'];

const pick = <T>(xs: readonly T[], n: number): T => xs[Math.abs(n) % xs.length]!;

/** A deterministic entity of a schema chosen by index: 60% people, then organisations, companies and assets. */
function entity(i: number): { id: string; schema: string; properties: Record<string, string[]> } {
  const id = `bench-e-${i}`;
  const r = i % 20;
  const month = String(1 + (i % 12)).padStart(2, '0');
  if (r < 12) {
    const name = `${pick(GIVEN, i)} ${pick(FAMILY, i >> 4)} ${pick(FAMILY, i >> 8)}`;
    const props: Record<string, string[]> = {
      name: [name, i % 3 === 0 ? `${pick(ARABIC, i)} ${pick(ARABIC, i >> 3)}` : `${pick(GEEZ, i)} ${pick(GEEZ, i >> 3)}`],
      alias: [`${pick(GIVEN, i)} ${pick(FAMILY, i >> 4)}`],
      weakAlias: [`Wedi ${pick(GIVEN, i >> 2)}`],
      birthDate: [i % 4 === 0 ? `19${60 + (i % 40)}` : `19${60 + (i % 40)}-${month}`],
      nationality: [pick(COUNTRIES, i)],
      gender: [i % 2 ? 'male' : 'female'],
      birthPlace: [pick(PLACES, i)],
      passportNumber: [`P${String(i).padStart(7, '0')}`],
      notes: [`Seen at the ${pick(PLACES, i * 13)} compound in 2023-${month}; report ${i % 997}.`],
    };
    if (i % 5 === 0) props.topics = ['crime.traffick'];
    return { id, schema: 'Person', properties: props };
  }
  if (r < 15) {
    const props: Record<string, string[]> = { name: [`${pick(ORG_WORDS, i)} ${pick(ORG_WORDS, i >> 3)} Brigade ${i}`], country: ['ly'] };
    if (i % 2) props.classification = ['armed group'];
    return { id, schema: 'Organization', properties: props };
  }
  if (r < 17) {
    return {
      id,
      schema: 'Company',
      properties: { name: [`${pick(ORG_WORDS, i)} Trading ${i} Ltd`], registrationNumber: [`C ${i}`], incorporationDate: [`20${10 + (i % 14)}-${month}-01`], jurisdiction: [pick(COUNTRIES, i)] },
    };
  }
  if (r === 17) return { id, schema: 'Vessel', properties: { name: [`Sea ${pick(ORG_WORDS, i)} ${i}`], imoNumber: [String(9_000_000 + i)], flag: [pick(COUNTRIES, i)] } };
  if (r === 18) return { id, schema: 'BankAccount', properties: { name: [`Account ${i}`], iban: [`LY${String(i).padStart(23, '0')}`], bankName: ['Sahara Bank'] } };
  return { id, schema: 'Address', properties: { full: [`Compound ${i}, ${pick(PLACES, i)}`], country: [pick(COUNTRIES, i)] } };
}

const LINK_SCHEMATA: [string, string, string, string][] = [
  ['Membership', 'member', 'organization', 'role'],
  ['Ownership', 'owner', 'asset', 'role'],
  ['Directorship', 'director', 'organization', 'role'],
  ['Payment', 'payer', 'beneficiary', 'purpose'],
  ['Associate', 'person', 'associate', 'relationship'],
  ['Family', 'person', 'relative', 'relationship'],
  ['UnknownLink', 'subject', 'object', 'role'],
];

function relationship(j: number): { id: string; schema: string; properties: Record<string, string[]> } {
  const [schema, from, to, roleProp] = pick(LINK_SCHEMATA, j);
  const a = (j * 7919) % ENTITIES;
  let b = (j * 104_729 + 13) % ENTITIES;
  if (b === a) b = (b + 1) % ENTITIES;
  const props: Record<string, string[]> = { [from]: [`bench-e-${a}`], [to]: [`bench-e-${b}`], startDate: [`20${10 + (j % 14)}`] };
  if (schema === 'Payment') {
    props.amount = [String(1000 + (j % 50_000))];
    props.currency = [pick(['USD', 'EUR', 'LYD'], j)];
    props.date = [`20${10 + (j % 14)}-${String(1 + (j % 12)).padStart(2, '0')}`];
    props[roleProp] = [j % 3 ? 'Ransom payment' : 'Financing of operations'];
  } else if (schema === 'UnknownLink') props[roleProp] = [pick(['Recruited', 'Transported', 'Communicated with', 'Supplied arms to', 'met at the port'], j)];
  else if (schema === 'Directorship') props[roleProp] = [j % 2 ? 'Commander' : 'Director'];
  else props[roleProp] = [pick(['deputy', 'brother', 'business partner', 'driver'], j)];
  return { id: `bench-r-${j}`, schema, properties: props };
}

function writeFile(path: string): void {
  const fd = openSync(path, 'w');
  try {
    let buf: string[] = [];
    const flush = () => {
      writeSync(fd, buf.join(''));
      buf = [];
    };
    // Relationships first, as some exporters write them: the importer must resolve ends in a second pass.
    for (let j = 0; j < RELATIONSHIPS; j++) {
      buf.push(`${JSON.stringify(relationship(j))}\n`);
      if (buf.length >= 10_000) flush();
    }
    for (let i = 0; i < ENTITIES; i++) {
      buf.push(`${JSON.stringify(entity(i))}\n`);
      if (buf.length >= 10_000) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
}

export const suite: BenchSuite = {
  name: 'ftm',
  description: `FtM import of ${ENTITIES / 1000}k entities + ${RELATIONSHIPS / 1000}k relationships into a fresh vault, and export`,
  async run({ workDir, log }) {
    await initCrypto();
    const file = join(workDir, 'bench.ftm.jsonl');
    let t = performance.now();
    writeFile(file);
    const mb = statSync(file).size / 1e6;
    log(`generated ${round(mb, 1)} MB in ${round(performance.now() - t)} ms`);
    const records = ENTITIES + RELATIONSHIPS;

    const { vault } = await createVault(join(workDir, 'vault'), { passphrase: PASS, kdf: KDF_FLOOR });
    const ws = new Workspace(vault);
    try {
      const caseId = ws.cases.create({ name: 'Benchmark' }).id;
      t = performance.now();
      const dry = await importFtm(ws, file, { caseId, dryRun: true });
      const parseMs = performance.now() - t;
      if (dry.rejected.length || dry.imported.entities !== ENTITIES || dry.imported.links !== RELATIONSHIPS) {
        throw new Error(`dry run: ${JSON.stringify({ ...dry, rejected: dry.rejected.slice(0, 5) })}`);
      }
      log(`parse + validate: ${round(parseMs)} ms`);

      t = performance.now();
      const rep = await importFtm(ws, file, { caseId });
      const importMs = performance.now() - t;
      if (rep.aborted || ws.repo.countOfKind('entity') !== ENTITIES || ws.repo.countOfKind('link') !== RELATIONSHIPS) throw new Error('import incomplete');
      log(`whole import: ${round(importMs)} ms`);

      t = performance.now();
      const ex = exportFtm(ws, caseId, join(workDir, 'export.ftm.jsonl'));
      const exportMs = performance.now() - t;
      if (ex.entities !== ENTITIES || ex.links !== RELATIONSHIPS) throw new Error('export incomplete');
      log(`export: ${round(exportMs)} ms`);

      const rate = (ms: number) => round((records / ms) * 1000);
      const peakMiB = round(process.resourceUsage().maxRSS / 1024);
      return [
        { metric: 'file size', value: round(mb, 1), unit: 'MB' },
        { metric: 'parse + validate (dry run)', value: rate(parseMs), unit: 'records/s' },
        { metric: 'whole import (one transaction)', value: rate(importMs), unit: 'records/s' },
        { metric: 'whole import (time)', value: round(importMs), unit: 'ms', target: '<= 60000 ms on 2 cores', pass: importMs <= 60_000 },
        { metric: 'export', value: rate(exportMs), unit: 'records/s' },
        { metric: 'export (time)', value: round(exportMs), unit: 'ms' },
        { metric: 'peak RSS (process)', value: peakMiB, unit: 'MiB' },
      ];
    } finally {
      vault.close('bench');
    }
  },
};
