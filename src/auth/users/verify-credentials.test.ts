import { hash } from '@node-rs/argon2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/database.js';
import { openTestDatabase } from '../../db/test-database-url.js';
import { prepareSchema } from '../../db/migrations/index.js';
import type { AppError } from '../../errors/app-error.js';
import * as passwords from '../passwords/index.js';
import { createUserRepository, type UserRepository } from './user-repository.js';
import { usersTable } from './users-table.js';

// Real argon2, observed: "always one verification" is counted, not assumed.
vi.mock('../passwords/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof passwords>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword), verifyAgainstDummy: vi.fn(actual.verifyAgainstDummy) };
});

const password = 'correct horse battery staple';
let database: Database;
let users: UserRepository;

beforeEach(async () => {
  database = await openTestDatabase();
  await prepareSchema(database, [], { dir: false, env: 'test', extraTables: [usersTable] });
  users = createUserRepository(database, { passwordPolicy: { minLength: 16 } });
});
afterEach(() => database.close());

const argon2Runs = () =>
  vi.mocked(passwords.verifyPassword).mock.calls.length + vi.mocked(passwords.verifyAgainstDummy).mock.calls.length;

describe('verifyCredentials', () => {
  it('answers the user for the right password and null otherwise, with one argon2 run each time', async () => {
    const ann = await users.createUser({ email: 'ann@example.com', password });
    const cases: [string, string, boolean][] = [
      ['ann@example.com', password, true],
      [' Ann@Example.com', password, true],
      ['ann@example.com', 'a wrong password', false],
      ['nobody@example.com', password, false],
      ['not an email', password, false],
    ];
    for (const [email, attempt, ok] of cases) {
      vi.clearAllMocks();
      expect(await users.verifyCredentials(email, attempt)).toEqual(ok ? ann : null);
      expect(argon2Runs()).toBe(1);
    }
  });

  it('takes about as long for an unknown email as for a wrong password', async () => {
    await users.createUser({ email: 'ann@example.com', password });
    await users.verifyCredentials('warm@example.com', 'warm-up'); // makes the dummy hash
    const timed = async (email: string) => {
      const start = performance.now();
      await users.verifyCredentials(email, 'a guessed password');
      return performance.now() - start;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 9; i++) {
      unknown.push(await timed('nobody@example.com'));
      wrong.push(await timed('ann@example.com'));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[4]!;
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('upgrades a hash made with weaker parameters once the password is proven', async () => {
    const ann = await users.createUser({ email: 'ann@example.com', password });
    const weak = await hash(password, { ...passwords.argon2Options, memoryCost: 4096, timeCost: 1 });
    await database.db.updateTable('users').set({ password_hash: weak }).where('id', '=', ann.id).execute();
    expect(await users.verifyCredentials('ann@example.com', 'a wrong password')).toBeNull();
    expect(await database.db.selectFrom('users').select('password_hash').executeTakeFirst()).toEqual({ password_hash: weak });
    expect(await users.verifyCredentials('ann@example.com', password)).toEqual(ann);
    const { password_hash } = await database.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(passwords.needsRehash(password_hash as string)).toBe(false);
    expect(await users.verifyCredentials('ann@example.com', password)).toEqual(ann);
  });
});

describe('changePassword', () => {
  it('replaces the password, checked against the configured policy', async () => {
    const ann = await users.createUser({ email: 'ann@example.com', password });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const changed = await users.changePassword(ann.id, 'a brand new passphrase');
    expect(changed).toEqual({ ...ann, updatedAt: expect.any(String) });
    expect(changed.updatedAt > ann.updatedAt).toBe(true);
    expect(await users.verifyCredentials('ann@example.com', password)).toBeNull();
    expect(await users.verifyCredentials('ann@example.com', 'a brand new passphrase')).toEqual(changed);

    const short = (await users.changePassword(ann.id, 'fifteen chars!!').catch((e: unknown) => e)) as AppError;
    expect(short).toMatchObject({ code: 'RAMPART_VALIDATION', errors: [{ path: 'body.newPassword', message: 'must be at least 16 characters long' }] });
    const missing = users.changePassword('0190a000-0000-7000-8000-000000000000', 'a brand new passphrase');
    await expect(missing).rejects.toMatchObject({ code: 'RAMPART_NOT_FOUND', status: 404 });
  });
});

describe('the password hash', () => {
  it('never leaves the repository', async () => {
    const ann = await users.createUser({ email: 'ann@example.com', password, role: 'admin' });
    const stored = (await database.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()).password_hash as string;
    const answers = [
      ann,
      await users.findUserByEmail('ann@example.com'),
      await users.findUserById(ann.id),
      await users.verifyCredentials('ann@example.com', password),
      await users.changePassword(ann.id, 'another long passphrase'),
      await users.listUsers(),
    ];
    const json = JSON.stringify(answers);
    expect(json).not.toMatch(/password_?hash/i);
    expect(json).not.toContain('$argon2');
    expect(json).not.toContain(stored);
  });
});
