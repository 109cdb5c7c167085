/*
 * Baseline: the benchmarked routes written by hand on node:http alone, the way a
 * skilled engineer would without a framework: a switch on method and path, the query
 * string through URLSearchParams, the body read with a size cap, hand-written input
 * checks (common/post-input.ts), JSON.stringify out.
 *
 * Does the work of Rampart's routes: the same JWT checks (common/auth.ts), the same SQL
 * against the same database (common/store*.ts), the same validation rules, the same
 * JSON out (common/records.ts), 401/404/400/413/415 problem documents, 201 + Location.
 *
 * Does not include Rampart's defaults around them (that is what S1 measures): request
 * ids, security headers, rate limits, per-request logging, metrics, ETags, CORS, health
 * checks, graceful draining, OpenAPI. Nor the list features S3 does not use (see
 * common/markets-query.ts), nor JWT key rotation.
 *
 * Run: DATABASE_URL=sqlite:... JWT_SECRET=... PORT=3003 npx tsx bench/baselines/node-http.ts
 * (JWT_ISSUER, JWT_AUDIENCE, HOST as for Rampart).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import { createAuthenticator, Unauthorized, type Caller } from './common/auth.js';
import type { BaselineConfig } from './common/config.js';
import { articlesPage, parseArticlesQuery } from './common/articles-query.js';
import { marketsPage, parseMarketsQuery } from './common/markets-query.js';
import { checkPostInput } from './common/post-input.js';
import { problemBody, problems, problemType, type Problem } from './common/problem.js';
import { position, post } from './common/records.js';
import { serveWhenMain, urlOf, type RunningBaseline } from './common/serve.js';
import { openStore, type Store } from './common/store.js';

type Authenticate = ReturnType<typeof createAuthenticator>;

const bodyLimit = 1024 * 1024;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const positionPath = /^\/api\/v1\/positions\/([^/]+)$/;

function json(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function fail(res: ServerResponse, problem: Problem) {
  json(res, problem.status, problemBody(problem), problemType);
}

/** The caller, or null after answering 401. */
function caller(authenticate: Authenticate, req: IncomingMessage, res: ServerResponse): Caller | null {
  try {
    const found = authenticate(req.headers.authorization);
    if (found) return found;
  } catch (error) {
    if (!(error instanceof Unauthorized)) throw error;
  }
  fail(res, problems.unauthorized());
  return null;
}

/** The body as text, or null after answering 413. */
async function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > bodyLimit) {
    fail(res, { status: 413, title: 'Content Too Large', detail: `At most ${bodyLimit} bytes.` });
    req.resume();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > bodyLimit) {
      fail(res, { status: 413, title: 'Content Too Large', detail: `At most ${bodyLimit} bytes.` });
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function createPost(store: Store, authenticate: Authenticate, req: IncomingMessage, res: ServerResponse, search: string) {
  const user = caller(authenticate, req, res);
  if (!user) return;
  if (search !== '') return fail(res, problems.invalid([{ path: 'query', message: 'no parameters accepted' }]));
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    return fail(res, { status: 415, title: 'Unsupported Media Type', detail: 'Send JSON.' });
  }
  const text = await readBody(req, res);
  if (text === null) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(res, problems.invalid([{ path: 'body', message: 'not valid JSON' }]));
  }
  const input = checkPostInput(parsed);
  if (!input.ok) return fail(res, problems.invalid(input.errors));
  const row = await store.insertPost({ id: uuidv7(), ...input.value, author: user.id, now: new Date().toISOString() });
  const data = post(row);
  const body = JSON.stringify({ data });
  res.writeHead(201, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    location: `/api/v1/posts/${data.id}`,
  });
  res.end(body);
}

/** Each parameter once as a string, or every value when it is repeated. */
function queryOf(search: string): Record<string, string | string[]> {
  const params = new URLSearchParams(search);
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

async function handle(store: Store, authenticate: Authenticate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const search = at < 0 ? '' : url.slice(at + 1);

  if (req.method === 'GET' && path === '/api/v1/hello') return json(res, 200, JSON.stringify({ data: { hello: 'world' } }));

  if (req.method === 'GET' && path === '/api/v1/markets') {
    const parsed = parseMarketsQuery(queryOf(search));
    if (!parsed.ok) return fail(res, problems.invalid(parsed.errors));
    return json(res, 200, JSON.stringify(await marketsPage(store, parsed)));
  }

  if (req.method === 'GET' && path === '/api/v1/articles') {
    // Open to everyone, answered per caller: no token is anonymous, a bad one a 401.
    let user: Caller | null;
    try {
      user = authenticate(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof Unauthorized)) throw error;
      return fail(res, problems.unauthorized());
    }
    const parsed = parseArticlesQuery(queryOf(search));
    if (!parsed.ok) return fail(res, problems.invalid(parsed.errors));
    return json(res, 200, JSON.stringify(await articlesPage(store, parsed, user?.id ?? null)));
  }

  const match = positionPath.exec(path);
  if (req.method === 'GET' && match) {
    const user = caller(authenticate, req, res);
    if (!user) return;
    const raw = match[1] as string;
    if (!uuid.test(raw)) return fail(res, problems.invalid([{ path: 'params.id', message: 'expected a UUID' }]));
    const wanted = raw.toLowerCase();
    const row = await store.position(wanted);
    if (!row || row.owner !== user.id) return fail(res, problems.notFound(`positions record with id ${wanted}`));
    return json(res, 200, JSON.stringify({ data: position(row) }));
  }

  if (req.method === 'POST' && path === '/api/v1/posts') return createPost(store, authenticate, req, res, search);

  fail(res, { status: 404, title: 'Not Found', detail: `No route ${req.method} ${path}.` });
}

/** Builds the server on `config`'s database and listens. */
export async function startNodeHttpBaseline(config: BaselineConfig): Promise<RunningBaseline> {
  const store = openStore(config.databaseUrl);
  const authenticate = createAuthenticator({ secret: config.jwtSecret, issuer: config.jwtIssuer, audience: config.jwtAudience });
  const server = createServer((req, res) => {
    handle(store, authenticate, req, res).catch(() => {
      if (!res.headersSent) fail(res, { status: 500, title: 'Internal Server Error', detail: 'Something went wrong.' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  return {
    url: urlOf(server.address()),
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

await serveWhenMain(import.meta.url, startNodeHttpBaseline);
