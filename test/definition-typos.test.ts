import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { allow, createApp, field, resource } from 'rampart';
import { main } from '../src/cli/main.js';
import { createTestDatabaseUrl } from '../src/db/test-database-url.js';
import { expectStartupError } from './support/startup-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// What plain JavaScript (or a cast) can pass, and a typo would otherwise leave unnoticed.
describe('misspelled declarations stop the app, every one at once', () => {
  it('names unknown access keys and resource options', async () => {
    const notes = resource('notes', {
      fields: { text: field.string() },
      access: { list: allow.public, read: allow.public, destroy: allow.owner } as never,
      filterable: ['text'],
    } as never);
    const database = await createTestDatabaseUrl();
    try {
      const error = await expectStartupError(createApp({ resources: [notes], migrations: { dir: false }, env: { NODE_ENV: 'test', DATABASE_URL: database.url } }));
      expect(error.message).toContain('notes: access.destroy is not an operation; the operations are list, read, create, update, delete');
      expect(error.message).toContain('notes: "filterable" is not a resource option');
    } finally {
      await database.drop();
    }
  });
});

describe('every startup problem at once, across the checks', () => {
  it('lists config, option, definition, access-rule, token-lifetime and scheme problems together, opening nothing', async () => {
    const notes = resource('notes', {
      fields: { text: field.string() },
      access: { list: allow.public, read: allow.public, create: allow.authenticated, update: allow.owner, destroy: allow.owner } as never,
    });
    const error = await expectStartupError(
      createApp({
        resources: [notes],
        migrations: { dir: false },
        auth: { accessTokenTtl: 5 },
        authSchemes: ['bad scheme!'],
        colour: 'blue',
        env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite:/nonexistent-dir-for-sure/x.db', PORT: 'eighty' },
      } as never),
    );
    const message = error.message;
    expect(message).toMatch(/^RAMPART_CONFIG_INVALID: \d+ problems stop the app:/);
    for (const expected of ['"colour" is not an app option', 'PORT', 'access.destroy is not an operation', 'missing: notes.delete', 'accessTokenTtl', 'bad scheme!']) {
      expect(message).toContain(expected);
    }
    // Nothing was opened: no SQLite folder was made on the way to the errors.
    expect(existsSync('/nonexistent-dir-for-sure')).toBe(false);
  });
});

describe('roles a user can get', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ roles: { editor: ['posts:write'] } });
  });
  afterAll(() => t.close());

  it('are the declared ones only: a typo is refused, naming the roles', async () => {
    const refused = t.app.users.createUser({ email: 'x@example.com', password: 'a long passphrase', role: 'superuser' });
    await expect(refused).rejects.toMatchObject({ code: 'RAMPART_VALIDATION', errors: [{ path: 'body.role', message: expect.stringContaining('admin, editor, user') }] });
    const editor = await t.app.users.createUser({ email: 'ed@example.com', password: 'a long passphrase', role: 'editor' });
    expect(editor.role).toBe('editor');
    await expect(t.app.auth.register({ email: 'y@example.com', password: 'a long passphrase' }, { role: 'root' })).rejects.toMatchObject({ code: 'RAMPART_VALIDATION' });
  });
});

describe('rampart --version', () => {
  it("prints the package's version", async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['--version'])).toBe(0);
      const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      expect(log).toHaveBeenCalledWith(manifest.version);
    } finally {
      log.mockRestore();
    }
  });
});

describe('a database that is not there as configured', () => {
  it('stops the app naming DATABASE_URL and what to do, password left out', async () => {
    const error = await expectStartupError(
      createApp({ migrations: { dir: false }, env: { NODE_ENV: 'test', DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/shop' } }),
    );
    expect(error.message).toContain('DATABASE_URL (postgres://app:***@127.0.0.1:1/shop) refused the connection');
    expect(error.message).not.toContain('s3cret');
  });
});

describe('misspelled app options and CLI help', () => {
  it('refuses app options that do not exist, naming them', async () => {
    const error = await expectStartupError(createApp({ resource: [], authScheme: ['Token'], env: { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' } } as never));
    expect(error.message).toContain('"resource", "authScheme" are not app options');
  });

  it("prints a command's own help with examples, and refuses unknown options", async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await main(['user:create', '--help'])).toBe(0);
      expect(String(log.mock.calls[0]?.[0])).toMatch(/^Usage: rampart user:create[\s\S]*Example:\n {2}printf/);
      expect(await main(['migrate', '--alow-destructive'])).toBe(2);
      expect(String(err.mock.calls[0]?.[0])).toContain("Unknown option '--alow-destructive'");
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });
});
