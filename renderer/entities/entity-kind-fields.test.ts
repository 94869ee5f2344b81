import { describe, expect, it } from 'vitest';
import { ACTOR_KINDS, ENTITY_KINDS, IDENTIFIER_TYPES } from '../../shared/model/vocabulary';
import { KIND_IDENTIFIERS, NAME_PLACEHOLDERS, offersRoles } from './entity-form-model';

describe('entity form fields that fit the kind', () => {
  it('asks a bank account for IBAN, account number and SWIFT, a vessel for IMO, MMSI and call sign', () => {
    expect(KIND_IDENTIFIERS.bank_account).toEqual(['iban', 'account_number', 'swift_bic']);
    expect(KIND_IDENTIFIERS.vessel).toEqual(['imo_number', 'mmsi', 'call_sign']);
    expect(KIND_IDENTIFIERS.crypto_wallet).toEqual(['wallet_address']);
    for (const k of ENTITY_KINDS) for (const t of KIND_IDENTIFIERS[k]) expect(IDENTIFIER_TYPES).toContain(t);
  });

  it('offers person roles only to kinds that can act', () => {
    for (const k of ENTITY_KINDS) expect(offersRoles(k)).toBe(ACTOR_KINDS.includes(k));
    expect(offersRoles('bank_account')).toBe(false);
    expect(offersRoles('person')).toBe(true);
  });

  it('suggests an armed group’s name only for armed groups', () => {
    const groupLike = ENTITY_KINDS.filter((k) => /Brigade/.test(NAME_PLACEHOLDERS[k]));
    expect(groupLike).toEqual(['armed_group']);
    expect(new Set(Object.values(NAME_PLACEHOLDERS)).size).toBe(ENTITY_KINDS.length);
  });
});
