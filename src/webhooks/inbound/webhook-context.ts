import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { Transaction } from 'kysely';
import type { RecordStore } from '../../resources/record-store.js';
import type { AnyResource } from '../../resources/resource.js';
import type { EventSchemas, WebhookContext, WebhookEvent } from './webhook.js';

/** What the app lends handlers: record stores that join a given transaction. */
export interface WebhookEnvironment {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  records(resource: AnyResource, trx: Transaction<any>): RecordStore;
  jobs: JobQueue;
}

/**
 * The context a handler receives for one event inside its transaction. Everything a
 * handler can reach is bound here, in one place, so a new service (a job queue joining
 * the transaction) is one more line.
 *
 * @example
 * await webhook.handler(createWebhookContext(event, trx, log, environment));
 */
export function createWebhookContext(
  event: WebhookEvent<EventSchemas>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Transaction<any>,
  log: FastifyBaseLogger,
  environment: WebhookEnvironment,
): WebhookContext<EventSchemas> {
  return {
    ...event,
    event,
    trx,
    log,
    records: (resource) => environment.records(resource, trx),
    jobs: { enqueue: (name, payload, options) => environment.jobs.enqueue(name, payload, { ...options, trx }) },
  };
}
