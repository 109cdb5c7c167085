import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/auth-service.js';
import type { AppDb } from '../db/transactions.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Principal } from '../policies/rule.js';
import type { DomainEvents } from './events.js';
import type { RecordStoreFactory } from './record-store.js';

/** What every route handler receives beside its input: the caller, the app's services, the request. */
export interface HandlerContext<Q, B> {
  query: Q;
  body: B;
  user: Principal | null;
  /** Kysely, plus `db.transaction(async (trx) => ...)`: record writes and jobs inside commit together. */
  db: AppDb;
  /** Record access (validated, hooks run, no access rules): `records(markets, trx?)`. */
  records: RecordStoreFactory;
  /** Background jobs: `jobs.enqueue(name, payload, { trx })`. */
  jobs: JobQueue;
  /** Declared domain events into the webhook outbox: `events.emit('tasks.completed', data, { trx, record })`. */
  events: DomainEvents;
  /** Users and sessions: `auth.register(input, { trx })`, `auth.startSession(user)`, `auth.setPassword(id, pw)` (see docs/auth.md). */
  auth: AuthService;
  log: FastifyBaseLogger;
  request: FastifyRequest;
  reply: FastifyReply;
}
