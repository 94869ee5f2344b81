/**
 * The UN Consolidated List reader (main/core/screening/un-xml.ts) on a generated list of fixed size (5,000
 * individuals and 1,000 entities in the real list's element structure, with documents, places of birth,
 * addresses, titles and designations), and on the real 2020 list when ../shared is present.
 *
 * Baseline: fast-xml-parser building one tree of the whole document with the same options (what the reader did
 * before it parsed record by record), without any mapping. The ratio is reader time / baseline time: below 1
 * means reading the list, mapping included, costs less than building the whole tree alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { parseUnConsolidatedList, UN_XML_PARSER_OPTIONS } from '../../../main/core/screening/un-xml';
import type { BenchRow, BenchSuite } from '../types';
import { median, round, timeMs } from '../util';

const INDIVIDUALS = 5_000;
const ENTITIES = 1_000;
const RUNS = 3;
const UN_FILE = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..', 'shared', 'un-consolidated-list', 'un-sc-consolidated-2020-03-20.xml');
const COUNTRIES = ['Libya', 'Eritrea', 'Viet Nam', 'Iran (Islamic Republic of)', 'Sudan', "Democratic People's Republic of Korea"];

function individual(i: number): string {
  const c = COUNTRIES[i % COUNTRIES.length]!;
  return `<INDIVIDUAL><DATAID>${i}</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>Person${i}</FIRST_NAME><SECOND_NAME>Bench</SECOND_NAME><THIRD_NAME>Name${i % 97}</THIRD_NAME><UN_LIST_TYPE>Bench</UN_LIST_TYPE><REFERENCE_NUMBER>BBi.${i}</REFERENCE_NUMBER><LISTED_ON>2018-06-07</LISTED_ON><GENDER>Male</GENDER><COMMENTS1>Generated entry ${i}.</COMMENTS1><TITLE><VALUE>Colonel</VALUE></TITLE><DESIGNATION><VALUE>Commander of unit ${i}</VALUE></DESIGNATION><NATIONALITY><VALUE>${c}</VALUE></NATIONALITY><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><LAST_DAY_UPDATED><VALUE>2019-02-11</VALUE><VALUE>2020-01-05</VALUE></LAST_DAY_UPDATED><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Alias ${i}; Other ${i}</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_ADDRESS><STREET>${i} Bench Street</STREET><CITY>City${i % 50}</CITY><COUNTRY>${c}</COUNTRY></INDIVIDUAL_ADDRESS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>19${50 + (i % 50)}-01-0${1 + (i % 9)}</DATE></INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_PLACE_OF_BIRTH><CITY>Town${i % 70}</CITY><COUNTRY>${c}</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH><INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>Bench passport number P${100000 + i}</NUMBER><ISSUING_COUNTRY>${c}</ISSUING_COUNTRY><NOTE>expires 1 Jan. 2030</NOTE></INDIVIDUAL_DOCUMENT><SORT_KEY/><SORT_KEY_LAST_MOD/></INDIVIDUAL>`;
}

function entity(i: number): string {
  return `<ENTITY><DATAID>${900000 + i}</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>BENCH COMPANY ${i}</FIRST_NAME><UN_LIST_TYPE>Bench</UN_LIST_TYPE><REFERENCE_NUMBER>BBe.${i}</REFERENCE_NUMBER><LISTED_ON>2019-03-03</LISTED_ON><COMMENTS1>Generated.</COMMENTS1><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><LAST_DAY_UPDATED><VALUE/></LAST_DAY_UPDATED><ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Bench Co ${i}</ALIAS_NAME></ENTITY_ALIAS><ENTITY_ADDRESS><CITY>Port${i % 20}</CITY><COUNTRY>${COUNTRIES[i % COUNTRIES.length]}</COUNTRY></ENTITY_ADDRESS><SORT_KEY/><SORT_KEY_LAST_MOD/></ENTITY>`;
}

function generated(): Buffer {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2024-01-01T00:00:00.000-05:00"><INDIVIDUALS>'];
  for (let i = 0; i < INDIVIDUALS; i++) parts.push(individual(i));
  parts.push('</INDIVIDUALS><ENTITIES>');
  for (let i = 0; i < ENTITIES; i++) parts.push(entity(i));
  parts.push('</ENTITIES></CONSOLIDATED_LIST>');
  return Buffer.from(parts.join('\n'), 'utf8');
}

/** The whole-document tree, as the reader built it before (same parser options). */
const wholeTree = new XMLParser(UN_XML_PARSER_OPTIONS);

async function measure(label: string, bytes: Buffer, log: (m: string) => void): Promise<BenchRow[]> {
  const text = bytes.toString('utf8');
  parseUnConsolidatedList(bytes, label); // warm-up
  wholeTree.parse(text);
  const reader: number[] = [];
  const base: number[] = [];
  let entries = 0;
  for (let r = 0; r < RUNS; r++) {
    reader.push(await timeMs(() => (entries = parseUnConsolidatedList(bytes, label).entries.length)));
    base.push(await timeMs(() => wholeTree.parse(text)));
  }
  const ms = median(reader);
  const baseMs = median(base);
  log(`${label}: ${entries} entries, reader ${round(ms)} ms, whole-tree parse ${round(baseMs)} ms`);
  return [
    { metric: `${label}: read (${(bytes.length / 1024 / 1024).toFixed(1)} MiB, ${entries} entries)`, value: round(ms), unit: 'ms', baseline: round(baseMs), ratio: round(ms / baseMs, 2) },
    { metric: `${label}: entries per second`, value: round((entries / ms) * 1000), unit: 'entries/s' },
  ];
}

export const suite: BenchSuite = {
  name: 'un-xml',
  description: `UN list reader, record by record, on ${INDIVIDUALS / 1000}k individuals + ${ENTITIES / 1000}k entities (and the real 2020 list when present); vs one whole-document fast-xml-parser tree`,
  async run({ log }) {
    const rows = await measure('generated list', generated(), log);
    if (existsSync(UN_FILE)) rows.push(...(await measure('UN list 2020-03-20', readFileSync(UN_FILE), log)));
    else log('../shared/un-consolidated-list absent: the real list is not measured');
    return rows;
  },
};
