import { createHmac, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { openTestDatabase } from '../../db/test-database-url.js';
import { prepareSchema } from '../../db/migrations/index.js';
import type { TableModel } from '../../db/migrations/schema-model.js';
import { refreshTokensTable } from './refresh-tokens-table.js';

/*
 * Test support for the token tests: a real database of the run's dialect with a stand-in `users` table
 * (the real one belongs to auth/users), a settable clock, and a JWT forger that signs
 * whatever header and payload a test wants with the real secret.
 */

export const secret = 'test-secret-0123456789-abcdefghijklmnop';
export const otherSecret = 'another-secret-0123456789-abcdefghijklmn';
export const issuer = 'rampart';
export const audience = 'rampart-api';

/** Just enough of `users` for the refresh-token foreign key. */
export const usersStubTable: TableModel = {
  name: 'users',
  columns: [{ name: 'id', type: 'uuid', notNull: true, primaryKey: true }],
  indexes: [],
};

/** A clock tests move by hand; starts at 2026-01-01T00:00:00.000Z. */
export function testClock() {
  let ms = Date.parse('2026-01-01T00:00:00.000Z');
  return {
    now: () => ms,
    advance(seconds: number) {
      ms += seconds * 1000;
    },
  };
}

/** A temporary database file with both tables, and helpers to add users. */
export async function tokenDatabase() {
  const database: Database = await openTestDatabase();
  await prepareSchema(database, [], { dir: false, env: 'test', extraTables: [usersStubTable, refreshTokensTable] });
  return {
    database,
    async addUser(): Promise<string> {
      const id = randomUUID();
      await database.db.insertInto('users').values({ id }).execute();
      return id;
    },
    async cleanup() {
      await database.close();
    },
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS with any header and payload, MACed with `key` (any HMAC hash). */
export function forge(header: object, payload: object, key: string | Buffer = secret, hash = 'sha256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
}

/** A compact JWS with any header and payload, signed Ed25519 with `privateKey`. */
export function forgeEd25519(header: object, payload: object, privateKey: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

/** Splits a compact JWS into its decoded header and payload. */
export function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h ?? '', 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>,
  };
}
