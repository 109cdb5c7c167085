import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from 'rampart';
import { testDialect } from '../src/db/test-database-url.js';
import { notes } from './fixtures/next-app/app/api/[...rampart]/route.js';
import { mountedApiTests, type Send } from './support/mounted-api.js';
import { exited, freePort, root } from './support/processes.js';

/*
 * A real Next.js App Router app (test/fixtures/next-app) serving Rampart from a catch-all
 * route through toFetchHandler: built with `next build`, started with `next start`, asked
 * over HTTP. It needs no database server, so it runs once, in the sqlite project (the
 * postgres project skips it); CI runs that project always, so it is never left out there.
 *
 * The app is copied into the repository's .tmp/ (ignored by git), not the system's temp
 * folder: Turbopack compiles nothing outside its root, found at the nearest lockfile, and
 * next, react and Rampart's dependencies resolve from the repository's node_modules. Rampart
 * is installed into the app's node_modules as a copy of the package (package.json and the
 * built dist/, so `npm run build` must have run, as `npm test` does), not a symlink: a link
 * out of the root is refused by Turbopack, and webpack would bundle what it points at.
 */

const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const buildTimeoutMs = 240_000;
const startTimeoutMs = 60_000;

interface Run {
  child: ChildProcess;
  output: () => string;
}

function runNext(args: string[], cwd: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, [nextBin, ...args], { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

async function build(cwd: string): Promise<void> {
  const run = runNext(['build'], cwd, { NODE_ENV: 'production' });
  const timer = setTimeout(() => run.child.kill('SIGKILL'), buildTimeoutMs);
  const code = await exited(run.child);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`next build failed (${code ?? 'killed after ' + buildTimeoutMs + ' ms'}):\n${run.output()}`);
}

describe.runIf(testDialect() === 'sqlite')('toFetchHandler in a Next.js App Router app (next build, next start)', () => {
  let dir: string;
  let server: Run | undefined;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist', 'mount', 'index.js'))) throw new Error('dist/ has no mount/: run `npm run build` first (npm test does)');
    mkdirSync(join(root, '.tmp'), { recursive: true });
    dir = mkdtempSync(join(root, '.tmp', 'next-app-'));
    cpSync(join(root, 'test', 'fixtures', 'next-app'), dir, { recursive: true });
    // Written here, not kept in the fixture: beside the route file it would take the
    // fixture out of the repository's package, where the typecheck resolves `rampart`.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'next-app', private: true, type: 'module' }));
    const installed = join(dir, 'node_modules', 'rampart');
    mkdirSync(installed, { recursive: true });
    cpSync(join(root, 'package.json'), join(installed, 'package.json'));
    cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true });

    // The schema comes first, as `rampart migrate` brings it before a deploy starts:
    // under `next start` (NODE_ENV=production) the app changes no schema itself.
    const databaseUrl = `sqlite:${join(dir, 'app.db')}`;
    const jwtSecret = randomBytes(32).toString('base64url');
    const prepared = await createApp({ resources: [notes], migrations: { dir: false }, env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret } });
    await prepared.close();

    const began = Date.now();
    await build(dir);
    const built = Date.now();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Next.js is the peer Rampart sees (127.0.0.1); it passes the client's address on in X-Forwarded-For.
    server = runNext(['start', '-p', String(port), '-H', '127.0.0.1'], dir, {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      TRUST_PROXY: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (server.child.exitCode !== null) throw new Error(`next start exited (${server.child.exitCode}):\n${server.output()}`);
      // The first answer from Rampart (its 401) means Next.js listens and the app is built.
      const status = await fetch(`${base}/api/v1/notes`).then((r) => r.status, () => 0);
      if (status === 401) break;
      if (Date.now() > deadline) throw new Error(`no answer from Rampart under next start in ${startTimeoutMs} ms (last status ${status}):\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`next build: ${((built - began) / 1000).toFixed(1)} s; next start to the first answer (app built on it): ${((Date.now() - built) / 1000).toFixed(1)} s`);
  }, buildTimeoutMs + startTimeoutMs + 30_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      const gone = exited(server.child);
      server.child.kill('SIGTERM');
      const timer = setTimeout(() => server?.child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const send: Send = (path, init = {}) => fetch(`${base}${path}`, init);
  mountedApiTests(() => send);

  it("budgets each client by the address Next.js passes on, not Next.js's own", async () => {
    const remaining = async (client: string) => {
      const res = await send('/api/v1/notes', { headers: { 'x-forwarded-for': client } });
      expect(res.status).toBe(401);
      return Number(res.headers.get('ratelimit-remaining'));
    };
    const first = await remaining('198.51.100.7');
    expect(await remaining('198.51.100.7')).toBe(first - 1);
    expect(await remaining('198.51.100.8')).toBe(first);
  });

  it('leaves paths outside the route to Next.js', async () => {
    const res = await send('/not-the-api');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
