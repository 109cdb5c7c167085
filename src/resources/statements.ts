import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { SqlTexts } from '../db/sql-texts.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- tables are addressed by name at run time */
type Executor = Kysely<any>;
type Row = Record<string, unknown>;

/**
 * The SQL of a resource table's reads by id and writes, built with Kysely once per shape
 * (which columns a write sets) and then run with each request's values: Kysely binds
 * every value as a parameter, so the SQL depends on the columns only. Building and
 * compiling Kysely's query trees on every request cost an authenticated read (S2
 * benchmark) 164 against 149 µs of CPU, and a create (S4, with the outbox lookup) 277
 * against 246 µs.
 *
 * @example
 * const statements = new ResourceStatements('markets', database);
 * const [row] = (await statements.insert(trx, { id, title })).rows;
 */
export class ResourceStatements {
  // PATCH bodies may name any subset of a resource's columns: SqlTexts keeps 256 shapes.
  private readonly texts = new SqlTexts();

  constructor(
    private readonly table: string,
    private readonly database: Pick<Database, 'db' | 'dialect'>,
  ) {}

  /**
   * `select *` of the row whose `columns` hold `values` (a unique key: one column, or a
   * unique combination); `forUpdate` locks it (PostgreSQL; SQLite has one writer at a time).
   */
  byKey(executor: Executor, columns: readonly string[], values: readonly unknown[], forUpdate = false) {
    const text = this.text(`byKey:${columns.join(',')}${forUpdate ? ':locked' : ''}`, (db) => {
      let query = db.selectFrom(this.table).selectAll();
      for (const column of columns) query = query.where(column, '=', '');
      // NO KEY UPDATE, not UPDATE: inserting a row that references this one holds a KEY
      // SHARE lock on it, which FOR UPDATE would wait on (two such writers deadlock).
      if (forUpdate && this.database.dialect === 'postgres') query = query.forNoKeyUpdate();
      return query;
    });
    return executor.executeQuery<Row>(CompiledQuery.raw(text, [...values]));
  }

  /** `select *` of the row with `id`; `forUpdate` locks it. */
  byId(executor: Executor, id: string, forUpdate = false) {
    return this.byKey(executor, ['id'], [id], forUpdate);
  }

  /** Inserts `row` (columns as keys) and returns it as stored. */
  insert(executor: Executor, row: Row) {
    const columns = Object.keys(row);
    const text = this.text(`insert:${columns.join(',')}`, (db) => db.insertInto(this.table).values(placeholders(columns)).returningAll());
    return executor.executeQuery<Row>(CompiledQuery.raw(text, columns.map((c) => row[c])));
  }

  /** Sets `row`'s columns on the row with `id` and returns it as stored (no row: not found). */
  update(executor: Executor, id: string, row: Row) {
    const columns = Object.keys(row);
    const text = this.text(`update:${columns.join(',')}`, (db) =>
      db.updateTable(this.table).set(placeholders(columns)).where('id', '=', '').returningAll(),
    );
    return executor.executeQuery<Row>(CompiledQuery.raw(text, [...columns.map((c) => row[c]), id]));
  }

  /** Deletes the row with `id`. */
  delete(executor: Executor, id: string) {
    const text = this.text('delete', (db) => db.deleteFrom(this.table).where('id', '=', ''));
    return executor.executeQuery(CompiledQuery.raw(text, [id]));
  }

  private text(shape: string, build: (db: Executor) => { compile(): CompiledQuery }): string {
    return this.texts.get(shape, () => build(this.database.db).compile().sql);
  }
}

/** A row whose values are all parameters; only the SQL's shape is taken from it. */
function placeholders(columns: readonly string[]): Row {
  return Object.fromEntries(columns.map((c) => [c, null]));
}
