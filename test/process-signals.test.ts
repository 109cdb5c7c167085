import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDialect } from '../src/db/test-database-url.js';
import { alive, startCluster } from './support/cluster.js';
import { exited, gone, processTimeoutMs, spawnServer, type RunningServer } from './support/processes.js';
import { createProject } from './support/project.js';

/*
 * Stop signals reach `rampart start` whatever wraps it. npx and `npm run` pass SIGTERM
 * and SIGINT only to the `sh -c` they start, which dies of them without passing them
 * on, and npm dies of SIGHUP without a word: the server used to run on, orphaned, with
 * its port. Each test starts the server through its wrapper, signals the wrapper, and
 * expects the server to drain and be gone.
 */
const app = `import { allow, defineApp, field, resource } from 'rampart';
const notes = resource('notes', { fields: { title: field.string() }, access: { list: allow.public, read: allow.public } , operations: ['list', 'read'] });
export default defineApp({ resources: [notes], migrations: { dir: false } });
`;
const dir = createProject({
  'app.ts': app,
  'package.json': JSON.stringify({
    name: 'project',
    type: 'module',
    private: true,
    scripts: { start: 'rampart start app.ts', 'start:exec': 'exec rampart start app.ts' },
  }),
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_URL: 'sqlite::memory:' };

/** Signals the wrapper, then expects the server to have drained and gone; kills both if not. */
async function stopThrough(server: RunningServer, signal: NodeJS.Signals): Promise<number | null> {
  const wrapperExit = exited(server.child);
  try {
    expect(server.pid).not.toBe(server.child.pid);
    server.child.kill(signal);
    await gone(server.pid);
    expect(server.output()).toMatch(/"msg":"shutting down"/);
    expect(server.output()).not.toContain('killed by timeout');
    return await wrapperExit;
  } finally {
    for (const pid of [server.pid, server.child.pid!]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
}

// Signals do not depend on the database: this file runs in the sqlite project only.
describe.runIf(testDialect() === 'sqlite')('rampart start under a wrapper', () => {
  it('npx rampart start: SIGTERM to npx stops the server, which drains first', { timeout: processTimeoutMs * 2 }, async () => {
    const server = await spawnServer('npx', ['rampart', 'start', 'app.ts'], env, dir);
    await stopThrough(server, 'SIGTERM');
    // The server heard it from the shell's exit, npx having told only the shell.
    expect(server.output()).toContain('the process that started this one exited');
  });

  it('npm start (a script without exec): SIGHUP, which npm does not pass on, stops the server too', { timeout: processTimeoutMs * 2 }, async () => {
    const server = await spawnServer('npm', ['start', '--silent'], env, dir);
    await stopThrough(server, 'SIGHUP');
  });

  it('npm run start:exec (exec, as the repository\'s npm start): SIGTERM reaches the server, and npm exits with its code 0', { timeout: processTimeoutMs * 2 }, async () => {
    const server = await spawnServer('npm', ['run', '--silent', 'start:exec'], env, dir);
    expect(await stopThrough(server, 'SIGTERM')).toBe(0);
    expect(server.output()).toContain('"signal":"SIGTERM","msg":"shutting down"');
  });
});

describe.runIf(testDialect() === 'sqlite')('rampart start --workers', () => {
  it('SIGHUP to the primary drains every worker once, and the primary exits 0', { timeout: processTimeoutMs * 2 }, async () => {
    const cluster = await startCluster(join(dir, 'app.ts'), 2, { DATABASE_URL: `sqlite:${join(dir, 'workers.db')}` });
    const workerPids = cluster.entries().filter((e) => e.msg === 'worker listening').map((e) => e.workerPid as number);
    try {
      cluster.child.kill('SIGHUP');
      expect(await exited(cluster.child)).toBe(0);
      for (const pid of workerPids) expect(alive(pid)).toBe(false);
      expect(cluster.entries().filter((e) => e.msg === 'shutting down' && e.signal === 'SIGTERM').map((e) => e.pid).sort()).toEqual([...workerPids].sort());
    } finally {
      for (const pid of [cluster.child.pid!, ...workerPids]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
