import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { runInProcess } from './support/cli-in-process.js';
import { createProject } from './support/project.js';
import { get, killNow, processTimeoutMs, runCli, startServer } from './support/processes.js';

/*
 * `rampart migrate:generate`, `migrate:status` and `migrate` as a user runs them: real
 * processes in a project of their own, each test on a fresh database of the run's
 * dialect. Generating used to fail for every app with an owner or a reference to users
 * ('references "users", which is not a declared resource'), though it is the command
 * the pending-migration error tells users to run.
 */
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});
async function database(): Promise<TestDatabaseUrl> {
  const created = await createTestDatabaseUrl();
  cleanup.push(() => created.drop());
  return created;
}
function project(...args: Parameters<typeof createProject>): string {
  const dir = createProject(...args);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const production = { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('base64url') };

const ownedNotes = `import { allow, defineApp, field, resource } from 'rampart';
const notes = resource('notes', {
  fields: { title: field.string({ max: 100 }), reviewer: field.reference('users').optional() },
  owner: 'author',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
export default defineApp({ resources: [notes] });
`;

describe('rampart migrate commands', () => {
  it('generate a file for an app with an owner and a reference to users, which a production boot then accepts once applied', { timeout: processTimeoutMs * 6 }, async () => {
    const dir = project({ 'app.ts': ownedNotes });
    const env = { ...production, DATABASE_URL: (await database()).url };
    const run = (...args: string[]) => runCli([...args], env, '', dir);

    const generated = await run('migrate:generate', 'app.ts', '--name', 'notes');
    expect(generated.code, generated.stderr).toBe(0);
    const files = readdirSync(join(dir, 'migrations'));
    expect(files).toEqual([expect.stringMatching(/^\d{14}_notes\.json$/)]);
    const tables = (JSON.parse(readFileSync(join(dir, 'migrations', files[0]!), 'utf8')) as { operations: { table: string }[] }).operations.map((op) => op.table);
    // The users table the owner points at, and the rest of Rampart's own.
    expect(tables).toEqual(expect.arrayContaining(['users', 'notes', 'rampart_refresh_tokens', 'rampart_jobs']));

    expect((await run('migrate:status', 'app.ts')).stdout).toContain('pending (1)');
    const applied = await run('migrate', 'app.ts');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(files[0]!.replace(/\.json$/, ''));
    expect((await run('migrate:generate', 'app.ts')).stdout).toContain('no changes');

    // Production refuses a database behind the resources: this one is not.
    const server = await startServer('app.ts', env, dir);
    try {
      expect((await get(server.port, '/health/ready')).status).toBe(200);
    } finally {
      await killNow(server.child);
    }
  });

  it('apply the example\'s files, list them, and find nothing left to generate', { timeout: processTimeoutMs * 4 }, async () => {
    const dir = project({}, { example: true });
    const env = { ...production, DATABASE_URL: (await database()).url };
    // In this process (the first test runs the bin): the same commands, counted by coverage.
    const run = (...args: string[]) => runInProcess([...args], env, dir);
    const files = readdirSync(join(dir, 'migrations')).map((file) => file.replace(/\.json$/, ''));

    expect((await run('migrate:status', 'app.ts')).stdout).toContain(`pending (${files.length}): ${files.join(', ')}`);
    const applied = await run('migrate', 'app.ts');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toBe(`applied: ${files.join(', ')}\n`);
    const generated = await run('migrate:generate', 'app.ts');
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('no changes: the schema matches the resources');
  });
});
