import { createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { StartupError } from '../errors/app-error.js';
import { weakSecrets } from './secret-strength.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Digits only: Number() would also take " " (as 0) and "0x10" (as 16).
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, { error: 'expected a whole number' })
    .transform(Number)
    .pipe(z.number().min(min, { error: `expected at least ${min}` }).max(max, { error: `expected at most ${max}` }));

const databaseUrl = z
  .string()
  .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), {
    error: 'expected sqlite:<path>, sqlite::memory: or postgres://user@host:5432/database',
  });

const redisUrl = z.string().refine((v) => /^rediss?:\/\/[^\s]+$/.test(v), {
  error: 'expected redis://host:6379 or rediss://host:6380 (with an optional user:password@ and /database)',
});

const origins = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), {
    error: 'expected a comma-separated list of origins such as https://app.example.com, or *',
  });

// HS256 keys need at least 256 bits (RFC 7518 §3.2); counted in UTF-8 bytes.
const secret = z.string().refine((v) => Buffer.byteLength(v, 'utf8') >= 32, {
  error: 'expected at least 32 bytes; generate one with: openssl rand -base64 48',
});

// PEM in an env var arrives with real newlines, or as one line with `\n` escapes (.env
// files, CI secret fields); both become the same PEM. The key's own text never goes
// into a message.
const pemOf = (v: string) => v.replace(/\\n/g, '\n').trim();
const generateEd25519 = 'generate one with: openssl genpkey -algorithm ed25519';

