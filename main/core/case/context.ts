import type { z } from 'zod';
import { SanctumError } from '../errors';
import type { Repository } from '../store/repository';
import type { StoredRecord } from '../store/sealed-store';
import type { Vault } from '../vault/vault';
import type { CaseIndex } from './case-index';

/** What every case service needs: the vault, its in-memory records and their indexes. */
export interface ServiceContext {
  vault: Vault;
  repo: Repository;
  index: CaseIndex;
  /** The witness-identity compartment's records; throws COMPARTMENT_LOCKED when it is locked. */
  witnessRepo(): Repository;
}

/** Validate input against a schema; errors name the field. */
export function parseData<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || what;
    throw new SanctumError('INVALID_INPUT', `${what}: ${field}: ${issue.message}`, field);
  }
  return r.data;
}

export function requireKind<T>(repo: Repository, id: string, kind: string, label = kind): StoredRecord<T> {
  const rec = repo.get<T>(id);
  if (!rec || rec.kind !== kind) throw new SanctumError('NOT_FOUND', `no ${label} with id ${id}`, id);
  return rec;
}

/** Referenced records must exist, be of the right kind and belong to the same case. */
export function requireInCase<T extends { caseId: string }>(repo: Repository, id: string, kind: string, caseId: string, label = kind): StoredRecord<T> {
  const rec = requireKind<T>(repo, id, kind, label);
  if (rec.data.caseId !== caseId) throw new SanctumError('INVALID_INPUT', `${label} ${id} belongs to another case`, id);
  return rec;
}
