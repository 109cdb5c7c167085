import { describe, expect, it } from 'vitest';
import { prepareDummyHash, verifyAgainstDummy } from './dummy-hash.js';
import { hashPassword, verifyPassword } from './password-hash.js';

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('verifyAgainstDummy', () => {
  it('always answers false, whatever the password', async () => {
    expect(await verifyAgainstDummy('')).toBe(false);
    expect(await verifyAgainstDummy('correct horse battery staple')).toBe(false);
  });

  it('makes the dummy hash once, with the same parameters as real hashes', async () => {
    const [a, b] = await Promise.all([prepareDummyHash(), prepareDummyHash()]);
    expect(a).toBe(b);
    expect(await prepareDummyHash()).toBe(a);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
  });

  it('takes about as long as verifying a wrong password against a real hash', async () => {
    const stored = await hashPassword('the real password of a real user');
    await prepareDummyHash();
    const unknownUser: number[] = [];
    const wrongPassword: number[] = [];
    // Interleaved, so a slow moment of the machine hits both sides alike.
    for (let i = 0; i < 9; i++) {
      unknownUser.push(await elapsed(() => verifyAgainstDummy('a guessed password')));
      wrongPassword.push(await elapsed(() => verifyPassword(stored, 'a guessed password')));
    }
    const ratio = median(unknownUser) / median(wrongPassword);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
