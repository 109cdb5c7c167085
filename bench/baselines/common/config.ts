/**
 * What every baseline reads from its environment: the same variables, with the same
 * meaning, as the Rampart app it is compared with (README's configuration table).
 */
export interface BaselineConfig {
  port: number;
  host: string;
  /** `sqlite:<path>` or `postgres://...`, the same database the Rampart app serves. */
  databaseUrl: string;
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
}

/** Reads {@link BaselineConfig} from `env`; a missing secret or database stops the process. */
export function baselineConfig(env: NodeJS.ProcessEnv = process.env): BaselineConfig {
  const { DATABASE_URL, JWT_SECRET } = env;
  if (!DATABASE_URL) throw new Error('DATABASE_URL is required (sqlite:<path> or postgres://...)');
  if (!JWT_SECRET || Buffer.byteLength(JWT_SECRET) < 32) throw new Error('JWT_SECRET of at least 32 bytes is required');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: DATABASE_URL,
    jwtSecret: JWT_SECRET,
    jwtIssuer: env.JWT_ISSUER ?? 'rampart',
    jwtAudience: env.JWT_AUDIENCE ?? 'rampart-api',
  };
}
