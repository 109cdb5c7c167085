import { describe, expect, it, vi } from 'vitest';
import * as hashing from './password-hash.js';
import { prepareDummyHash } from './dummy-hash.js';

vi.mock('./password-hash.js', async (importOriginal) => {
  const actual = await importOriginal<typeof hashing>();
  return { ...actual, hashPassword: vi.fn(actual.hashPassword) };
});

describe('prepareDummyHash', () => {
  it('does not keep a failed attempt: the next call tries again', async () => {
    vi.mocked(hashing.hashPassword).mockRejectedValueOnce(new Error('out of memory'));
    await expect(prepareDummyHash()).rejects.toThrow('out of memory');
    expect(await prepareDummyHash()).toMatch(/^\$argon2id\$/);
    expect(hashing.hashPassword).toHaveBeenCalledTimes(2);
  });
});
