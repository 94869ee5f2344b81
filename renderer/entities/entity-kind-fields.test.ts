import { describe, expect, it } from 'vitest';
import { ACTOR_KINDS, ENTITY_KINDS, IDENTIFIER_TYPES } from '../../shared/model/vocabulary';
import { checkIban, checkImo, draftFromData, draftToData, emptyDraft, KIND_FIELDS, KIND_IDENTIFIERS, NAME_PLACEHOLDERS, offersRoles, type EntityDraft } from './entity-form-model';

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

describe('per-kind fields of the entity form', () => {
  const bank = (patch: Partial<EntityDraft>): EntityDraft => ({ ...emptyDraft('bank_account'), name: 'Sahara Bank account 0912', ...patch });

  it('takes a valid IBAN in any spacing and stores its electronic form', () => {
    expect(checkIban('GB82 WEST 1234 5698 7654 32')).toEqual({ value: 'GB82WEST12345698765432' });
    expect(checkIban('de89370400440532013000')).toEqual({ value: 'DE89370400440532013000' });
    const r = draftToData(bank({ ids: { iban: 'GB82 WEST 1234 5698 7654 32', account_number: '0912' }, bankName: ' Sahara Bank ' }));
    expect(r.errors).toEqual({});
    expect(r.data.identifiers).toEqual([
      { type: 'iban', value: 'GB82WEST12345698765432' },
      { type: 'account_number', value: '0912' },
    ]);
    expect(r.data.bankName).toBe('Sahara Bank');
  });

  it('refuses an IBAN with one mistyped character, under the IBAN field', () => {
    expect(checkIban('GB82 WEST 1234 5698 7654 33')).toMatchObject({ error: expect.stringMatching(/check digits/) });
    expect(checkIban('GB82')).toMatchObject({ error: expect.stringMatching(/two-letter country code/) });
    expect(checkIban('ZZ82WEST12345698765432')).toMatchObject({ error: expect.stringMatching(/not a country code/) });
    // A British IBAN has 22 characters: one dropped is said as such, before the checksum.
    expect(checkIban('GB82 WEST 1234 5698 7654 3')).toMatchObject({ error: expect.stringMatching(/has 22 characters; this one has 21/) });
    const r = draftToData(bank({ ids: { iban: 'GB82 WEST 1234 5698 7654 33' } }));
    expect(Object.keys(r.errors)).toEqual(['ids.iban']);
    expect(r.data.identifiers).toEqual([]);
    // The same check on an IBAN added as an identifier row, under that row.
    const rows = draftToData(bank({ identifiers: [{ type: 'iban', value: 'DE89370400440532013001', country: '' }] }));
    expect(Object.keys(rows.errors)).toEqual(['identifiers.0']);
  });

  it('checks an IMO number’s check digit and stores it with its prefix', () => {
    expect(checkImo('IMO 9074729')).toEqual({ value: 'IMO9074729' });
    expect(checkImo('9074729')).toEqual({ value: 'IMO9074729' });
    expect(checkImo('IMO 9074728')).toMatchObject({ error: expect.stringMatching(/check digit/) });
    expect(checkImo('907472')).toMatchObject({ error: expect.stringMatching(/seven digits/) });
    const vessel = { ...emptyDraft('vessel'), name: 'MV Sea Star' };
    const ok = draftToData({ ...vessel, ids: { imo_number: '9074729', mmsi: '636 012 345' }, flag: 'Panamá' });
    expect(ok.errors).toEqual({});
    expect(ok.data.identifiers).toEqual([
      { type: 'imo_number', value: 'IMO9074729' },
      { type: 'mmsi', value: '636012345' },
    ]);
    expect(ok.data.flag).toBe('pa');
    const bad = draftToData({ ...vessel, ids: { imo_number: 'IMO 9074728', mmsi: '63601' }, flag: 'Atlantis' });
    expect(Object.keys(bad.errors).sort()).toEqual(['flag', 'ids.imo_number', 'ids.mmsi']);
  });

  it('takes the flag and the jurisdiction by name in any language, and stores the ISO code', () => {
    expect(draftToData({ ...emptyDraft('vessel'), name: 'X', flag: 'ليبيا' }).data.flag).toBe('ly');
    expect(draftToData({ ...emptyDraft('company'), name: 'Y', jurisdiction: 'Malte' }).data.jurisdiction).toBe('mt');
    // Only kinds that have them keep them: a vessel turned into a vehicle loses its flag.
    expect(draftToData({ ...emptyDraft('vehicle'), name: 'Z', flag: 'Libya' }).data.flag).toBeUndefined();
  });

  it('reads an account’s first IBAN into its field and back, keeping the other identifiers as rows', () => {
    const d = draftFromData({
      caseId: 'c',
      kind: 'bank_account',
      name: 'Account',
      aliases: [],
      identifiers: [
        { type: 'iban', value: 'GB82WEST12345698765432', country: 'gb' },
        { type: 'iban', value: 'DE89370400440532013000' },
        { type: 'other', value: 'ref 7' },
      ],
      roles: [],
      nationality: [],
      countries: [],
      description: '',
      bankName: 'Sahara Bank',
    });
    expect(d.ids).toEqual({ iban: 'GB82WEST12345698765432' });
    expect(d.identifiers.map((x) => x.value)).toEqual(['DE89370400440532013000', 'ref 7']);
    expect(d.bankName).toBe('Sahara Bank');
    const back = draftToData(d);
    expect(back.errors).toEqual({});
    expect(back.data.identifiers).toEqual([
      { type: 'iban', value: 'GB82WEST12345698765432', country: 'gb' },
      { type: 'iban', value: 'DE89370400440532013000', country: undefined },
      { type: 'other', value: 'ref 7', country: undefined },
    ]);
  });

  it('names the holder of a bank account: an entity of the case, or a new one', () => {
    expect(draftToData(bank({ holderId: 'e1', holderName: 'ignored' })).holder).toEqual({ entityId: 'e1' });
    expect(draftToData(bank({ holderName: ' Omar Khalifa ', holderKind: 'person' })).holder).toEqual({ name: 'Omar Khalifa', kind: 'person' });
    expect(draftToData(bank({})).holder).toBeUndefined();
    // Only accounts have holders.
    expect(draftToData({ ...emptyDraft('vessel'), name: 'V', holderName: 'Omar' }).holder).toBeUndefined();
    for (const k of ENTITY_KINDS) for (const t of KIND_FIELDS[k].ids) expect(IDENTIFIER_TYPES).toContain(t);
    expect(KIND_FIELDS.bank_account).toMatchObject({ ids: ['iban', 'account_number', 'swift_bic'], bank: true, holder: true });
    expect(KIND_FIELDS.vessel).toMatchObject({ ids: ['imo_number', 'mmsi', 'call_sign'], flag: true });
  });
});
