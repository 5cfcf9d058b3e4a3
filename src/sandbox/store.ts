import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from './types.js';

/** A reference from one stored object to another, kept so deletes and inverse lists are index lookups. */
export interface StoredReference {
  property: string;
  toType: string;
  toUid: string;
}

/** A value that must be unique per type (DHIS2 unique columns plus composite keys such as section name + dataSet). */
export interface UniqueValue {
  property: string;
  value: string;
}

/** One row of the data_values table (column names as stored). */
export interface DataValueRow {
  data_element: string;
  period: string;
  org_unit: string;
  category_option_combo: string;
  attribute_option_combo: string;
  value: string | null;
  stored_by: string;
  created: string;
  last_updated: string;
  comment: string | null;
  followup: number;
  deleted: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (type TEXT NOT NULL, uid TEXT NOT NULL, code TEXT, json TEXT NOT NULL, PRIMARY KEY (type, uid)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_code ON objects (type, code);
CREATE TABLE IF NOT EXISTS unique_values (type TEXT NOT NULL, property TEXT NOT NULL, value TEXT NOT NULL, uid TEXT NOT NULL, PRIMARY KEY (type, property, value)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS unique_values_owner ON unique_values (type, uid);
CREATE TABLE IF NOT EXISTS refs (from_type TEXT NOT NULL, from_uid TEXT NOT NULL, property TEXT NOT NULL, to_type TEXT NOT NULL, to_uid TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS refs_from ON refs (from_type, from_uid);
CREATE INDEX IF NOT EXISTS refs_to ON refs (to_type, to_uid);
CREATE TABLE IF NOT EXISTS datastore (namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, created TEXT NOT NULL, last_updated TEXT NOT NULL, PRIMARY KEY (namespace, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS data_values (data_element TEXT NOT NULL, period TEXT NOT NULL, org_unit TEXT NOT NULL, category_option_combo TEXT NOT NULL, attribute_option_combo TEXT NOT NULL, value TEXT, stored_by TEXT NOT NULL, created TEXT NOT NULL, last_updated TEXT NOT NULL, comment TEXT, followup INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (data_element, period, org_unit, category_option_combo, attribute_option_combo)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS api_tokens (uid TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, user_uid TEXT NOT NULL, expire INTEGER, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS credentials (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, user_uid TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS complete_registrations (data_set TEXT NOT NULL, period TEXT NOT NULL, org_unit TEXT NOT NULL, attribute_option_combo TEXT NOT NULL, completed INTEGER NOT NULL, stored_by TEXT NOT NULL, date TEXT NOT NULL, PRIMARY KEY (data_set, period, org_unit, attribute_option_combo)) WITHOUT ROWID;
`;

/** A unique key refused by the database, worded as PostgreSQL words it (DHIS2 2.40+ passes the text on). */
export class ConstraintViolation extends Error {
  constructor(type: string, unique: UniqueValue) {
    const constraint =
      unique.property === 'name+dataSet'
        ? 'key_sectionnamedataset'
        : `uk_${type.toLowerCase()}_${unique.property.toLowerCase()}`;
    const columns = unique.property === 'name+dataSet' ? 'name, datasetid' : unique.property.toLowerCase();
    super(
      `ERROR: duplicate key value violates unique constraint "${constraint}"\n  Detail: Key (${columns})=(${unique.value.replace('\u0000', ', ')}) already exists.`,
    );
    this.name = 'ConstraintViolation';
  }
}

/** Every table, for whole-database comparisons in tests and for `sandbox reset`. */
export const TABLES = [
  'objects',
  'unique_values',
  'refs',
  'datastore',
  'data_values',
  'api_tokens',
  'credentials',
  'settings',
  'complete_registrations',
] as const;

/**
 * The sandbox's SQLite database: one row per metadata object (its JSON as DHIS2 would export it
 * with `:owner`), plus index tables that keep uniqueness checks and in-use checks O(log n).
 */
export class SandboxStore {
  readonly db: Database.Database;
  private readonly stmt;

  constructor(dataDir: string | undefined) {
    let file = ':memory:';
    if (dataDir !== undefined) {
      mkdirSync(dataDir, { recursive: true });
      file = join(dataDir, 'sandbox.sqlite');
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmt = {
      get: db.prepare<[string, string], { json: string }>(
        'SELECT json FROM objects WHERE type = ? AND uid = ?',
      ),
      exists: db.prepare<[string, string], { one: number }>(
        'SELECT 1 AS one FROM objects WHERE type = ? AND uid = ?',
      ),
      uidByCode: db.prepare<[string, string], { uid: string }>(
        'SELECT uid FROM objects WHERE type = ? AND code = ? LIMIT 1',
      ),
      put: db.prepare('INSERT OR REPLACE INTO objects (type, uid, code, json) VALUES (?, ?, ?, ?)'),
      delete: db.prepare('DELETE FROM objects WHERE type = ? AND uid = ?'),
      list: db.prepare<[string], { json: string }>('SELECT json FROM objects WHERE type = ? ORDER BY uid'),
      counts: db.prepare<[], { type: string; n: number }>(
        'SELECT type, COUNT(*) AS n FROM objects GROUP BY type',
      ),
      uniqueOwner: db.prepare<[string, string, string], { uid: string }>(
        'SELECT uid FROM unique_values WHERE type = ? AND property = ? AND value = ?',
      ),
      insertUnique: db.prepare('INSERT INTO unique_values (type, property, value, uid) VALUES (?, ?, ?, ?)'),
      deleteUniques: db.prepare('DELETE FROM unique_values WHERE type = ? AND uid = ?'),
      insertRef: db.prepare(
        'INSERT INTO refs (from_type, from_uid, property, to_type, to_uid) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteRefsFrom: db.prepare('DELETE FROM refs WHERE from_type = ? AND from_uid = ?'),
      refsTo: db.prepare<[string, string], { from_type: string; from_uid: string; property: string }>(
        'SELECT from_type, from_uid, property FROM refs WHERE to_type = ? AND to_uid = ?',
      ),
    };
  }

  getObject(type: string, uid: string): JsonObject | undefined {
    const row = this.stmt.get.get(type, uid);
    return row ? (JSON.parse(row.json) as JsonObject) : undefined;
  }

  exists(type: string, uid: string): boolean {
    return this.stmt.exists.get(type, uid) !== undefined;
  }

  uidByCode(type: string, code: string): string | undefined {
    return this.stmt.uidByCode.get(type, code)?.uid;
  }

  /** The uid of the stored object of `type` holding `value` in a unique property, if any. */
  uniqueOwner(type: string, property: string, value: string): string | undefined {
    return this.stmt.uniqueOwner.get(type, property, value)?.uid;
  }

  /** Stores (or replaces) one object with its unique values and references; throws on a unique-key clash like a DB would. */
  putObject(type: string, object: JsonObject, uniques: UniqueValue[], refs: StoredReference[]): void {
    const uid = object.id as string;
    const code = typeof object.code === 'string' ? object.code : null;
    this.stmt.put.run(type, uid, code, JSON.stringify(object));
    this.stmt.deleteUniques.run(type, uid);
    for (const u of uniques) {
      try {
        this.stmt.insertUnique.run(type, u.property, u.value, uid);
      } catch (error) {
        // Reworded as PostgreSQL would word it; the transaction still rolls back.
        if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
          throw new ConstraintViolation(type, u);
        throw error;
      }
    }
    this.stmt.deleteRefsFrom.run(type, uid);
    for (const r of refs) this.stmt.insertRef.run(type, uid, r.property, r.toType, r.toUid);
  }

  deleteObject(type: string, uid: string): void {
    this.stmt.delete.run(type, uid);
    this.stmt.deleteUniques.run(type, uid);
    this.stmt.deleteRefsFrom.run(type, uid);
  }

  referencesTo(type: string, uid: string): Array<{ fromType: string; fromUid: string; property: string }> {
    return this.stmt.refsTo
      .all(type, uid)
      .map((r) => ({ fromType: r.from_type, fromUid: r.from_uid, property: r.property }));
  }

  listObjects(type: string): JsonObject[] {
    return this.stmt.list.all(type).map((r) => JSON.parse(r.json) as JsonObject);
  }

  objectCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const row of this.stmt.counts.all()) counts[row.type] = row.n;
    return counts;
  }

  /** Runs fn in one SQLite transaction: everything it wrote is rolled back if it throws. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Every table's rows in a stable order (tests compare these before and after a rejected import). */
  dumpTables(): Record<string, unknown[]> {
    const dump: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const rows = this.db
        .prepare(`SELECT * FROM ${table}`)
        .all()
        .map((row) => JSON.stringify(row));
      dump[table] = rows.sort().map((row) => JSON.parse(row) as unknown);
    }
    return dump;
  }

  clear(): void {
    this.transaction(() => {
      for (const table of TABLES) this.db.exec(`DELETE FROM ${table}`);
    });
  }

  close(): void {
    this.db.close();
  }
}
