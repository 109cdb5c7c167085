/*
 * Which JWT library verifies an access token fastest? Verification runs on every
 * authenticated request, so it is measured rather than guessed.
 *
 * Run: npx tsx bench/jwt/verify-bench.ts [sliceMs=400] [rounds=7]
 *
 * Every candidate checks the same things the token service needs (HS256 only, typ,
 * iss, aud, required claims) so none wins by skipping work. Candidates run in
 * alternating order within one process, a time slice each per round; the median of
 * the rounds is reported, which damps JIT warm-up, GC pauses and CPU frequency drift.
 */
import { createSecretKey, randomBytes, webcrypto } from 'node:crypto';
import { cpus } from 'node:os';
import { createVerifier } from 'fast-jwt';
import { SignJWT, jwtVerify } from 'jose';
import { createAccessTokenVerifier, hmacKey } from '../../src/auth/tokens/index.js';

const sliceMs = Number(process.argv[2] ?? 400);
const rounds = Number(process.argv[3] ?? 7);
const issuer = 'rampart';
const audience = 'rampart-api';
const required = ['sub', 'role', 'jti', 'iat', 'nbf', 'exp'];

const secret = randomBytes(32);
const key = createSecretKey(secret);
const tokenKey = hmacKey(secret);
// jose runs on WebCrypto: a CryptoKey imported once is its fastest form (a KeyObject or
// raw bytes get converted on every call, measured about 35% slower).
const joseKey = await webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);

async function sign(sub: string): Promise<string> {
  return new SignJWT({ role: 'member' })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: tokenKey.kid })
    .setSubject(sub)
    .setIssuer(issuer)
    .setAudience(audience)
    .setJti(randomBytes(16).toString('base64url'))
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('15m')
    .sign(key);
}

const token = await sign('user-1');
// More distinct tokens than fast-jwt's default cache holds (1000): every lookup misses.
const distinct = await Promise.all(Array.from({ length: 2000 }, (_, i) => sign(`user-${i}`)));

const fastJwtOptions = {
  key: secret,
  algorithms: ['HS256' as const],
  checkTyp: 'at+jwt',
  allowedIss: issuer,
  allowedAud: audience,
  requiredClaims: required,
  clockTolerance: 5000,
};
const fastNoCache = createVerifier({ ...fastJwtOptions, cache: false });
const fastCache = createVerifier({ ...fastJwtOptions, cache: true });
const fastCacheMiss = createVerifier({ ...fastJwtOptions, cache: true });
// The token service's own path: kid lookup, fast-jwt (cache off), claim checks.
const rampart = createAccessTokenVerifier([tokenKey], { issuer, audience, clockToleranceSeconds: 5, now: Date.now });
const joseOptions = { algorithms: ['HS256'], typ: 'at+jwt', issuer, audience, requiredClaims: required, clockTolerance: 5 };

type Verify = (i: number) => unknown;
const candidates: Record<string, Verify> = {
  'jose jwtVerify, imported CryptoKey': (_i) => jwtVerify(token, joseKey, joseOptions).then((r) => r.payload.sub),
  'fast-jwt, cache off': (_i) => (fastNoCache(token) as { sub: string }).sub,
  'fast-jwt, cache on': (_i) => (fastCache(token) as { sub: string }).sub,
  'rampart verifier (fast-jwt, cache off)': (_i) => rampart(token).id,
  'fast-jwt, cache off, 2000 tokens': (i) => (fastNoCache(distinct[i % 2000] as string) as { sub: string }).sub,
  'fast-jwt, cache on, 2000 tokens (misses)': (i) => (fastCacheMiss(distinct[i % 2000] as string) as { sub: string }).sub,
};

/** Calls `verify` in batches until the slice is used up; returns verifications per second. */
async function slice(verify: Verify): Promise<number> {
  const batch = 500;
  const start = process.hrtime.bigint();
  const end = start + BigInt(sliceMs) * 1_000_000n;
  let done = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < batch; i++) {
      // Awaiting a sync result costs a microtask; only jose pays for being async.
      const result = verify(done + i);
      const sub = result instanceof Promise ? await result : result;
      if (typeof sub !== 'string' || !sub.startsWith('user-')) throw new Error('verification returned no subject');
    }
    done += batch;
    now = process.hrtime.bigint();
  }
  return (done * 1e9) / Number(now - start);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const names = Object.keys(candidates);
const samples = new Map<string, number[]>(names.map((n) => [n, []]));
for (const name of names) await slice(candidates[name] as Verify); // warm-up, discarded
for (let r = 0; r < rounds; r++) {
  // Rotate the starting candidate so none always runs first (or after the same neighbour).
  for (let k = 0; k < names.length; k++) {
    const name = names[(r + k) % names.length] as string;
    samples.get(name)?.push(await slice(candidates[name] as Verify));
  }
}

const results = names.map((name) => ({ name, ops: median(samples.get(name) ?? []) }));
const best = Math.max(...results.map((r) => r.ops));
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cpus), node ${process.version}`);
console.log(`method: ${rounds} rounds x ${sliceMs} ms per candidate, alternating order, median ops/s\n`);
console.log(`${'candidate'.padEnd(44)}${'ops/s'.padStart(12)}${'vs fastest'.padStart(12)}`);
for (const { name, ops } of results) {
  console.log(`${name.padEnd(44)}${Math.round(ops).toLocaleString('en-US').padStart(12)}${(ops / best).toFixed(2).padStart(12)}`);
}
