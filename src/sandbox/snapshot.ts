import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES } from './store.js';

const DATABASE = 'sandbox.sqlite';
export const SNAPSHOT_FILE = 'prepared.sqlite';

export const hasSnapshot = (dataDir: string) => existsSync(join(dataDir, SNAPSHOT_FILE));

/**
 * Copies the database as it is now (after provisioning) to prepared.sqlite. VACUUM INTO reads a
 * consistent view, so it works while the sandbox serves from another connection or process.
 */
export function takeSnapshot(dataDir: string): void {
  const target = join(dataDir, SNAPSHOT_FILE);
  rmSync(target, { force: true });
  const db = new Database(join(dataDir, DATABASE));
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}

/**
 * Puts every table back as the snapshot has it, in one transaction: a sandbox still serving
 * (reset --force) sees the old or the new database, never half of each.
 */
export function restoreSnapshot(dataDir: string): void {
  const db = new Database(join(dataDir, DATABASE));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('ATTACH DATABASE ? AS prepared').run(join(dataDir, SNAPSHOT_FILE));
    db.transaction(() => {
      for (const table of TABLES) {
        db.exec(`DELETE FROM main.${table}`);
        db.exec(`INSERT INTO main.${table} SELECT * FROM prepared.${table}`);
      }
    })();
    db.exec('DETACH DATABASE prepared');
  } finally {
    db.close();
  }
}
