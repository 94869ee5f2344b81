/**
 * Record migrations keyed by kind and version: old records (written as earlier builds wrote them, version
 * stamp included) are read at the newest version their data can reach; new records carry the current version;
 * the typed read side (`ofKind`, `isKind`) sees the kind map's types.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { RECORD_SCHEMAS, type EntityData, type ListSnapshotData } from '../../../shared/model/records';
import { RECORD_HISTORY, currentVersion, upgradeRecord } from '../../../main/core/store/record-migrations';
import { Repository, isKind, type OwnRecordOf, type RecordOf } from '../../../main/core/store/repository';
import { SIGNER_KIND } from '../../../main/core/exchange/package/signers';
import type { StoredRecord } from '../../../main/core/store/sealed-store';
import { newTestVault } from '../../helpers/vault';

const SHA = 'a'.repeat(64);
const snapshot = (extra: Partial<ListSnapshotData>) => ({
  listId: 'un-consolidated',
  name: 'UN list',
  format: 'un-xml',
  source: 'consolidated.xml',
  generatedAt: null,
  sha256: SHA,
  importedAt: '2024-02-02T00:00:00.000Z',
  counts: { individuals: 1, entities: 0, aliases: 0 },
  problems: 0,
  ...extra,
});
const BLOB = { blobId: 'b'.repeat(32), sha256: SHA, size: 10 };

describe('record migrations', () => {
  it('has one step from every old version of a kind, for kinds of the kind map only', () => {
    for (const [kind, history] of Object.entries(RECORD_HISTORY)) {
      expect(Object.keys(RECORD_SCHEMAS), kind).toContain(kind);
      for (let v = 1; v < history!.current; v++) expect(history!.upgrades[v], `${kind} v${v}`).toBeTypeOf('function');
    }
    expect(currentVersion('list_snapshot')).toBe(2);
    expect(currentVersion('entity')).toBe(1);
    expect(currentVersion('identity')).toBe(1);
  });

  it('leaves a current record as the same object', () => {
    const rec: StoredRecord = { id: '1'.repeat(32), kind: 'list_snapshot', v: 2, createdAt: '', updatedAt: '', data: snapshot({ blob: BLOB, entryCount: 1 }) };
    expect(upgradeRecord(rec)).toBe(rec);
    const other: StoredRecord = { ...rec, kind: 'entity', v: 1 };
    expect(upgradeRecord(other)).toBe(other);
  });

  it('reads an old vault: v1 snapshots with a blob are v2, inline ones stay v1 until moved; new records are stamped', async () => {
    const { vault } = await newTestVault();
    // Rows as the build before versions wrote them: every snapshot at v1, blob or inline.
    const [withBlob, inline] = vault.action({ action: 'test.old_rows' }, () => [
      vault.store.insert('records', 'list_snapshot', snapshot({ blob: BLOB, entryCount: 1 }), { v: 1 }),
      vault.store.insert('records', 'list_snapshot', snapshot({ entries: [{ id: 'LYi.901' }] }), { v: 1 }),
    ]);
    const repo = new Repository(vault);
    expect(repo.get(withBlob!.id)).toMatchObject({ v: 2, data: { blob: BLOB } });
    expect(repo.get(inline!.id)).toMatchObject({ v: 1, data: { entries: [{ id: 'LYi.901' }] } });

    // New records carry their kind's current version.
    const [fresh, entity] = repo.transact({ action: 'test.new_rows' }, (tx) => [
      tx.insert('list_snapshot', snapshot({ blob: BLOB, entryCount: 1 })),
      tx.insert('case', { name: 'Case', description: '', status: 'open', countries: [], tags: [] }),
    ]);
    expect([fresh!.v, entity!.v]).toEqual([2, 1]);

    // The upgraded record is written back at its new version the next time it is written.
    repo.transact({ action: 'test.touch' }, (tx) => tx.update(repo.require(withBlob!.id), { ...(repo.get(withBlob!.id)!.data as object), name: 'UN list (renamed)' }));
    const reread = new Repository(vault);
    const stored = [...vault.store.scan('records')].find((r) => r.id === withBlob!.id)!;
    expect(stored.v).toBe(2);
    expect(reread.get(withBlob!.id)).toMatchObject({ v: 2, data: { name: 'UN list (renamed)' } });

    // The typed read side: ofKind and isKind give the kind map's data type.
    const snaps = [...reread.ofKind('list_snapshot')];
    expect(snaps.map((s) => s.data.listId)).toEqual(['un-consolidated', 'un-consolidated', 'un-consolidated']);
    const any = reread.get(entity!.id);
    expect(isKind(any, 'case') && any.data.name).toBe('Case');
    expect(isKind(any, 'entity')).toBe(false);
    vault.close();
  });

  it('types ofKind by the kind alone: the kind map, or the kind a module declared (checked by tsc)', () => {
    type Iter<R> = IterableIterator<R>;
    const repo = {} as Repository; // only the types are read: nothing here is called
    expectTypeOf(() => repo.ofKind('entity')).returns.toEqualTypeOf<Iter<RecordOf<'entity'>>>();
    expectTypeOf<RecordOf<'entity'>['data']>().toEqualTypeOf<EntityData>();
    // Declared beside its writer (exchange/package/signers.ts), not passed by hand.
    expectTypeOf(() => repo.ofKind(SIGNER_KIND)).returns.toEqualTypeOf<Iter<OwnRecordOf<'package_known_signer'>>>();
    expectTypeOf<OwnRecordOf<'package_known_signer'>['data']['fingerprint']>().toEqualTypeOf<string>();
    expectTypeOf(() => repo.ofKind('no-such-kind')).returns.toEqualTypeOf<Iter<StoredRecord>>();
    // A type passed by hand no longer compiles (never called: only tsc reads it).
    // @ts-expect-error ofKind takes no hand-passed data type
    const handPassed = () => repo.ofKind<EntityData>('entity');
    void handPassed;
  });
});
