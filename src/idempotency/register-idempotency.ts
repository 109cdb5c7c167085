import { createHash, type Hash } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onResponseHookHandler,
  onSendHookHandler,
  preParsingHookHandler,
  preValidationHookHandler,
} from 'fastify';
import type { Config } from '../core/config.js';
import type { Database } from '../db/database.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { createDatabaseIdempotencyStore } from './database-idempotency-store.js';
import { idempotencyInProgress, idempotencyKeyReused, invalidIdempotencyKey } from './idempotency-errors.js';
import {
  emptyBodySha256,
  idempotencyApplies,
  idempotencyKeyHeader,
  idempotencyReplayedHeader,
  isValidIdempotencyKey,
  requestFingerprint,
  scopedKeyId,
} from './idempotency-key.js';
import type { IdempotencyLease, IdempotencyStore, StoredResponse } from './idempotency-store.js';
import { createRedisIdempotencyStore } from './redis-idempotency-store.js';

/*
 * Route hooks, on POST and PATCH routes (but the session routes):
 *
 * | hook          | for                            | does                                                 |
 * |---------------|--------------------------------|------------------------------------------------------|
 * | preParsing    | POST/PATCH with the header     | hashes the raw body bytes as the parser reads them   |
 * | preValidation | same                           | checks the key, claims it, or replays/refuses        |
 * | onSend        | requests holding a lease       | keeps a 2xx-4xx answer; frees the key on a 5xx      |
 * | onResponse    | a lease onSend did not settle  | frees the key                                        |
 *
 * The claim runs in preValidation, after authentication has refused a bad token and
 * after body parsing: what happens before it (429, 401 for a bad token, 400 for
 * malformed JSON, 413, 415) is never stored, since the request was not understood or
 * not let in. Everything from there on is: validation 400s, access-rule 401/403, 404,
 * 409 and the handler's own answers.
 */

/** Options of {@link registerIdempotency}. */
export interface IdempotencyOptions {
  config: Pick<Config, 'idempotencyStore' | 'redisPrefix'>;
  database: Database;
  /** The app's Redis connection; required when `config.idempotencyStore` is `redis`. */
  redis?: RedisConnection;
  /** A store to use instead of the configured one. */
  store?: IdempotencyStore;
  /** How long a running request holds its key before another may take it (ms; default 60 s). */
  leaseMs?: number;
  /** How long a finished answer is replayed (ms; default 24 h). */
  retainMs?: number;
  /** The app's auth prefix, whose answers (tokens) are never stored (default `/api/v1/auth`; false: no auth routes). */
  authPrefix?: string | false;
}

/** The default lease: longer than any request should take, short enough to recover from a crash soon. */
export const defaultLeaseMs = 60_000;
/** The default retention of an answer, as Stripe keeps keys. */
export const defaultRetainMs = 24 * 3_600_000;
const purgeEveryMs = 3_600_000;

// Replayed because a client needs them to read the answer: the type of the body, where
// a created record lives, and the challenge RFC 9110 §11.6.1 requires on a 401.
const replayedHeaders = ['content-type', 'location', 'www-authenticate'];

/** A route's own hooks of one kind, as a list. */
function hooksOf<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}

interface Pending {
  bodyHash?: Hash;
  lease?: IdempotencyLease;
}

function storeOf(options: IdempotencyOptions): IdempotencyStore {
  if (options.store) return options.store;
  if (options.config.idempotencyStore === 'database') return createDatabaseIdempotencyStore(options.database);
  if (!options.redis) throw new TypeError('registerIdempotency: IDEMPOTENCY_STORE=redis needs the Redis connection');
  return createRedisIdempotencyStore({ redis: options.redis, prefix: options.config.redisPrefix });
}

/** The answer as it can be kept, or undefined for a streamed one (not replayable). */
function storable(reply: FastifyReply, payload: unknown): StoredResponse | undefined {
  const headers: Record<string, string> = {};
  for (const name of replayedHeaders) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  const status = reply.statusCode;
  if (payload === undefined || payload === null) return { status, headers, body: '' };
  if (typeof payload === 'string') return { status, headers, body: payload };
  if (Buffer.isBuffer(payload)) return { status, headers, body: payload.toString('base64'), base64: true };
  return undefined;
}

/**
 * `Idempotency-Key` on every POST and PATCH route (resource and custom routes; the
 * session routes under `/api/v1/auth/` excepted, see idempotency-key.ts): the first
 * answer is kept for 24 h and replayed to retries with `Idempotency-Replayed: true`;
 * the same key with another method, URL or body is a 422, and while the first request
 * runs, a 409 with `Retry-After`. Keys belong to the signed-in user, else the client
 * address. 5xx answers are not kept, so the client can retry. Requests without the
 * header are untouched. Register it after authentication and rate limits, before the
 * routes. See docs/idempotency.md.
 *
 * @example
 * await registerIdempotency(fastify, { config, database, redis });
 */
