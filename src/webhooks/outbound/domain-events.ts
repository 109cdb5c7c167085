import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { runTransaction } from '../../db/transactions.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { DomainEvents } from '../../resources/events.js';
import type { AnyResource } from '../../resources/resource.js';
import { writeDeliveries } from './outbox.js';

const crudActions = ['created', 'updated', 'deleted'];
const actionPattern = /^[a-z][a-zA-Z0-9-]*$/;

/**
 * Every event type something in the app emits: each resource's created, updated and
 * deleted, then its declared domain events. Endpoints may subscribe to these only.
 *
 * @example
 * knownEventTypes([tasks]); // ['tasks.created', 'tasks.updated', 'tasks.deleted', 'tasks.completed']
 */
export function knownEventTypes(resources: readonly AnyResource[]): string[] {
  return resources.flatMap((r) => [...crudActions, ...Object.keys(r.definition.events ?? {})].map((action) => `${r.name}.${action}`));
}

/** What `createApp` refuses in `events`, all at once. */
export function eventProblems(resources: readonly AnyResource[]): string[] {
  return resources.flatMap((r) =>
    Object.entries(r.definition.events ?? {}).flatMap(([action, schema]) => {
      const where = `${r.name}.events.${action}`;
      if (!actionPattern.test(action)) return [`${where}: an event name is a camelCase or kebab-case word`];
      if (crudActions.includes(action)) return [`${where}: ${r.name}.${action} is emitted by Rampart itself`];
      if (typeof (schema as { safeParse?: unknown } | undefined)?.safeParse !== 'function') return [`${where}: give the payload's zod schema`];
      return [];
    }),
  );
}

/** Options of {@link domainEvents}. */
export interface DomainEventsOptions {
  database: Database;
  jobs: JobQueue;
  resources: readonly AnyResource[];
  /** The transaction every emit joins (hooks'); without it, each emit joins `options.trx` or runs its own. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx?: Transaction<any>;
}

/**
 * The `events` of hooks, routes and the app: emits declared domain events into the
 * outbox, with the same delivery, signing, retries and per-record sequence as resource
 * changes. An undeclared type or data that breaks the event's schema is a programming
 * error and throws before anything is written.
 */
export function domainEvents(options: DomainEventsOptions): DomainEvents {
  return {
    async emit(type, data, emitOptions = {}) {
      const dot = type.indexOf('.');
      const resource = options.resources.find((r) => r.name === type.slice(0, dot));
      const schema = resource?.definition.events?.[type.slice(dot + 1)];
      if (!resource || !schema) throw new TypeError(`no resource declares the event "${type}" (events: { ... } on the resource)`);
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        throw new TypeError(`${type}: the data does not match the event's schema: ${issues}`);
      }
      const subject = emitOptions.record === undefined ? undefined : { resource: resource.name, id: emitOptions.record };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const write = (trx: Transaction<any>) => writeDeliveries(options.database, trx, options.jobs, type, parsed.data, subject);
      const trx = emitOptions.trx ?? options.trx;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await (trx ? write(trx as Transaction<any>) : runTransaction(options.database.db, write));
    },
  };
}
