/*
 * Baseline: the benchmarked routes written by hand on Fastify 5, the way a skilled
 * engineer would for production: JSON Schema validation of params, query and body
 * (Fastify's Ajv), compiled response serialization (fast-json-stringify), a bearer-token
 * hook on the routes that need a caller, prepared SQL through a small data layer.
 *
 * Does the work of Rampart's routes: the same JWT checks (common/auth.ts), the same SQL
 * against the same database (common/store*.ts), the same validation rules, the same
 * JSON out (common/records.ts), 401/404/400 problem documents, 201 + Location on create.
 *
 * Does not include Rampart's defaults around them (that is what S1 measures): request
 * ids, security headers, rate limits, per-request logging (logger off), metrics, ETags
 * and 304s, CORS, health checks, graceful shutdown, OpenAPI. Nor the list features S3
 * does not use (see common/markets-query.ts), nor JWT key rotation.
 *
 * Run: DATABASE_URL=sqlite:... JWT_SECRET=... PORT=3001 npx tsx bench/baselines/fastify.ts
 * (JWT_ISSUER, JWT_AUDIENCE, HOST as for Rampart).
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { createAuthenticator, Unauthorized, type Caller } from './common/auth.js';
import type { BaselineConfig } from './common/config.js';
import { articlesPage, parseArticlesQuery } from './common/articles-query.js';
import { marketsPage, parseMarketsQuery, statuses } from './common/markets-query.js';
import { problemBody, problems, problemType, type Problem } from './common/problem.js';
import { position, post } from './common/records.js';
import { serveWhenMain, urlOf, type RunningBaseline } from './common/serve.js';
import { openStore } from './common/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

const id = { type: 'string', format: 'uuid' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const positionSchema = {
  type: 'object',
  properties: { id, createdAt: time, updatedAt: time, owner: id, market: id, side: { type: 'string' }, amount: { type: 'string' } },
} as const;
const marketSchema = {
  type: 'object',
  properties: {
    id,
    createdAt: time,
    updatedAt: time,
    creator: id,
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    status: { type: 'string' },
    volume: { type: 'string' },
    endsAt: { type: ['string', 'null'] },
  },
} as const;
const postSchema = {
  type: 'object',
  properties: { id, createdAt: time, updatedAt: time, author: id, title: { type: 'string' }, body: { type: 'string' } },
} as const;

const commentSchema = {
  type: 'object',
  properties: { id, createdAt: time, updatedAt: time, author: id, body: { type: 'string' }, article: id },
} as const;
const articleSchema = {
  type: 'object',
  properties: {
    id,
    createdAt: time,
    updatedAt: time,
    author: id,
    title: { type: 'string' },
    body: { type: 'string' },
    favoritesCount: { type: 'integer' },
    favorited: { type: 'boolean' },
    comments: { type: 'array', items: commentSchema },
  },
} as const;

function send(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type(problemType).send(problemBody(problem));
}

/** Builds the app on `config`'s database and listens. */
export async function startFastifyBaseline(config: BaselineConfig): Promise<RunningBaseline> {
  const store = openStore(config.databaseUrl);
  const authenticate = createAuthenticator({ secret: config.jwtSecret, issuer: config.jwtIssuer, audience: config.jwtAudience });

  // Routes that need a caller refuse anonymous and bad tokens before validation runs.
  async function requireCaller(request: FastifyRequest, reply: FastifyReply) {
    try {
      request.caller = authenticate(request.headers.authorization);
    } catch (error) {
      if (error instanceof Unauthorized) return send(reply, problems.unauthorized());
      throw error;
    }
    if (!request.caller) return send(reply, problems.unauthorized());
  }

  // Routes open to everyone that still answer per caller: no token is anonymous, a bad one a 401.
  async function optionalCaller(request: FastifyRequest, reply: FastifyReply) {
    try {
      request.caller = authenticate(request.headers.authorization);
    } catch (error) {
      if (error instanceof Unauthorized) return send(reply, problems.unauthorized());
      throw error;
    }
  }

  // Strict input, as Rampart's: unknown properties are refused rather than silently
  // dropped (Fastify's default), and a number is not a string.
  // REQUEST_LOGS=info turns on Fastify's own request logging (pino, asynchronous, to
  // stdout) for bench/logging-cost.ts only; the comparisons run it off.
  const logger = process.env.REQUEST_LOGS === 'info' ? { level: 'info', stream: pino.destination({ dest: 1, sync: false }) } : false;
  const app = Fastify({ logger, ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
  app.decorateRequest('caller', null);
  app.setErrorHandler((error: { validation?: unknown; statusCode?: number; message: string }, _request, reply) => {
    if (error.validation) return send(reply, problems.invalid([{ path: 'request', message: error.message }]));
    if (error.statusCode && error.statusCode < 500) {
      return send(reply, { status: error.statusCode, title: 'Bad Request', detail: error.message });
    }
    return send(reply, { status: 500, title: 'Internal Server Error', detail: 'Something went wrong.' });
  });

  // S1: the bare framework.
  const helloSchema = { type: 'object', properties: { data: { type: 'object', properties: { hello: { type: 'string' } } } } };
  app.get('/api/v1/hello', { schema: { response: { 200: helloSchema } } }, async () => ({ data: { hello: 'world' } }));

  // S2: a position, for its owner only; someone else's answers exactly like a missing one.
  app.get<{ Params: { id: string } }>(
    '/api/v1/positions/:id',
    {
      onRequest: requireCaller,
      schema: {
        params: { type: 'object', properties: { id }, required: ['id'] },
        response: { 200: { type: 'object', properties: { data: positionSchema } } },
      },
    },
    async (request, reply) => {
      const wanted = request.params.id.toLowerCase();
      const row = await store.position(wanted);
      if (!row || row.owner !== request.caller?.id) return send(reply, problems.notFound(`positions record with id ${wanted}`));
      return { data: position(row) };
    },
  );

  // S3: a page of markets.
  app.get(
    '/api/v1/markets',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: [...statuses] },
            sort: { type: 'string', enum: ['-volume'] },
            limit: { type: 'string', pattern: '^\\d{1,3}$' },
            cursor: { type: 'string', maxLength: 8192 },
          },
          required: ['status'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              data: { type: 'array', items: marketSchema },
              pagination: { type: 'object', properties: { limit: { type: 'integer' }, nextCursor: { type: ['string', 'null'] } } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      // The schema has checked names and shapes; the range of limit and the cursor's contents are checked here.
      const query = parseMarketsQuery(request.query as Record<string, unknown>);
      if (!query.ok) return send(reply, problems.invalid(query.errors));
      return marketsPage(store, query);
    },
  );

  // S4: create a post as the caller.
  app.post<{ Body: { title: string; body: string } }>(
    '/api/v1/posts',
    {
      onRequest: requireCaller,
      schema: {
        querystring: { type: 'object', additionalProperties: false },
        body: {
          type: 'object',
          properties: {
            title: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000]*$' },
            body: { type: 'string', maxLength: 20000, pattern: '^[^\\u0000]*$' },
          },
          required: ['title', 'body'],
          additionalProperties: false,
        },
        response: { 201: { type: 'object', properties: { data: postSchema } } },
      },
    },
    async (request, reply) => {
      const row = await store.insertPost({
        id: uuidv7(),
        title: request.body.title,
        body: request.body.body,
        author: (request.caller as Caller).id,
        now: new Date().toISOString(),
      });
      const data = post(row);
      reply.code(201).header('location', `/api/v1/posts/${data.id}`);
      return { data };
    },
  );

  // S7: articles favorited by users of a name, with their favorites count, whether the
  // caller favorited each, and their newest comments.
  app.get(
    '/api/v1/articles',
    {
      onRequest: optionalCaller,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            favoritedByName: { type: 'string' },
            include: { type: 'string', enum: ['comments'] },
            limit: { type: 'string', pattern: '^\\d{1,3}$' },
            cursor: { type: 'string', maxLength: 8192 },
          },
          required: ['favoritedByName'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              data: { type: 'array', items: articleSchema },
              pagination: { type: 'object', properties: { limit: { type: 'integer' }, nextCursor: { type: ['string', 'null'] } } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const query = parseArticlesQuery(request.query as Record<string, unknown>);
      if (!query.ok) return send(reply, problems.invalid(query.errors));
      return articlesPage(store, query, request.caller?.id ?? null);
    },
  );

  app.addHook('onClose', async () => store.close());
  await app.listen({ port: config.port, host: config.host });
  return { url: urlOf(app.server.address()), close: () => app.close() };
}

await serveWhenMain(import.meta.url, startFastifyBaseline);
