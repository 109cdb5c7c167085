import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../core/config.js';

/**
 * The key that signs access tokens. Production must set JWT_SECRET (config refuses to
 * boot without it). In development a random key is made once and kept beside the
 * SQLite file, so tokens survive restarts; tests and in-memory databases get a fresh
 * one per process.
 */
export function resolveJwtSecret(config: Config): string {
  if (config.jwtSecret) return config.jwtSecret;
  const target = config.databaseUrl.slice('sqlite:'.length);
  if (config.nodeEnv !== 'development' || !config.databaseUrl.startsWith('sqlite:') || target === ':memory:') {
    return randomBytes(48).toString('base64url');
  }
  const file = join(dirname(resolve(target)), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  // Owner-only: the key lets its reader mint tokens for any user.
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
