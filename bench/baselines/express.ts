/*
 * Baseline: the benchmarked routes written by hand on Express 5, the way a skilled
 * engineer would for production: express.json() for bodies, zod for input (the same
 * library and rules Rampart uses), a bearer-token middleware on the routes that need a
 * caller, prepared SQL through a small data layer, res.json() out. Express's own
 * defaults stay on (weak ETags on bodies, its query parser); X-Powered-By is off.
 *
 * Does the work of Rampart's routes: the same JWT checks (common/auth.ts), the same SQL
 * against the same database (common/store*.ts), the same validation rules, the same
 * JSON out (common/records.ts), 401/404/400 problem documents, 201 + Location on create.
 *
 * Does not include Rampart's defaults around them (that is what S1 measures): request
 * ids, security headers, rate limits, per-request logging, metrics, CORS, health
 * checks, graceful draining, OpenAPI. Nor the list features S3 does not use (see
 * common/markets-query.ts), nor JWT key rotation.
 *
 * Run: DATABASE_URL=sqlite:... JWT_SECRET=... PORT=3002 npx tsx bench/baselines/express.ts
 * (JWT_ISSUER, JWT_AUDIENCE, HOST as for Rampart).
 */
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { createAuthenticator, Unauthorized, type Caller } from './common/auth.js';
import type { BaselineConfig } from './common/config.js';
import { articlesPage, parseArticlesQuery } from './common/articles-query.js';
import { marketsPage, parseMarketsQuery } from './common/markets-query.js';
import { problemBody, problems, problemType, type Problem } from './common/problem.js';
import { position, post } from './common/records.js';
import { serveWhenMain, urlOf, type RunningBaseline } from './common/serve.js';
import { openStore } from './common/store.js';

const noNul = (v: string) => !v.includes('\u0000');
const postInput = z.strictObject({
  title: z.string().min(1).max(200).refine(noNul, 'must not contain U+0000'),
  body: z.string().max(20_000).refine(noNul, 'must not contain U+0000'),
});
const idParam = z.uuid();

type Authed = Response<unknown, { caller: Caller }>;

function send(res: Response, problem: Problem) {
  res.status(problem.status).type(problemType).send(problemBody(problem));
}

/** Builds the app on `config`'s database and listens. */
export async function startExpressBaseline(config: BaselineConfig): Promise<RunningBaseline> {
  const store = openStore(config.databaseUrl);
  const authenticate = createAuthenticator({ secret: config.jwtSecret, issuer: config.jwtIssuer, audience: config.jwtAudience });

  function requireCaller(req: Request, res: Response, next: NextFunction) {
    try {
      const caller = authenticate(req.headers.authorization);
      if (!caller) return send(res, problems.unauthorized());
      res.locals.caller = caller;
      next();
    } catch (error) {
      if (error instanceof Unauthorized) return send(res, problems.unauthorized());
      next(error);
    }
  }

  const app = express();
  app.disable('x-powered-by');

  // S1: the bare framework.
  app.get('/api/v1/hello', (_req, res) => {
    res.json({ data: { hello: 'world' } });
  });

  // S2: a position, for its owner only; someone else's answers exactly like a missing one.
  app.get('/api/v1/positions/:id', requireCaller, async (req: Request<{ id: string }>, res: Authed) => {
    const checked = idParam.safeParse(req.params.id);
    if (!checked.success) return send(res, problems.invalid([{ path: 'params.id', message: 'expected a UUID' }]));
    const wanted = checked.data.toLowerCase();
    const row = await store.position(wanted);
    if (!row || row.owner !== res.locals.caller.id) return send(res, problems.notFound(`positions record with id ${wanted}`));
    res.json({ data: position(row) });
  });

  // S3: a page of markets.
  app.get('/api/v1/markets', async (req, res) => {
    const query = parseMarketsQuery(req.query as Record<string, unknown>);
    if (!query.ok) return send(res, problems.invalid(query.errors));
    res.json(await marketsPage(store, query));
  });

  // S4: create a post as the caller.
  app.post('/api/v1/posts', requireCaller, express.json({ limit: '1mb' }), async (req: Request, res: Authed) => {
    if (Object.keys(req.query).length > 0) return send(res, problems.invalid([{ path: 'query', message: 'no parameters accepted' }]));
    if (!req.is('application/json')) return send(res, { status: 415, title: 'Unsupported Media Type', detail: 'Send JSON.' });
    const input = postInput.safeParse(req.body);
    if (!input.success) {
      return send(res, problems.invalid(input.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message }))));
    }
    const row = await store.insertPost({
      id: uuidv7(),
      title: input.data.title,
      body: input.data.body,
      author: res.locals.caller.id,
      now: new Date().toISOString(),
    });
    const data = post(row);
    res.status(201).location(`/api/v1/posts/${data.id}`).json({ data });
  });

  // S7: articles favorited by users of a name; open to everyone, answered per caller
  // (no token is anonymous, a bad one a 401).
  app.get('/api/v1/articles', async (req, res) => {
    let caller: Caller | null;
    try {
      caller = authenticate(req.headers.authorization);
    } catch (error) {
      if (error instanceof Unauthorized) return send(res, problems.unauthorized());
      throw error;
    }
    const query = parseArticlesQuery(req.query as Record<string, unknown>);
    if (!query.ok) return send(res, problems.invalid(query.errors));
    res.json(await articlesPage(store, query, caller?.id ?? null));
  });

  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.status && error.status < 500) return send(res, { status: error.status, title: 'Bad Request', detail: error.message });
    send(res, { status: 500, title: 'Internal Server Error', detail: 'Something went wrong.' });
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  return {
    url: urlOf(server.address()),
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

await serveWhenMain(import.meta.url, startExpressBaseline);
