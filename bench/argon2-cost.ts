/*
 * `npm run bench:argon2`: what one login's password check costs, as a reference for
 * S5's target (80 logins a second per core). argon2id at Rampart's parameters
 * (src/auth/passwords/password-hash.ts), pinned to one core, verifications per second
 * with 1, 2 and 4 running at once (libuv's pool has 4 threads), in one run. Bounded:
 * about 15 s. Writes bench/results/argon2-cost.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { argon2Options } from '../src/auth/passwords/password-hash.js';
import { round } from './harness/stats.js';

// One core, as S5 gives the server: the pool's threads and the caller share it.
const pinned = spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status === 0;
const password = 'bench passphrase for rampart 7';
const stored = await hash(password, argon2Options);
const perLevel = 40;

const rates: { concurrency: number; perSecond: number }[] = [];
for (const concurrency of [1, 2, 4, 1]) {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < perLevel / concurrency; i++) await verify(stored, password);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rates.push({ concurrency, perSecond: round(perLevel / seconds, 1) });
}

const note = pinned ? 'pinned to core 0 (taskset)' : 'not pinned (taskset missing or failed)';
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/argon2-cost.json', `${JSON.stringify({ machine: note, parameters: argon2Options, rates }, null, 2)}\n`);
console.log('| verifications at once | per second |\n|--:|--:|');
for (const r of rates) console.log(`| ${r.concurrency} | ${r.perSecond} |`);
console.log(`\nargon2id (m=${argon2Options.memoryCost} KiB, t=${argon2Options.timeCost}, p=${argon2Options.parallelism}), ${note}.`);
