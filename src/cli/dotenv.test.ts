import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyDotEnv, readDotEnv } from './dotenv.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-dotenv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('.env', () => {
  it('fills in what the environment does not set, and never overrides it', () => {
    writeFileSync(join(dir, '.env'), '# comment\nPORT=4000\nDATABASE_URL="sqlite:data/x.db"\nEMPTY=\nexport JWT_SECRET=abc # trailing\n');
    const env: NodeJS.ProcessEnv = { PORT: '8080' };
    const set = applyDotEnv(env, dir);
    expect(env).toMatchObject({ PORT: '8080', DATABASE_URL: 'sqlite:data/x.db', EMPTY: '' });
    expect(set).toContain('DATABASE_URL');
    expect(set).not.toContain('PORT');
  });

  it('is nothing when there is no file', () => {
    const empty = mkdtempSync(join(dir, 'none-'));
    expect(readDotEnv(empty)).toEqual({});
    const env: NodeJS.ProcessEnv = {};
    expect(applyDotEnv(env, empty)).toEqual([]);
    expect(env).toEqual({});
  });
});