export async function registerIdempotency(fastify: FastifyInstance, options: IdempotencyOptions): Promise<void> {
  const store = storeOf(options);
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const retainMs = options.retainMs ?? defaultRetainMs;
  const pending = new WeakMap<FastifyRequest, Pending>();

  const keyed = (request: FastifyRequest) =>
    request.headers[idempotencyKeyHeader] !== undefined &&
    request.routeOptions.url !== undefined &&
    idempotencyApplies(request.method, request.routeOptions.url, options.authPrefix);

  const warn = (request: FastifyRequest, error: unknown, message: string) =>
    request.log.warn({ err: error instanceof Error ? error.message : String(error) }, message);

  /** Claims the key, or refuses, or replays; resolves true when the reply is sent. */
  const claimOrReplay = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const key = request.headers[idempotencyKeyHeader];
    if (!isValidIdempotencyKey(key)) throw invalidIdempotencyKey();
    const bodySha256 = pending.get(request)?.bodyHash?.digest('hex') ?? emptyBodySha256;
    const fingerprint = requestFingerprint(request.method, request.url, bodySha256);
    const scope = request.user ? `user:${request.user.id}` : `ip:${request.ip}`;
    const claim = await store.claim(scopedKeyId(scope, key), fingerprint, leaseMs);
    if (claim.state === 'acquired') {
      pending.set(request, { lease: claim.lease });
      return false;
    }
    pending.delete(request);
    if (claim.fingerprint !== fingerprint) throw idempotencyKeyReused();
    if (claim.state === 'running') throw idempotencyInProgress();
    const { response } = claim;
    request.log.info({ statusCode: response.status }, 'idempotent request replayed');
    reply.code(response.status);
    for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
    reply.header(idempotencyReplayedHeader, 'true');
    if (response.body === '') reply.send();
    else reply.send(response.base64 ? Buffer.from(response.body, 'base64') : response.body);
    return true;
  };

  const settle = async (request: FastifyRequest, reply: FastifyReply, payload: unknown, lease: IdempotencyLease): Promise<void> => {
    const answer = reply.statusCode < 500 ? storable(reply, payload) : undefined;
    try {
      if (!answer) await store.release(lease);
      else if (!(await store.complete(lease, answer, retainMs))) {
        request.log.warn('idempotency key lease expired before the answer was kept; a retry will run again');
      }
    } catch (error) {
      // The work is done: the answer still goes out. The lease expires by itself.
      warn(request, error, 'idempotency key could not be settled');
    }
  };

  // Callback-style hooks: a request without the header costs a header lookup per hook,
  // not a promise.
  const preParsing: preParsingHookHandler = (request, _reply, payload, done) => {
    if (!keyed(request)) return done(null, payload);
    const bodyHash = createHash('sha256');
    pending.set(request, { bodyHash });
    const tee = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        bodyHash.update(chunk);
        next(null, chunk);
      },
    });
    // pipeline forwards a failing upload to the parser as an error on `tee`.
    pipeline(payload, tee, () => undefined);
    done(null, tee as Readable as typeof payload);
  };

  const preValidation: preValidationHookHandler = (request, reply, done) => {
    if (!keyed(request)) return done();
    // A sent replay must not continue to the handler, so `done` is not called then.
    claimOrReplay(request, reply).then((replied) => {
      if (!replied) done();
    }, done);
  };

  // Kept before the answer leaves, so a client that has it always gets a replay.
  const onSend: onSendHookHandler = (request, reply, payload, done) => {
    const lease = pending.get(request)?.lease;
    if (!lease) return done(null, payload);
    pending.delete(request);
    void settle(request, reply, payload, lease).then(() => done(null, payload));
  };

  // A lease onSend did not settle (a reply that bypassed it) is freed, not left to expire.
  const onResponse: onResponseHookHandler = (request, _reply, done) => {
    const lease = pending.get(request)?.lease;
    if (!lease) return done();
    pending.delete(request);
    void store
      .release(lease)
      .catch((error: unknown) => warn(request, error, 'idempotency key could not be released'))
      .then(() => done());
  };

  // Only on the routes a key can apply to, so GETs and the rest run none of it. Ahead of
  // the route's own hooks: an access rule's 401/403 is an answer like any other, kept
  // and replayed (authentication's refusal of a bad token, a global hook, comes first).
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((method) => idempotencyApplies(method, route.url, options.authPrefix))) return;
    route.preParsing = [preParsing, ...hooksOf(route.preParsing)];
    route.preValidation = [preValidation, ...hooksOf(route.preValidation)];
    route.onSend = [onSend, ...hooksOf(route.onSend)];
    route.onResponse = [onResponse, ...hooksOf(route.onResponse)];
  });

  if (store.purgeExpired) {
    const purgeExpired = store.purgeExpired.bind(store);
    // Answers and dead leases would otherwise pile up for ever.
    const purge = () => purgeExpired().catch((err: unknown) => fastify.log.warn({ err }, 'idempotency key purge failed'));
    const timer = setInterval(purge, purgeEveryMs).unref();
    fastify.addHook('onClose', async () => clearInterval(timer));
    await purge();
  }
}
