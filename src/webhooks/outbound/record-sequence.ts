import { CompiledQuery, sql } from 'kysely';
import { SqlTexts } from '../../db/sql-texts.js';
import { column, type TableModel } from '../../db/migrations/schema-model.js';
import type { WebhookDatabase } from './stored-values.js';

/*
 * The per-record sequence of outbound events. Deliveries are retried, run by several
 * workers and instances, and may arrive in any order; each event therefore carries a
 * number that grows with every event of its record, so a receiver keeps the highest it
 * has applied and discards anything older (docs/outbound-webhooks.md).
 *
 * The number comes from a counter row per record, bumped by an upsert in the write's own
 * transaction. The upsert holds the row's write lock until commit (PostgreSQL's row
 * lock; SQLite has one writer at a time), so a concurrent write of the same record waits
 * for the commit and then reads the number after it: numbers follow commit order, and a
 * rolled-back write takes its bump with it, leaving no gap. The row outlives a delete, so
 * the delete's number stays the record's last and a late event cannot look newer.
 */

/** The table name of {@link webhookSequencesTable}. */
export const webhookSequencesTableName = 'rampart_webhook_sequences';

/**
 * One row per record that has sent an event: `subject` is `<resource>/<id>`, `sequence`
 * the number of its latest event.
 *
 * @example
 * extraTables: [...outboundWebhookTables] // includes this table
 */
export const webhookSequencesTable: TableModel = {
  name: webhookSequencesTableName,
  columns: [{ ...column('subject', 'text', true), primaryKey: true }, column('sequence', 'integer', true)],
  indexes: [],
};

// Run on every write that has subscribers: compiled once per dialect.
const texts = new SqlTexts();
const nextSql = (database: WebhookDatabase) =>
  texts.get(database.dialect, () =>
    database.db
      .insertInto(webhookSequencesTableName)
      .values({ subject: '', sequence: 1 })
      .onConflict((oc) => oc.column('subject').doUpdateSet({ sequence: sql`${sql.ref(`${webhookSequencesTableName}.sequence`)} + 1` }))
      .returning('sequence')
      .compile().sql,
  );

/**
 * The next sequence number of a record's events (1 for its first), taken inside the
 * caller's transaction: pass `{ ...database, db: trx }`.
 *
 * @example
 * const sequence = await nextRecordSequence({ ...database, db: trx }, 'markets', record.id);
 */
export async function nextRecordSequence(database: WebhookDatabase, resource: string, id: string): Promise<number> {
  const { rows } = await database.db.executeQuery<{ sequence: number | string | bigint }>(CompiledQuery.raw(nextSql(database), [`${resource}/${id}`, 1]));
  const value = rows[0]?.sequence;
  if (value === undefined) throw new Error(`no sequence returned for ${resource}/${id}`);
  return Number(value);
}
