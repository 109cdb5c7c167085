import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, createApp, envelope, field, resource, type RampartApp } from 'rampart';
import example from '../examples/markets/app.js';
import { generateClient } from '../src/client-gen/index.js';
import { createAccessTokenSigner } from '../src/auth/tokens/access-token-signer.js';
import { hmacKey } from '../src/auth/tokens/token-key.js';
import { LogCapture } from './support/log-capture.js';
import { runInProcess } from './support/cli-in-process.js';
import { processTimeoutMs, root, runCli, runNode } from './support/processes.js';

/*
 * The typed client (issue 20 item 5): generated for the markets example into a temp
 * folder, compiled with a small program under strict settings (tsc, DOM library, no
 * Node types: the client needs nothing but fetch), and run against the example served
 * on 127.0.0.1. The committed client of the example must be what the generator writes.
 */

const jwtSecret = 'client-test-secret-KzazcLBYBHsGaUgaH7xGOEHr';
let app: RampartApp;
let baseUrl: string;

beforeAll(async () => {
  app = await createApp({
    ...example,
    migrations: { dir: false },
    logStream: new LogCapture(),
    env: { DATABASE_URL: 'sqlite::memory:', NODE_ENV: 'test', JWT_SECRET: jwtSecret, LOG_LEVEL: 'warn', JOBS_WORKER: 'false' },
  });
  await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.fastify.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
});

const program = String.raw`
import { createClient, type Tokens } from './client.js';

declare const process: { env: Record<string, string | undefined>; exitCode?: number };
const baseUrl = process.env.BASE_URL!;
const results: Record<string, unknown> = {};
const requests: { method: string; url: string; idempotencyKey: string | null }[] = [];
const recording: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  requests.push({ method: init?.method ?? 'GET', url: String(input), idempotencyKey: headers.get('idempotency-key') });
  return fetch(input, init);
};

const api = createClient({ baseUrl, fetch: recording });
const registered = await api.postAuthRegister({ body: { email: 'client@example.com', password: 'a client passphrase of length' } });
if (registered.status !== 201) throw new Error('register answered ' + registered.status);
results.signedIn = api.tokens?.accessToken === registered.body.data.accessToken;

const ids: string[] = [];
for (let i = 0; i < 23; i++) {
  const created = await api.createMarket({ body: { name: 'Market ' + i } });
  if (created.status !== 201) throw new Error('create answered ' + created.status);
  ids.push(created.body.data.id ?? '');
}
const keys = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/markets')).map((r) => r.idempotencyKey);
results.generatedKeys = keys.length === 23 && new Set(keys).size === 23 && keys.every((k) => k !== null && k.length > 0);

const once = await api.createMarket({ body: { name: 'Once' }, idempotencyKey: 'market-once' });
const again = await api.createMarket({ body: { name: 'Once' }, idempotencyKey: 'market-once' });
if (once.status !== 201 || again.status !== 201) throw new Error('a replayed create answered ' + again.status);
results.replayed = again.body.data.id === once.body.data.id && again.headers.get('idempotency-replayed') === 'true';

const pages: number[] = [];
const listed: string[] = [];
for await (const page of api.listMarketsPages({ query: { limit: 10, sort: 'createdAt' } })) {
  pages.push(page.body.data.length);
  for (const market of page.body.data) listed.push(market.id ?? '');
}
results.pages = pages;
results.listedAll = [...ids, once.body.data.id].every((id) => listed.includes(id ?? ''));

const tooMany = await api.listMarkets({ query: { limit: 1000 } });
if (tooMany.ok) throw new Error('a limit of 1000 was accepted');
// @ts-expect-error a refusal carries a problem, never data
results.errorHasNoData = tooMany.body.data === undefined;
results.badQuery = [tooMany.status, tooMany.body.code];
const invalid = await api.createMarket({ body: { name: '' } });
results.invalid = invalid.status === 400 ? [invalid.body.code, invalid.body.errors?.[0]?.path] : invalid.status;

const refreshed: (Tokens | undefined)[] = [];
const staleRequests: string[] = [];
const stale = createClient({
  baseUrl,
  tokens: { accessToken: process.env.EXPIRED_TOKEN!, refreshToken: process.env.REFRESH_TOKEN! },
  onTokens: (tokens) => refreshed.push(tokens),
  fetch: (input, init) => {
    staleRequests.push((init?.method ?? 'GET') + ' ' + new URL(String(input)).pathname);
    return fetch(input, init);
  },
});
const me = await stale.getAuthMe();
results.me = me.status === 200 ? me.body.data.email : me.status;
results.refreshRequests = [...staleRequests];
results.newSession = refreshed.length === 1 && refreshed[0]?.accessToken !== process.env.EXPIRED_TOKEN && refreshed[0]?.refreshToken !== process.env.REFRESH_TOKEN;
const meAgain = await stale.getAuthMe();
results.meAgain = meAgain.status;

// Calls that fail together share one refresh: a refresh token is spent on use.
let refreshes = 0;
const together = createClient({
  baseUrl,
  tokens: { accessToken: process.env.EXPIRED_TOKEN!, refreshToken: process.env.SECOND_REFRESH_TOKEN! },
  fetch: (input, init) => {
    if (String(input).endsWith('/auth/refresh')) refreshes++;
    return fetch(input, init);
  },
});
const answers = await Promise.all([together.getAuthMe(), together.getAuthMe(), together.listPositions()]);
results.together = [answers.map((a) => a.status), refreshes];

console.log(JSON.stringify(results));
`;

