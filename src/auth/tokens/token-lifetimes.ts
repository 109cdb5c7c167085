import { StartupError } from '../../errors/app-error.js';

/** How long tokens live, in seconds, as an app sets them (`createApp({ auth: { ... } })`). */
export interface TokenLifetimes {
  /** Access tokens: 60 to 3600 (default 900, 15 minutes). */
  accessTokenTtl?: number;
  /** A refresh-token family from its login: 3600 (1 hour) to 7776000 (90 days); default 604800 (7 days). */
  refreshTokenTtl?: number;
}

// An access token cannot be revoked before it expires: past an hour a stolen one lives
// too long. A refresh family lives at most 90 days, so a stolen device's session ends.
const bounds = { accessTokenTtl: [60, 3600], refreshTokenTtl: [3600, 90 * 86_400] } as const;

/**
 * The lifetimes with their defaults, or a startup error naming each value outside its
 * bounds.
 *
 * @example
 * tokenLifetimes({ accessTokenTtl: 600 }); // { access: 600, refresh: 604800 }
 */
export function tokenLifetimes(options: TokenLifetimes = {}): { access: number; refresh: number } {
  const problems: string[] = [];
  for (const [name, [min, max]] of Object.entries(bounds)) {
    const value = options[name as keyof TokenLifetimes];
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      problems.push(`auth.${name} must be a whole number of seconds from ${min} to ${max} (got ${String(value)})`);
    }
  }
  if (problems.length > 0) throw new StartupError('RAMPART_CONFIG_INVALID', problems.join('; '));
  return { access: options.accessTokenTtl ?? 900, refresh: options.refreshTokenTtl ?? 604_800 };
}
