/** FollowTheMoney (JSON lines, as Aleph and OpenSanctions use) in and out of a case. See mapping.ts for the table. */
export { importFtm, MAX_LISTED_REJECTIONS, type ImportOptions } from './import';
export { exportFtm, type ExportOptions, type ExportReport } from './export';
export { MAX_LINE_BYTES, readLines, type ByteSource } from './lines';
export { FtmWriter, MAX_LISTED_INVALID, type DocumentSpec, type FtmInvalid, type FtmLine } from './writer';
