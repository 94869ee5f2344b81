/**
 * Forward-only, numbered schema migrations. Applied versions are recorded; a database whose applied
 * migrations are not a prefix of the ones this build knows (made by a newer build, or edited) is refused.
 *
 * The schema itself is deliberately featureless: each table is (id, ciphertext). What a record is, when it was
 * made and what it links to are all inside the ciphertext, because the shape of a network is intelligence.
 */
import type Database from 'better-sqlite3';
import { SanctumError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sealed-tables',
    up: (db) => {
      db.exec(`
        CREATE TABLE records (id BLOB PRIMARY KEY, ct BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE witness_records (id BLOB PRIMARY KEY, ct BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, ct BLOB NOT NULL);
        CREATE TABLE audit_heads (seq INTEGER PRIMARY KEY, ct BLOB NOT NULL);
      `);
    },
  },
  {
    version: 2,
    name: 'vault-meta',
    // One sealed row: the commitment over all sealed rows, commit counter and audit head (store/commitment.ts).
    up: (db) => {
      db.exec('CREATE TABLE vault_meta (id INTEGER PRIMARY KEY, ct BLOB NOT NULL)');
    },
  },
];

export function appliedMigrations(db: Database.Database): { version: number; name: string }[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
}

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const applied = appliedMigrations(db);
  applied.forEach((a, i) => {
    const known = migrations[i];
    if (!known || known.version !== a.version || known.name !== a.name) {
      throw new SanctumError(
        'SCHEMA_MISMATCH',
        `the vault database has migration ${a.version} "${a.name}" which this build does not know; it was probably made by a newer Sanctum`,
        'vault.db',
      );
    }
  });
  const pending = migrations.slice(applied.length);
  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      m.up(db);
      record.run(m.version, m.name);
    })();
  }
  return pending.length;
}
