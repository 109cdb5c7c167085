import { randomBytes } from 'node:crypto';

// Variables that open connections, write files or do slow work at startup: the build
// that lists routes needs none of them.
const dropped = ['REDIS_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'IDEMPOTENCY_STORE', 'JWT_SECRET_PREVIOUS', 'JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY_PREVIOUS', 'HOST', 'PORT'];

/**
 * The environment an app is built with to read its routes: the given one, but on an
 * in-memory SQLite database (the app's own is never opened or migrated), with no Redis,
 * no job runner, no first admin, silent logs and a throwaway signing secret. A webhook
 * secret the environment lacks reads as a placeholder, so a missing one does not hide
 * the routes (the audit's configuration checks report it).
 *
 * @example
 * await createApp({ ...options, env: inspectionEnv(process.env) });
 */
export function inspectionEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = { ...env };
  for (const name of dropped) delete base[name];
  Object.assign(base, {
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    JOBS_WORKER: 'false',
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(48).toString('base64'),
  });
  if (base.METRICS_TOKEN !== undefined && Buffer.byteLength(base.METRICS_TOKEN) < 32) delete base.METRICS_TOKEN;
  // Rampart's own keys and secrets are set above or left unset on purpose.
  const own = (key: string) => key.startsWith('JWT_') || key === 'METRICS_TOKEN' || dropped.includes(key);
  return new Proxy(base, {
    get(target, key) {
      if (typeof key !== 'string') return undefined;
      const value = target[key];
      if ((value === undefined || value === '') && !own(key) && /SECRET|TOKEN|_KEY$/.test(key)) return 'rampart-inspection-placeholder-secret';
      return value;
    },
  });
}
