import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { hashThreadNice } from './hash-threads.js';
import { argon2Options, hashPassword, needsRehash, normalizePassword, passwordHashActivity, verifyPassword } from './password-hash.js';

describe('hashPassword / verifyPassword', () => {
  it('makes argon2id PHC strings with the OWASP parameters and a fresh salt', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(a, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(a, 'Correct horse battery staple')).toBe(false);
  });

  it('never truncates: the first 72 bytes of a 100-byte password do not verify', async () => {
    const password = 'a1b2c3d4e5'.repeat(10);
    expect(Buffer.byteLength(password)).toBe(100);
    const stored = await hashPassword(password);
    expect(await verifyPassword(stored, password)).toBe(true);
    expect(await verifyPassword(stored, password.slice(0, 72))).toBe(false);
    expect(await verifyPassword(stored, password.slice(0, 99))).toBe(false);
  });

  it('keeps spaces and treats composed and decomposed accents as one password', async () => {
    const stored = await hashPassword('  café au lait  ');
    expect(await verifyPassword(stored, '  cafe\u0301 au lait  ')).toBe(true);
    expect(await verifyPassword(stored, 'café au lait')).toBe(false);
    expect(normalizePassword('🔐🔐')).toBe('🔐🔐');
  });

  it('throws on a malformed stored hash instead of answering false', async () => {
    await expect(verifyPassword('not-a-hash', 'whatever')).rejects.toThrow();
  });
});

describe('hash concurrency', () => {
  it('runs at most one hash per usable CPU; the others wait their turn and all complete', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const cpus = availableParallelism();
    const all = Array.from({ length: cpus * 3 }, () => verifyPassword(stored, 'correct horse battery staple'));
    // Right after the calls: the first `cpus` run, the rest queue.
    expect(passwordHashActivity()).toEqual({ running: cpus, waiting: cpus * 2 });
    expect(await Promise.all(all)).toEqual(all.map(() => true));
    expect(passwordHashActivity()).toEqual({ running: 0, waiting: 0 });
  });

  it.runIf(process.platform === 'linux')('hashes on threads niced below the event loop, which keeps its priority', async () => {
    await hashPassword('correct horse battery staple');
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value.
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const threads = readdirSync('/proc/self/task');
    expect(niceOf(String(process.pid))).toBe(0);
    expect(threads.map(niceOf)).toContain(hashThreadNice);
  });

  const canPin = availableParallelism() > 1 && spawnSync('taskset', ['--version']).status === 0;
  if (!canPin) console.log('hash concurrency: one CPU or no taskset here; the affinity test is skipped');
  it.runIf(canPin)('follows the CPUs the process may use when they change while it runs (taskset)', () => {
    // A process that hashed once on every CPU, then is pinned to one, as a benchmark or
    // an operator may do: from then on, one hash at a time.
    const script = `
      import { spawnSync } from 'node:child_process';
      import { hashPassword, passwordHashActivity } from ${JSON.stringify(new URL('./password-hash.ts', import.meta.url).pathname)};
      await hashPassword('correct horse battery staple');
      spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);
      const all = [1, 2, 3].map(() => hashPassword('correct horse battery staple'));
      console.log(JSON.stringify(passwordHashActivity()));
      await Promise.all(all);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ running: 1, waiting: 2 });
  });
});

describe('needsRehash', () => {
  it('is false for current hashes and true for weaker or other-algorithm ones', async () => {
    expect(needsRehash(await hashPassword('some long passphrase'))).toBe(false);
    const weak = await hash('some long passphrase', { ...argon2Options, memoryCost: 8192 });
    expect(needsRehash(weak)).toBe(true);
    const argon2i = await hash('some long passphrase', { ...argon2Options, algorithm: 1 as typeof argon2Options.algorithm });
    expect(needsRehash(argon2i)).toBe(true);
    const stronger = await hash('some long passphrase', { ...argon2Options, timeCost: 4 });
    expect(needsRehash(stronger)).toBe(false);
    // Made with the parameters before this version (m=19456, t=2): replaced at the next login.
    const previous = await hash('some long passphrase', { ...argon2Options, memoryCost: 19_456, timeCost: 2 });
    expect(needsRehash(previous)).toBe(true);
  });
});
