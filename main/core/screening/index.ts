/** Sanctions list screening: list formats read into one model, and the matcher. Plain Node, no vault. */
import { readFileSync, statSync } from 'node:fs';
import { parseFtmListFile } from './ftm-list';
import type { ListSnapshot } from './list-model';
import { checkUnXmlSize, parseUnConsolidatedList } from './un-xml';

export * from './list-model';
export { parseFtmList, parseFtmListFile } from './ftm-list';
export { parseUnConsolidatedList, UN_XML_LIMITS } from './un-xml';
export { ListMatcher, type ScreenQuery, type ScreenResult, type ScreenOptions } from './matcher';

export const LIST_FORMATS = ['un-xml', 'ftm'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/**
 * Read a list file of either format. UN XML is parsed whole (the real list is ~2 MB), so its size is checked
 * against UN_XML_LIMITS.maxBytes before a byte is read; FtM is streamed with a per-line limit.
 */
export async function readListFile(path: string, format: ListFormat): Promise<ListSnapshot> {
  if (format === 'ftm') return parseFtmListFile(path);
  checkUnXmlSize(statSync(path).size, path);
  return parseUnConsolidatedList(readFileSync(path), path);
}
