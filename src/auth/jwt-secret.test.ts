import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { resolveJwtSecret } from './jwt-secret.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the JWT secret', () => {
  it('uses JWT_SECRET when set', () => {
    const secret = 's'.repeat(40);
    expect(resolveJwtSecret(loadConfig({ JWT_SECRET: secret }))).toBe(secret);
  });

  it('is generated once in development, kept beside the database, readable by its owner only', () => {
    const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: `sqlite:${join(dir, 'app.db')}` });
    const first = resolveJwtSecret(config);
    expect(Buffer.from(first, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(resolveJwtSecret(config)).toBe(first);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o077).toBe(0);
  });

  it('is fresh per process for tests and in-memory databases', () => {
    const a = resolveJwtSecret(loadConfig({ NODE_ENV: 'test' }));
    const b = resolveJwtSecret(loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'sqlite::memory:' }));
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(43);
  });
});
