import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { getWith } from './support/keep-alive.js';
import { until } from './support/until.js';
import { exited, get, killNow, post, processTimeoutMs, root, runCli, startServer, type HttpResult } from './support/processes.js';

const work = mkdtempSync(join(tmpdir(), 'rampart-process-'));
// One fresh database of the run's dialect per test that keeps data.
const databases: Record<'shutdown' | 'keepAlive' | 'users' | 'installed', TestDatabaseUrl> = {} as never;
beforeAll(async () => {
  for (const name of ['shutdown', 'keepAlive', 'users', 'installed'] as const) databases[name] = await createTestDatabaseUrl();
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  for (const database of Object.values(databases)) await database.drop();
});

describe('rampart start: graceful shutdown', () => {
  it('lets every accepted request finish on SIGTERM, refuses later ones, and exits 0', { timeout: processTimeoutMs * 2 }, async () => {
    const server = await startServer('test/fixtures/slow-app.ts', {
      DATABASE_URL: databases.shutdown.url,
      SLOW_MS: '600',
      // Keeps the drain (at most half the timeout) short while this test keeps connecting.
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    const settle = (p: Promise<HttpResult>) => p.then((r) => r, (e: NodeJS.ErrnoException) => e);
    const inFlight = Array.from({ length: 40 }, () => settle(get(server.port, '/api/v1/slow')));
    // Let the requests be accepted and reach the handler before the signal.
    await new Promise((r) => setTimeout(r, 250));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    const ready = await settle(get(server.port, '/health/ready'));
    // After the signal: served while draining, then refused at connect; never reset.
    const late: (HttpResult | NodeJS.ErrnoException)[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await settle(get(server.port, '/health/live'));
      late.push(r);
      if (r instanceof Error) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const results = await Promise.all(inFlight);
    for (const result of results) {
      expect(result, String(result)).not.toBeInstanceOf(Error);
      const r = result as HttpResult;
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).done).toBe(true);
    }
    expect(ready).toMatchObject({ status: 503 });
    for (const r of late) {
      if (r instanceof Error) {
        // Refused, or (racing the listener's close) dropped before any byte of an answer.
        expect((r as Error & { responseStarted?: boolean }).responseStarted).toBe(false);
        expect(['ECONNREFUSED', 'ECONNRESET']).toContain((r as NodeJS.ErrnoException).code);
      } else expect([200, 503]).toContain(r.status);
    }
    expect(late.at(-1)).toBeInstanceOf(Error);
    expect(await exited(server.child)).toBe(0);
    expect(server.output()).toContain('shutting down');
  });

  it('answers in-flight requests on keep-alive connections, closes those connections and exits 0', { timeout: processTimeoutMs * 2 }, async () => {
    // A load balancer, a proxy or fetch keeps its connections open between requests.
    // Left open after their last answer, they would hold the close until
    // SHUTDOWN_TIMEOUT_MS, and the process would exit 1.
    const server = await startServer('test/fixtures/slow-app.ts', { DATABASE_URL: databases.keepAlive.url, SLOW_MS: '800', SHUTDOWN_TIMEOUT_MS: '4000' });
    const agent = new Agent({ keepAlive: true });
    try {
      // Six connections opened and left idle in the agent's pool...
      const warm = await Promise.all(Array.from({ length: 6 }, () => getWith(agent, server.port, '/health/live')));
      expect(warm.map((r) => [r.status, r.connection])).toEqual(Array(6).fill([200, 'keep-alive']));
      // ...three of which carry a slow request when the signal comes; three stay idle.
      const inFlight = Array.from({ length: 3 }, () => getWith(agent, server.port, '/api/v1/slow'));
      await new Promise((r) => setTimeout(r, 250));
      server.child.kill('SIGTERM');
      for (const result of await Promise.all(inFlight)) {
        expect(result.reusedSocket).toBe(true);
        expect(result.status).toBe(200);
        expect(JSON.parse(result.body).done).toBe(true);
        // Answered after the signal, so the client will not send another request on it.
        expect(result.connection).toBe('close');
      }
      // 1 would mean the shutdown timeout ran out with connections still open.
      expect(await exited(server.child)).toBe(0);
      expect(server.output()).not.toContain('killed by timeout');
    } finally {
      agent.destroy();
      server.child.kill('SIGKILL');
    }
  });

  it('writes log lines to stdout in batches, yet a lone line shows at once', { timeout: processTimeoutMs * 2 }, async () => {
    const server = await startServer('test/fixtures/slow-app.ts', { DATABASE_URL: 'sqlite::memory:', SLOW_MS: '0' });
    try {
      const lines = () => server.output().split('\n').filter((line) => line.includes('"request completed"')).length;
      const before = lines();
      expect((await get(server.port, '/api/v1/slow')).status).toBe(200);
      // Written at the end of the event loop turn that logged it, not held for more lines.
      await until(() => lines() === before + 1, 2000, 'the request line on stdout');
    } finally {
      await killNow(server.child);
    }
  });

  it('exits 1 when it cannot listen', { timeout: processTimeoutMs * 3 }, async () => {
    const first = await startServer('test/fixtures/slow-app.ts', { DATABASE_URL: 'sqlite::memory:' });
    try {
      const second = await runCli(['start', 'test/fixtures/slow-app.ts'], {
        PORT: String(first.port),
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        DATABASE_URL: 'sqlite::memory:',
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('EADDRINUSE');
      expect(second.stderr).toContain(`PORT ${first.port}`);
      expect(second.stderr).toContain('set PORT to a free port');
    } finally {
      first.child.kill('SIGTERM');
      await exited(first.child);
    }
  });

  it('stops with a message naming a bad variable, and exit code 1', { timeout: processTimeoutMs * 2 }, async () => {
    const result = await runCli(['start', 'test/fixtures/slow-app.ts'], { PORT: 'not-a-port', NODE_ENV: 'test' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('RAMPART_CONFIG_INVALID');
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('rampart user:create', () => {
  it('creates an admin with the password from standard input, who can then sign in', { timeout: processTimeoutMs * 4 }, async () => {
    const env = { DATABASE_URL: databases.users.url, NODE_ENV: 'test' };
    const created = await runCli(['user:create', 'test/fixtures/slow-app.ts', '--email', 'Boss@Example.com', '--role', 'admin'], env, 'the boss passphrase\n');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('created admin boss@example.com');
    const weak = await runCli(['user:create', 'test/fixtures/slow-app.ts', '--email', 'weak@example.com'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('body.password');
    const server = await startServer('test/fixtures/slow-app.ts', env);
    try {
      const login = await post(server.port, '/api/v1/auth/login', { email: 'boss@example.com', password: 'the boss passphrase' });
      expect(login.status).toBe(200);
      expect(JSON.parse(login.body).data.user.role).toBe('admin');
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
  });
});

describe('rampart help', () => {
  it('prints usage for help and refuses unknown commands', { timeout: processTimeoutMs * 3 }, async () => {
    expect((await runCli(['help'], {})).stdout).toContain('migrate:generate');
    const unknown = await runCli(['frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  });
});

describe('rampart start: an app that installed rampart as a package', () => {
  it("runs with the package's own copy of Rampart, so allow.public, allow.nobody and AppError keep their meaning", { timeout: processTimeoutMs * 2 }, async () => {
    // A project of its own beside the repository: rampart (and zod) in its node_modules,
    // imported by name, with no tsconfig mapping them anywhere.
    const project = join(work, 'installed');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(root, join(project, 'node_modules', 'rampart'));
    symlinkSync(join(root, 'node_modules', 'zod'), join(project, 'node_modules', 'zod'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'installed', type: 'module', private: true }));
    writeFileSync(
      join(project, 'app.ts'),
      `import { z } from 'zod';
import { AppError, allow, defineApp, field, resource, route } from 'rampart';
const notes = resource('notes', {
  fields: { title: field.string() },
  access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.nobody, delete: allow.nobody },
});
const taken = route({
  method: 'GET', path: '/api/v1/taken', access: allow.public, response: z.object({ ok: z.boolean() }),
  handler: () => { throw new AppError('RAMPART_CONFLICT', 'Already taken.'); },
});
export default defineApp({ resources: [notes], routes: [taken], migrations: { dir: false } });
`,
    );
    const server = await startServer('app.ts', { DATABASE_URL: databases.installed.url }, project);
    try {
      const origin = `http://127.0.0.1:${server.port}`;
      // With two copies of Rampart in the process (the CLI's and the app's) each of these broke:
      // the app's AppError was a 500, its allow.public a personal rule, its allow.nobody a route.
      const taken = await fetch(`${origin}/api/v1/taken`);
      expect(taken.status).toBe(409);
      expect(((await taken.json()) as { code: string }).code).toBe('RAMPART_CONFLICT');
      const list = await fetch(`${origin}/api/v1/notes`);
      expect(list.status).toBe(200);
      expect(list.headers.get('cache-control')).toBe('no-cache');
      expect(list.headers.get('vary')).toBeNull();
      const put = await fetch(`${origin}/api/v1/notes/0190a000-0000-7000-8000-000000000000`, { method: 'PUT' });
      expect(put.status).toBe(405);
    } finally {
      await killNow(server.child);
    }
  });
});
