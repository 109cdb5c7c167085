import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { alive, startCluster } from './support/cluster.js';
import { getWith } from './support/keep-alive.js';
import { exited, freePort, get, runCli, type HttpResult } from './support/processes.js';

// A fresh database of the run's dialect per test: on PostgreSQL, workers booting
// together take turns through an advisory lock rather than SQLite's file lock.
const databases: TestDatabaseUrl[] = [];
async function databaseUrl(): Promise<string> {
  const database = await createTestDatabaseUrl();
  databases.push(database);
  return database.url;
}
afterAll(async () => {
  for (const database of databases) await database.drop();
});

const app = 'test/fixtures/slow-app.ts';
const messages = (entries: Record<string, unknown>[], msg: string) => entries.filter((e) => e.msg === msg);

describe('rampart start --workers', () => {
  it('answers from two worker processes and drains every one on SIGTERM, exiting 0', async () => {
    const cluster = await startCluster(app, 2, { DATABASE_URL: await databaseUrl(), SLOW_MS: '600', SHUTDOWN_TIMEOUT_MS: '2000' });
    const workerPids = messages(cluster.entries(), 'worker listening').map((e) => e.workerPid as number);
    expect(new Set(workerPids).size).toBe(2);
    expect(workerPids).not.toContain(cluster.child.pid);
    // One worker brought the schema up before the other started.
    expect(messages(cluster.entries(), 'applied create table notes')).toHaveLength(1);
    expect(cluster.output()).toContain('REDIS_URL is not set');

    for (let i = 0; i < 10; i++) expect((await get(cluster.port, '/api/v1/notes')).status).toBe(200);
    await cluster.waitFor((entries) => messages(entries, 'request completed').length >= 10);
    const answeredBy = new Set(messages(cluster.entries(), 'request completed').map((e) => e.pid));
    expect([...answeredBy].sort()).toEqual([...workerPids].sort());

    // Requests in flight on both workers when the signal comes are all answered.
    const inFlight = Array.from({ length: 6 }, () => get(cluster.port, '/api/v1/slow'));
    await new Promise((r) => setTimeout(r, 250));
    cluster.child.kill('SIGTERM');
    for (const result of await Promise.all(inFlight)) expect(result.status).toBe(200);
    expect(await exited(cluster.child)).toBe(0);
    expect(messages(cluster.entries(), 'shutting down').map((e) => e.pid).sort()).toEqual([...workerPids].sort());
    expect(cluster.output()).toContain('all workers stopped');
    for (const pid of workerPids) expect(alive(pid)).toBe(false);
  });

  it('drains once when SIGTERM reaches the whole process group, and exits 0', async () => {
    // systemd (KillMode=control-group), Heroku and `kill -- -PGID` signal every process
    // of the group: each worker gets SIGTERM from outside and again from the primary.
    const cluster = await startCluster(app, 2, { DATABASE_URL: await databaseUrl(), SLOW_MS: '1500', SHUTDOWN_TIMEOUT_MS: '4000' }, { detached: true });
    const group = cluster.child.pid!;
    const agent = new Agent({ keepAlive: true });
    try {
      const workerPids = messages(cluster.entries(), 'worker listening').map((e) => e.workerPid as number);
      // In flight on fresh connections and on kept-alive ones, as a proxy holds them.
      const inFlight = [
        ...Array.from({ length: 3 }, () => get(cluster.port, '/api/v1/slow')),
        ...Array.from({ length: 3 }, () => getWith(agent, cluster.port, '/api/v1/slow')),
      ].map((p) => p.catch((error: Error) => error));
      await new Promise((r) => setTimeout(r, 300));
      process.kill(-group, 'SIGTERM');
      // The kernel merges a signal into the same one still pending, so the primary's copy
      // may arrive as one with the group's; one more to each worker once it drains makes
      // the repeat certain.
      await cluster.waitFor((entries) => messages(entries, 'shutting down').length === 2);
      for (const pid of workerPids) if (alive(pid)) process.kill(pid, 'SIGTERM');
      for (const result of await Promise.all(inFlight)) {
        expect(result, String(result)).not.toBeInstanceOf(Error);
        expect((result as HttpResult).status).toBe(200);
        expect(JSON.parse((result as HttpResult).body).done).toBe(true);
      }
      expect(await exited(cluster.child)).toBe(0);
      expect(messages(cluster.entries(), 'shutting down').map((e) => e.pid).sort()).toEqual([...workerPids].sort());
      const ignored = new Set(messages(cluster.entries(), 'already shutting down; signal ignored').map((e) => e.pid));
      expect([...ignored].sort()).toEqual([...workerPids].sort());
      expect(messages(cluster.entries(), 'worker stopped').map((e) => e.code)).toEqual([0, 0]);
      for (const pid of workerPids) expect(alive(pid)).toBe(false);
    } finally {
      agent.destroy();
      // Whatever a failure left running; nothing when the test passed.
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // The group is gone.
      }
    }
  });

  it('replaces a worker that dies, after a backoff, while the other keeps answering', async () => {
    const cluster = await startCluster(app, 2, { DATABASE_URL: await databaseUrl() });
    try {
      const [victim, survivor] = messages(cluster.entries(), 'worker listening').map((e) => e.workerPid as number);
      const killedAt = Date.now();
      process.kill(victim!, 'SIGKILL');
      await cluster.waitFor((entries) => messages(entries, 'worker stopped unexpectedly; starting a replacement').length === 1);
      expect((await get(cluster.port, '/api/v1/notes')).status).toBe(200);
      await cluster.waitFor((entries) => messages(entries, 'worker listening').length === 3);
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1000);
      const [stopped] = messages(cluster.entries(), 'worker stopped unexpectedly; starting a replacement');
      expect(stopped).toMatchObject({ workerPid: victim, signal: 'SIGKILL', delayMs: 1000 });
      const replacement = messages(cluster.entries(), 'worker listening')[2]!.workerPid as number;
      expect([victim, survivor]).not.toContain(replacement);
      expect(alive(replacement)).toBe(true);
    } finally {
      cluster.child.kill('SIGTERM');
      expect(await exited(cluster.child)).toBe(0);
    }
  });

  it('starts no other worker and exits 1 when the first cannot listen', async () => {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const result = await runCli(['start', app, '--workers', '2'], {
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        DATABASE_URL: await databaseUrl(),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('EADDRINUSE');
      expect(result.stdout).toContain('not starting the others');
      expect(result.stdout.match(/"msg":"worker listening"/g)).toBeNull();
    } finally {
      taken.close();
    }
  });

  it('refuses several workers on an in-memory database, and a bad count', async () => {
    const memory = await runCli(['start', app, '--workers', '2'], { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' });
    expect(memory.code).toBe(1);
    expect(memory.stderr).toContain('sqlite::memory:');
    const bad = await runCli(['start', app, '--workers', 'lots'], { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--workers: expected a whole number');
  });
});
