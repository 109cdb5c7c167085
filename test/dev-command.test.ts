import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { projectFiles } from '../src/init/template.js';
import { createProject } from './support/project.js';
import { bin, exited, get, gone, processTimeoutMs, spawnServer, type RunningServer } from './support/processes.js';
import { until } from './support/until.js';

// `rampart dev` on the project `rampart init` makes, as a person runs it: DATABASE_URL
// from .env, edits that restart it, a broken edit it survives, Ctrl-C.
let database: TestDatabaseUrl;
let dir: string;
let dev: RunningServer;
const edit = (path: string, change: (text: string) => string) => writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
const openapi = async () => (await get(dev.port, '/openapi.json')).body;
const restarts = () => dev.output().split('changed: restarting').length - 1;

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  dir = createProject({ ...projectFiles({ name: 'dev-project', rampart: '*' }), '.env': `DATABASE_URL=${database.url}\n# a comment\n` });
  dev = await spawnServer(process.execPath, [bin, 'dev', 'app.ts'], { NODE_ENV: 'development' }, dir);
}, processTimeoutMs);
afterAll(async () => {
  if (dev && dev.child.exitCode === null) dev.child.kill('SIGKILL');
  await database?.drop();
});

describe('rampart dev', () => {
  it('prints a first screen to act on, with what .env supplied', async () => {
    await until(() => dev.output().includes('Watching for changes'));
    const screen = dev.output();
    expect(screen).toContain(`http://127.0.0.1:${dev.port}/api/v1/notes`);
    expect(screen).toContain(`http://127.0.0.1:${dev.port}/docs`);
    expect(screen).toContain(`http://127.0.0.1:${dev.port}/health/ready`);
    expect(screen).toMatch(/\.env\s+DATABASE_URL/);
    expect(screen).toContain(database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL');
    expect(screen).toMatch(/Admins\s+none yet: .*rampart user:create app\.ts .*--role admin/);
    // Nothing the app does not declare: no webhook secrets, no metrics warning.
    expect(screen).not.toMatch(/"level":40/);
    expect((await get(dev.port, '/health/ready')).status).toBe(200);
  });

  it('restarts on an edit and applies the schema change as a development migration', { timeout: processTimeoutMs }, async () => {
    expect(await openapi()).not.toContain('"due"');
    const before = readdirSync(join(dir, 'migrations')).length;
    edit('resources/notes.ts', (text) => text.replace('done: field.boolean()', "due: field.string({ max: 10 }).optional(),\n    done: field.boolean()"));
    await until(async () => (await openapi().catch(() => '')).includes('"due"'), processTimeoutMs * 0.8);
    expect(dev.output()).toContain('resources/notes.ts changed: restarting');
    expect(readdirSync(join(dir, 'migrations')).length).toBe(before + 1);
  });

  it('survives an app that fails to start, saying so, and serves again once it is fixed', { timeout: processTimeoutMs }, async () => {
    const good = readFileSync(join(dir, 'resources/notes.ts'), 'utf8');
    edit('resources/notes.ts', (text) => text.replace('delete: allow.owner', 'destroy: allow.owner'));
    await until(() => dev.output().includes('the app stopped'), processTimeoutMs * 0.8);
    expect(dev.output()).toMatch(/destroy/);
    expect(dev.child.exitCode).toBeNull();
    const seen = restarts();
    writeFileSync(join(dir, 'resources/notes.ts'), good);
    await until(() => restarts() > seen, processTimeoutMs * 0.4);
    await until(async () => (await get(dev.port, '/health/ready').catch(() => ({ status: 0 }))).status === 200, processTimeoutMs * 0.8);
  });

  it('stops on SIGINT: the app drains and exits, and so does dev, with 0', { timeout: processTimeoutMs }, async () => {
    const served = [...dev.output().matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => Number(m[1]));
    const last = served.at(-1)!;
    dev.child.kill('SIGINT');
    const code = await exited(dev.child);
    expect(code, dev.output().slice(-3000)).toBe(0);
    await gone(last);
  });
});
