import type { Kysely } from 'kysely';

/**
 * Emits a resource's declared domain events (`events: { completed: schema }` on `tasks`
 * makes `tasks.completed`) into the outbound webhook outbox, inside a transaction: a
 * committed change always has its deliveries, a rolled-back one never does.
 *
 * @example
 * // in a hook: joins the write's transaction
 * await events.emit('tasks.completed', { by: user!.id }, { record: String(record.id) });
 */
export interface DomainEvents {
  /**
   * `data` is validated against the event's schema (a mismatch is a programming error
   * and throws). `record` names the record the event is about: its per-record sequence
   * number is then taken, as for created/updated/deleted. `trx` joins a transaction;
   * hooks' `events` already write in theirs.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  emit(type: string, data: unknown, options?: { record?: string; trx?: Kysely<any> }): Promise<void>;
}