function isEd25519(parse: () => { asymmetricKeyType?: string }): boolean {
  try {
    return parse().asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

const ed25519PrivatePem = z
  .string()
  .transform(pemOf)
  .refine((pem) => isEd25519(() => createPrivateKey({ key: pem, format: 'pem' })), {
    error: `expected an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----); ${generateEd25519}`,
  });

// createPublicKey would also take a private key (and derive its public half); a private
// key has no place in a variable meant for a verify-only key, so it is refused.
const ed25519PublicPem = z
  .string()
  .transform(pemOf)
  .refine(
    (pem) => !pem.includes('PRIVATE KEY-----') && isEd25519(() => createPublicKey({ key: pem, format: 'pem' })),
    { error: 'expected an Ed25519 public key in SPKI PEM (-----BEGIN PUBLIC KEY-----), e.g. from: openssl pkey -in old.pem -pubout' },
  );

/**
 * The environment variables Rampart reads, their defaults and their rules.
 * README.md's configuration table lists the same variables.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: databaseUrl.default('sqlite:data/app.db'),
  DATABASE_POOL_SIZE: integer(1, 1000).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(0, 24 * 3_600_000).default(15_000),
  DATABASE_CONNECT_TIMEOUT_MS: integer(100, 60_000).default(3000),
  REDIS_URL: redisUrl.optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, { error: 'expected 1-64 characters of letters, digits and : _ . -' })
    .default('rampart:'),
  CACHE_MAX_ENTRIES: integer(1, 10_000_000).default(10_000),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  LOG_REDACT_NAMES: z
    .string()
    .regex(/^[\w.[\], -]+$/, { error: 'expected a comma-separated list of names, such as ssn,membership_number' })
    .optional(),
  CORS_ORIGINS: origins.default([]),
  BODY_LIMIT: integer(1024, 100 * 1024 * 1024).default(1024 * 1024),
  JSON_MAX_DEPTH: integer(1, 1000).default(64),
  SHUTDOWN_TIMEOUT_MS: integer(0, 10 * 60_000).default(10_000),
  JWT_SECRET: secret.optional(),
  JWT_SECRET_PREVIOUS: secret.optional(),
  JWT_PRIVATE_KEY: ed25519PrivatePem.optional(),
  JWT_PUBLIC_KEY_PREVIOUS: ed25519PublicPem.optional(),
  JWT_ISSUER: z.string().min(1).max(200).default('rampart'),
  JWT_AUDIENCE: z.string().min(1).max(200).default('rampart-api'),
  PASSWORD_MIN_LENGTH: integer(8, 128).default(12),
  ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
  ADMIN_PASSWORD: z.string().optional(),
  RATE_LIMIT_IP_PER_MINUTE: integer(1, 1_000_000).default(1000),
  RATE_LIMIT_USER_PER_MINUTE: integer(1, 1_000_000).default(100),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[\d.:/a-fA-F, ]+)$/, {
      error: 'expected false, true, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs',
    })
    .default('false'),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
  IDEMPOTENCY_STORE: z.enum(['database', 'redis'], { error: 'expected database or redis' }).optional(),
  JOBS_WORKER: z.enum(['true', 'false'], { error: 'expected true or false' }).default('true'),
  // /metrics answers without the rate limit (a scraper must never be refused), so its
  // token must be too long to guess at any request rate.
  METRICS_TOKEN: z
    .string()
    .refine((v) => Buffer.byteLength(v, 'utf8') >= 32, { error: 'expected at least 32 bytes; generate one with: openssl rand -hex 32' })
    .optional(),
});

/** Validated configuration, as `loadConfig` returns it. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  /** PostgreSQL: connections per instance, statement timeout, and how long to wait for a connection. */
  database: { poolSize: number; statementTimeoutMs: number; connectTimeoutMs: number };
  /** Shared stores (rate limits, cache, login attempts) live here when set; in memory otherwise. */
  redisUrl?: string;
  /** Prepended to every key Rampart writes in Redis, so apps (or tests) sharing one Redis stay apart. */
  redisPrefix: string;
  /** Entries an in-process cache holds before evicting the least recently used. */
  cacheMaxEntries: number;
  logLevel: (typeof logLevels)[number];
  /** Names redacted in logs beside the built-in rule (see src/core/secret-names.ts). */
  logRedactNames: string[];
  /** When set, `GET /metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  corsOrigins: string[];
  bodyLimit: number;
  /** How deeply a JSON body may nest arrays and objects; deeper is a 400 found before parsing. */
  jsonMaxDepth: number;
  shutdownTimeoutMs: number;
  /** Unset outside production: createApp then makes one (kept in the data folder in development). */
  jwtSecret?: string;
  jwtSecretPrevious?: string;
  /** Ed25519 private key (PKCS#8 PEM): when set, access tokens are signed EdDSA, not HS256. */
  jwtPrivateKey?: string;
  /** The previous Ed25519 public key (SPKI PEM), still verifying during a rotation. */
  jwtPublicKeyPrevious?: string;
  jwtIssuer: string;
  jwtAudience: string;
  passwordMinLength: number;
  admin?: { email: string; password: string };
  /** Requests a minute per client address (anonymous) and per signed-in user. */
  rateLimit: { ipPerMinute: number; userPerMinute: number };
  /** Fastify's `trustProxy`: whose `X-Forwarded-For` to believe. */
  trustProxy: boolean | number | string[];
  /** Signing secret of the Stripe webhook endpoint (`whsec_...`), for `verify.stripe`. */
  stripeWebhookSecret?: string;
  /** Outbound webhooks may target loopback and private addresses (tests, local development). */
  outboundWebhooksAllowPrivate: boolean;
  /** Where `Idempotency-Key` responses are kept: Redis when `REDIS_URL` is set, else the database. */
  idempotencyStore: 'database' | 'redis';
  /** Whether this instance runs background jobs (false: it only serves HTTP and enqueues). */
  jobsWorker: boolean;
}

function trustProxyOf(raw: string): Config['trustProxy'] {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Parses configuration from environment variables. Every invalid variable is named in
 * one {@link StartupError}, so a bad deployment fails at boot rather than on first use.
 *
 * @example
 * const config = loadConfig({ PORT: '8080', DATABASE_URL: 'sqlite::memory:' });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((key) =>
      env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]],
    ),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new StartupError(
      'RAMPART_CONFIG_INVALID',
      `invalid environment variables\n  ${lines.join('\n  ')}`,
    );
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.NODE_ENV === 'production' && !c.JWT_SECRET && !c.JWT_PRIVATE_KEY) {
    problems.push(
      'JWT_SECRET: required in production unless JWT_PRIVATE_KEY is set (at least 32 bytes; e.g. openssl rand -base64 48)',
    );
  }
  // Development and tests start with any secret of the right length (fixtures, demos);
  // production refuses one that can be guessed offline from a single token.
  if (c.NODE_ENV === 'production') {
    problems.push(...weakSecrets({ JWT_SECRET: c.JWT_SECRET, JWT_SECRET_PREVIOUS: c.JWT_SECRET_PREVIOUS, METRICS_TOKEN: c.METRICS_TOKEN }));
  }
  if (c.JWT_PUBLIC_KEY_PREVIOUS && !c.JWT_PRIVATE_KEY) {
    problems.push('JWT_PUBLIC_KEY_PREVIOUS: only used with JWT_PRIVATE_KEY; set JWT_PRIVATE_KEY too, or unset it');
  }
  // With EdDSA, no secret verifies access tokens; a previous secret could only open
  // refresh successors sealed under the old JWT_SECRET, which needs JWT_SECRET itself.
  if (c.JWT_PRIVATE_KEY && c.JWT_SECRET_PREVIOUS && !c.JWT_SECRET) {
    problems.push('JWT_SECRET_PREVIOUS: with JWT_PRIVATE_KEY it needs JWT_SECRET too (HS256 tokens are not accepted)');
  }
  if (Boolean(c.ADMIN_EMAIL) !== Boolean(c.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }
  if (c.IDEMPOTENCY_STORE === 'redis' && !c.REDIS_URL) {
    problems.push('IDEMPOTENCY_STORE: redis needs REDIS_URL; set REDIS_URL, or IDEMPOTENCY_STORE=database');
  }
  if (problems.length > 0) {
    throw new StartupError('RAMPART_CONFIG_INVALID', `invalid environment variables\n  ${problems.join('\n  ')}`);
  }
  return {
    nodeEnv: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST ?? (c.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: c.DATABASE_URL,
    database: {
      poolSize: c.DATABASE_POOL_SIZE,
      statementTimeoutMs: c.DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: c.DATABASE_CONNECT_TIMEOUT_MS,
    },
    redisUrl: c.REDIS_URL,
    redisPrefix: c.REDIS_PREFIX,
    cacheMaxEntries: c.CACHE_MAX_ENTRIES,
    logLevel: c.LOG_LEVEL,
    logRedactNames: (c.LOG_REDACT_NAMES ?? '').split(',').map((n) => n.trim()).filter(Boolean),
    metricsToken: c.METRICS_TOKEN,
    corsOrigins: c.CORS_ORIGINS,
    bodyLimit: c.BODY_LIMIT,
    jsonMaxDepth: c.JSON_MAX_DEPTH,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    jwtSecret: c.JWT_SECRET,
    jwtSecretPrevious: c.JWT_SECRET_PREVIOUS,
    jwtPrivateKey: c.JWT_PRIVATE_KEY,
    jwtPublicKeyPrevious: c.JWT_PUBLIC_KEY_PREVIOUS,
    jwtIssuer: c.JWT_ISSUER,
    jwtAudience: c.JWT_AUDIENCE,
    passwordMinLength: c.PASSWORD_MIN_LENGTH,
    admin: c.ADMIN_EMAIL && c.ADMIN_PASSWORD ? { email: c.ADMIN_EMAIL, password: c.ADMIN_PASSWORD } : undefined,
    trustProxy: trustProxyOf(c.TRUST_PROXY),
    rateLimit: { ipPerMinute: c.RATE_LIMIT_IP_PER_MINUTE, userPerMinute: c.RATE_LIMIT_USER_PER_MINUTE },
    stripeWebhookSecret: c.STRIPE_WEBHOOK_SECRET,
    outboundWebhooksAllowPrivate: c.OUTBOUND_WEBHOOKS_ALLOW_PRIVATE === 'true',
    idempotencyStore: c.IDEMPOTENCY_STORE ?? (c.REDIS_URL ? 'redis' : 'database'),
    jobsWorker: c.JOBS_WORKER === 'true',
  };
}
