/**
 * Opens the vault database with the settings the security model depends on:
 *  - WAL + synchronous=FULL: a committed transaction survives a crash or power loss; a process killed mid-write
 *    leaves the last committed state.
 *  - secure_delete: deleted ciphertext is overwritten, not left in free pages.
 *  - temp_store=MEMORY: no temporary files beside the vault.
 *  - locking_mode=EXCLUSIVE: one process owns the vault at a time; the OS drops the lock if the process dies,
 *    so a crash never leaves a stale lock behind.
 *  - wal_autocheckpoint=16384 pages (64 MiB at 4 KiB pages) instead of SQLite's 1000: record ids are random, so a
 *    batch of 1000 inserts touches ~1000 different B-tree pages and, with the default, every commit was followed
 *    by a checkpoint copying them all back into the database (and an fsync). Checkpointing less often writes each
 *    hot page once per checkpoint instead of once per commit: bulk insert +25-35 % (npm run bench -- --only store).
 *    journal_size_limit keeps the WAL file from staying larger than that after a checkpoint. Durability is
 *    unchanged: every commit is still fsynced to the WAL (synchronous=FULL).
 */
import Database from 'better-sqlite3';
import { SanctumError } from '../errors';
import { migrate } from './migrations';

export const DB_FILE = 'vault.db';
export const WAL_AUTOCHECKPOINT_PAGES = 16384;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export interface OpenDatabaseOptions {
  /** Path to a better-sqlite3 native binding built for another runtime (Electron). */
  nativeBinding?: string;
  readonly?: boolean;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  // A short busy timeout: if another process holds the vault, say so at once rather than hang.
  const dbOptions: Database.Options = { fileMustExist: false, readonly: options.readonly ?? false, timeout: 250 };
  if (options.nativeBinding) dbOptions.nativeBinding = options.nativeBinding;
  const db = new Database(path, dbOptions);
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    // Take the exclusive lock now, so a second process fails here with a clear message.
    db.exec('BEGIN IMMEDIATE; COMMIT;');
    migrate(db);
  } catch (e) {
    db.close();
    if (e instanceof Error && /database is locked|SQLITE_BUSY/i.test(e.message)) {
      throw new SanctumError('VAULT_BUSY', 'the vault is open in another Sanctum window or command; close it there first', path);
    }
    if (e instanceof Error && /not a database|malformed|corrupt/i.test(e.message)) {
      throw new SanctumError('DATABASE_CORRUPT', `the vault database is damaged: ${e.message}`, path);
    }
    throw e;
  }
  return db;
}
