/**
 * Deterministic synthetic case records for `sanctum dev fill`, the crash test and the benchmarks: realistic
 * shape and size (~200 bytes of JSON), and every field a pure function of the index, so a reader can check
 * that record i holds exactly what was written.
 */

export const SYNTHETIC_KIND = 'dev.synthetic';

const GIVEN = ['Abdirahman', 'Meron', 'Tesfay', 'Amina', 'Yonas', 'Fatima', 'Ibrahim', 'Selam', 'Khalid', 'Hiwet', 'Omar', 'Saba'];
const FAMILY = ['Haile', 'Mohamed', 'Gebremariam', 'Ali', 'Tekle', 'Hassan', 'Berhane', 'Yusuf', 'Kidane', 'Osman', 'Abraha'];
const ROLES = ['recruiter', 'transporter', 'financier', 'witness', 'victim', 'facilitator', 'commander', 'official'];
const PLACES = ['Bani Walid', 'Kufra', 'Sabha', 'Agadez', 'Khartoum', 'Kassala', 'Tripoli', 'Zuwara', 'Gedaref', 'Tessenei'];
const NATIONALITIES = ['ER', 'ET', 'SD', 'SO', 'LY', 'NE', 'TD', 'NG'];

export interface SyntheticData {
  i: number;
  name: string;
  role: string;
  born: string;
  nationality: string;
  note: string;
  canary?: string;
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

export function syntheticRecord(i: number, canary?: string): SyntheticData {
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  return {
    i,
    name: `${pick(GIVEN, i)} ${pick(FAMILY, Math.floor(i / GIVEN.length))}`,
    role: pick(ROLES, i * 7),
    born: `19${60 + (i % 40)}-${month}`,
    nationality: pick(NATIONALITIES, i * 3),
    note: `Seen at the ${pick(PLACES, i * 13)} compound on 2023-${month}-${day}; reported by source S-${(i * 31) % 997}, grade B2. Ref #${i}.`,
    ...(canary !== undefined ? { canary } : {}),
  };
}

/** `sanctum dev fill` records (typed `ofKind`, see OwnRecordKinds in store/repository.ts). */
declare module '../core/store/repository' {
  interface OwnRecordKinds {
    'dev.synthetic': SyntheticData;
  }
}
