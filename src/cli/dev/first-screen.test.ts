import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allow, defineApp, field, resource } from '../../index.js';
import { testApp, type TestApp } from '../../testing/index.js';
import { firstScreen } from './first-screen.js';

const notes = resource('notes', {
  fields: { title: field.string({ max: 80 }) },
  owner: 'author',
  access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner },
});
const tags = resource('tags', { fields: { name: field.string({ max: 40 }) }, access: { list: allow.public, read: allow.public, create: allow.role('admin'), update: allow.role('admin'), delete: allow.role('admin') } });

let t: TestApp | undefined;
const rows = (screen: string) => screen.replace(/ {2,}/g, '  ');
afterEach(() => t?.close());

// The screen `rampart dev` prints once the app listens: what it says must follow the app.
describe('first screen', () => {
  it('lists where everything is, the database, and how to make the first admin, then counts admins', async () => {
    const options = defineApp({ resources: [notes, tags], info: { title: 'Notes API' } });
    t = await testApp(options);
    const input = { app: t.app, options, appPath: join(process.cwd(), 'src', 'app.ts'), address: 'http://127.0.0.1:4321', fromDotEnv: ['PORT', 'JWT_SECRET'], watching: true };
    // Labels are padded to the longest one; the checks read each row with two spaces after its label.
    const screen = rows(await firstScreen(input));
    expect(screen).toMatch(/Rampart \d+\.\d+\.\d+ · Notes API · test/);
    expect(screen).toMatch(/API {2}http:\/\/127\.0\.0\.1:4321\/api\/v1\n {2}http:\/\/127\.0\.0\.1:4321\/api\/v1\/notes\n {2}http:\/\/127\.0\.0\.1:4321\/api\/v1\/tags\n/);
    expect(screen).toContain('Sign up  POST http://127.0.0.1:4321/api/v1/auth/register');
    expect(screen).toContain('Docs  http://127.0.0.1:4321/docs  (OpenAPI: http://127.0.0.1:4321/openapi.json)');
    expect(screen).toContain('Health  http://127.0.0.1:4321/health/ready');
    expect(screen).toContain('Admin API  http://127.0.0.1:4321/api/v1/admin');
    expect(screen).toMatch(/Database {2}SQLite .+\.db/);
    expect(screen).toContain('Redis  none: limits and cache live in this process');
    expect(screen).toContain('.env  PORT, JWT_SECRET');
    // The command it suggests names the app module as seen from here.
    expect(screen).toContain(`Admins  none yet: printf '%s' "$PASSWORD" | npx rampart user:create ${join('src', 'app.ts')} --email you@example.com --role admin`);
    expect(screen).toContain('Watching for changes');

    await t.admin();
    const after = rows(await firstScreen({ ...input, fromDotEnv: [], watching: false }));
    expect(after).toMatch(/Admins {2}1\n/);
    expect(after).not.toContain('.env');
    expect(after).toContain('Ctrl-C stops (in-flight requests finish first).');
  });

  it('follows the app: its base path, the groups it leaves out, an in-memory database, PostgreSQL and Redis by name only', async () => {
    const options = defineApp({ resources: [tags], api: { basePath: '/v2', builtIn: { admin: false, auth: false } } });
    t = await testApp(options);
    const screen = rows(await firstScreen({ app: t.app, options, appPath: 'app.ts', address: 'http://localhost:3000', fromDotEnv: [], watching: true }));
    expect(screen).toContain('API  http://localhost:3000/v2\n');
    expect(screen).toContain('http://localhost:3000/v2/tags');
    expect(screen).not.toContain('Sign up');
    expect(screen).not.toContain('Admin API');
    expect(screen).toContain('user:create app.ts');

    const config = t.app.config;
    for (const [databaseUrl, redisUrl, shown] of [
      ['sqlite::memory:', undefined, 'SQLite in memory (gone when the process ends)'],
      ['postgres://app:s3cret@db.internal:5433/shop', 'redis://:pw@cache:6379', 'PostgreSQL app@db.internal:5433/shop'],
    ] as const) {
      const app = { ...t.app, config: { ...config, databaseUrl, redisUrl } } as typeof t.app;
      const text = rows(await firstScreen({ app, options, appPath: 'app.ts', address: 'http://localhost:3000', fromDotEnv: [], watching: true }));
      expect(text).toContain(shown);
      // A password in a URL never reaches the screen.
      expect(text).not.toMatch(/s3cret|:pw@/);
      if (redisUrl) expect(text).toContain('Redis  on (shared limits, cache and sessions)');
    }
  });
});
