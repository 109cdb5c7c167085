import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allow, field, inspectApp, resource, route, type RouteInfo } from 'rampart';
import { runInProcess } from './support/cli-in-process.js';
import { bin, root, runCli } from './support/processes.js';

/*
 * `rampart routes`: the live route table of an app, each route with its access rule,
 * rate limit, cache, idempotency, body limit and schemas, built without opening the
 * app's database.
 */

const notes = resource('notes', {
  fields: { title: field.string({ max: 200 }), status: field.enum(['draft', 'done']).default('draft').filterable().index() },
  owner: 'author',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.nobody },
  rateLimit: { create: { max: 5, timeWindow: '1 minute' } },
  cache: { ttl: 20 },
});

const pin = route.for(notes, { method: 'POST', path: '/pin', load: 'update', access: allow.authenticated, body: z.strictObject({}).optional(), handler: ({ reload }) => reload() });

const summary = route({
  method: 'GET',
  path: '/api/v1/summary/:day',
  access: allow.public,
  params: z.strictObject({ day: z.iso.date() }),
  response: z.object({ data: z.object({ count: z.int() }) }),
  handler: () => ({ data: { count: 0 } }),
});

const find = (routes: RouteInfo[], method: string, path: string) => routes.find((r) => r.method === method && r.path === path);

describe('inspectApp', () => {
  it('lists every served route with its metadata, on an in-memory database', async () => {
    const hello = async (app: FastifyInstance) => void app.get('/hello', async () => 'hi');
    const { routes: entries } = await inspectApp(
      { resources: [notes], routes: [pin, summary], plugins: [{ stage: 'beforeRoutes', plugin: hello }] },
      { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/never', BODY_LIMIT: '65536' } },
    );
    const routes = entries.map((e) => e.info);
    expect(find(routes, 'GET', '/api/v1/notes')).toMatchObject({ source: 'resource', resource: 'notes', operation: 'list', access: 'owner', cacheTtl: 20, idempotency: false, documented: true });
    expect(find(routes, 'GET', '/api/v1/notes')!.schemas.query).toEqual(expect.arrayContaining(['status', 'limit', 'cursor']));
    expect(find(routes, 'POST', '/api/v1/notes')).toMatchObject({ access: 'authenticated', rateLimit: '5 per 1 minute (own)', cacheTtl: null, idempotency: true, bodyLimit: 65536 });
    expect(find(routes, 'POST', '/api/v1/notes')!.schemas).toMatchObject({ body: 'NoteCreate', responses: expect.objectContaining({ '201': 'inline', '400': expect.any(String) }) });
    // allow.nobody: not served, so not listed.
    expect(find(routes, 'DELETE', '/api/v1/notes/:id')).toBeUndefined();
    expect(find(routes, 'POST', '/api/v1/notes/:id/pin')).toMatchObject({ source: 'route', resource: 'notes', access: 'authenticated', idempotency: true });
    expect(find(routes, 'GET', '/api/v1/summary/:day')).toMatchObject({ source: 'route', access: 'public', rateLimit: expect.stringMatching(/^global: 100\/min per user/) });
    expect(find(routes, 'GET', '/api/v1/summary/:day')!.schemas).toMatchObject({ params: ['day'], body: null, responses: expect.objectContaining({ '200': 'GetSummaryByDayResponse' }) });
    expect(find(routes, 'POST', '/api/v1/auth/login')).toMatchObject({ source: 'auth', access: 'public', idempotency: false });
    expect(find(routes, 'GET', '/health/live')).toMatchObject({ source: 'operational', rateLimit: 'none' });
    expect(find(routes, 'GET', '/docs')).toMatchObject({ source: 'docs', access: 'public', documented: false });
    expect(find(routes, 'GET', '/hello')).toMatchObject({ source: 'plugin', access: null, documented: false });
    expect(routes.some((r) => r.method === 'HEAD' || r.method === 'OPTIONS')).toBe(false);
  });
});

describe('rampart routes', () => {
  it('prints the example app as JSON', async () => {
    const result = await runCli(['routes', 'examples/markets/app.ts', '--json'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/never' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const routes = JSON.parse(result.stdout) as RouteInfo[];
    expect(find(routes, 'GET', '/api/v1/markets')).toMatchObject({ access: 'public', cacheTtl: 30, source: 'resource' });
    expect(find(routes, 'POST', '/api/v1/markets/:id/positions')).toMatchObject({ access: 'authenticated', idempotency: true, source: 'route' });
    expect(find(routes, 'POST', '/api/v1/webhooks/stripe')).toMatchObject({ source: 'webhook', access: 'public' });
  });

  it('stops quietly when its reader closes the pipe early (rampart routes | head)', async () => {
    // The read end closed before anything is written: every write fails with EPIPE.
    const child = spawn(process.execPath, [bin, 'routes', 'examples/markets/app.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('prints a table with each route\'s schemas beneath it', async () => {
    const result = await runInProcess(['routes', 'examples/conduit/app.ts']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^METHOD +PATH +ACCESS +RATE LIMIT +CACHE +IDEMPOTENT +BODY LIMIT +FROM$/);
    const login = lines.findIndex((l) => /^POST +\/api\/users\/login +public +10 per 1 minute \(own\)/.test(l));
    expect(login).toBeGreaterThan(0);
    expect(lines[login + 1]).toMatch(/^ {4}body PostApiUsersLoginBody · responses 200 PostApiUsersLoginResponse, errors /);
    expect(result.stdout).toMatch(/\n\d+ routes\n$/);
  });

  it('answers --help and refuses unknown options with exit 2', async () => {
    const help = await runInProcess(['routes', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: rampart routes [app.ts] [--json]');
    expect(help.stdout).toContain('Examples:');
    const bad = await runInProcess(['routes', '--yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--yaml'");
  });
});