/** Writes the client and the program into a fresh folder and compiles both with tsc, strict. */
async function compile(client: string, source: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-client-'));
  writeFileSync(join(dir, 'client.ts'), client);
  writeFileSync(join(dir, 'program.ts'), source);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [],
        skipLibCheck: true,
      },
      files: ['client.ts', 'program.ts'],
    }),
  );
  const compiled = await runNode([join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir });
  expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);
  return dir;
}

describe('rampart client', () => {
  it('writes a client that compiles under strict and talks to the server', { timeout: processTimeoutMs * 3 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rampart-client-out-')), 'client.ts');
    const generated = await runInProcess(['client', 'examples/markets/app.ts', '--out', out]);
    expect(generated.code, generated.stderr).toBe(0);
    const dir = await compile(readFileSync(out, 'utf8'), program);

    // A session signed an hour ago by the server's own signer: its access token has expired.
    const signUp = await fetch(`${baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'returning@example.com', password: 'a returning passphrase' }),
    });
    const session = ((await signUp.json()) as { data: { user: { id: string; role: string }; refreshToken: string } }).data;
    const sign = createAccessTokenSigner(hmacKey(jwtSecret), { issuer: 'rampart', audience: 'rampart-api', ttlSeconds: 900, now: () => Date.now() - 3_600_000 });
    const expired = sign({ id: session.user.id, role: session.user.role }).accessToken;
    expect((await fetch(`${baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${expired}` } })).status).toBe(401);

    const logIn = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'returning@example.com', password: 'a returning passphrase' }),
    });
    const second = ((await logIn.json()) as { data: { refreshToken: string } }).data.refreshToken;

    const ran = await runNode([join(dir, 'program.js')], {
      cwd: dir,
      env: { BASE_URL: baseUrl, EXPIRED_TOKEN: expired, REFRESH_TOKEN: session.refreshToken, SECOND_REFRESH_TOKEN: second },
    });
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({
      signedIn: true,
      generatedKeys: true,
      replayed: true,
      pages: [10, 10, 4],
      listedAll: true,
      errorHasNoData: true,
      badQuery: [400, 'RAMPART_INVALID_QUERY'],
      invalid: ['RAMPART_VALIDATION', 'body.name'],
      me: 'returning@example.com',
      refreshRequests: ['GET /api/v1/auth/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me'],
      newSession: true,
      meAgain: 200,
      together: [[200, 200, 200], 1],
    });
  });

  it('has committed a current client for the markets example', { timeout: processTimeoutMs }, async () => {
    const result = await runCli(['client', 'examples/markets/app.ts', '--out', 'examples/markets/client.ts', '--check'], {});
    expect(result.code, `${result.stdout}${result.stderr}\nregenerate: rampart client examples/markets/app.ts --out examples/markets/client.ts`).toBe(0);
  });

  it('answers --help, and refuses a call without --out', async () => {
    const help = await runInProcess(['client', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/rampart client app\.ts --out web\/src\/api-client\.ts --check/);
    const missing = await runInProcess(['client', 'app.ts']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing --out <file>/);
  });
});

const pagesProgram = String.raw`
import { createClient } from './client.js';

declare const process: { env: Record<string, string | undefined> };
const api = createClient({ baseUrl: process.env.BASE_URL! });
const bare: string[][] = [];
for await (const page of api.listNotesPages({ query: { limit: 2, sort: 'title' } })) bare.push(page.body.map((n) => n.title ?? ''));
const named: string[][] = [];
for await (const page of api.listMemosPages({ query: { limit: 2, sort: 'title' } })) named.push(page.body.memos.map((m) => m.title ?? ''));
console.log(JSON.stringify({ bare, named }));
`;

describe('the page iterator', () => {
  it('follows the Link header of bare lists and the offset of named ones', { timeout: processTimeoutMs * 2 }, async () => {
    const notes = resource('notes', { fields: { title: field.string({ max: 100 }).sortable() }, envelope: envelope.bare(), access: { list: allow.public, read: allow.public, create: allow.nobody, update: allow.nobody, delete: allow.nobody } });
    const memos = resource('memos', { fields: { title: field.string({ max: 100 }).sortable() }, envelope: envelope.named(), access: { list: allow.public, read: allow.public, create: allow.nobody, update: allow.nobody, delete: allow.nobody } });
    const pages = await createApp({ resources: [notes, memos], logStream: new LogCapture(), env: { DATABASE_URL: 'sqlite::memory:', NODE_ENV: 'test', LOG_LEVEL: 'warn' } });
    try {
      for (const title of ['a', 'b', 'c', 'd', 'e']) {
        await pages.records(notes).create({ title });
        await pages.records(memos).create({ title });
      }
      await pages.fastify.listen({ port: 0, host: '127.0.0.1' });
      const document = (await pages.fastify.inject('/openapi.json')).json<Record<string, unknown>>();
      const dir = await compile(generateClient(document), pagesProgram);
      const url = `http://127.0.0.1:${(pages.fastify.server.address() as AddressInfo).port}`;
      const ran = await runNode([join(dir, 'program.js')], { cwd: dir, env: { BASE_URL: url } });
      expect(ran.code, ran.stdout + ran.stderr).toBe(0);
      const expected = [['a', 'b'], ['c', 'd'], ['e']];
      expect(JSON.parse(ran.stdout)).toEqual({ bare: expected, named: expected });
    } finally {
      await pages.close();
    }
  });
});
