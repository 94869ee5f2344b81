export const ARTEFACT: RegExp;
export const CHECKSUM_FILE: string;
export function writeChecksums(dir: string, opts?: { version?: string }): Promise<string[]>;
