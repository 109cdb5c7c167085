import type { Config } from '../../core/config.js';
import { StartupError } from '../../errors/app-error.js';

/**
 * Where a verifier's secret comes from: the secret itself, an environment variable
 * (`{ env: 'STRIPE_WEBHOOK_SECRET' }`, read from the environment the app was created
 * with), or a function of the app's validated config. Every form is read once, at
 * startup, so a missing secret stops the app at boot instead of failing the first
 * delivery, which the provider would then retry for days.
 */
export type SecretSource = string | { env: string } | ((config: Config) => string | undefined);

/** What a secret is resolved against at startup. */
export interface SecretEnvironment {
  config: Config;
  env: Record<string, string | undefined>;
  /** The webhook's name, for the startup error. */
  webhook: string;
}

/**
 * The secret a {@link SecretSource} names, or a startup error that says what to set.
 *
 * @example
 * resolveSecret({ env: 'STRIPE_WEBHOOK_SECRET' }, { config, env: process.env, webhook: 'stripe' }); // 'whsec_…'
 */
export function resolveSecret(source: SecretSource, environment: SecretEnvironment): string {
  const value = typeof source === 'string' ? source : typeof source === 'function' ? source(environment.config) : environment.env[source.env];
  if (typeof value === 'string' && value.trim() !== '') return value;
  const what =
    typeof source === 'object'
      ? `${source.env} is not set: set it to the signing secret the provider shows for this endpoint`
      : 'its secret is empty: the verifier was given no secret';
  throw new StartupError('RAMPART_CONFIG_INVALID', `webhook "${environment.webhook}": ${what}`);
}

/**
 * Names the source in a startup message without ever showing a secret.
 *
 * @example
 * describeSecret({ env: 'GITHUB_WEBHOOK_SECRET' }); // 'GITHUB_WEBHOOK_SECRET'
 */
export function describeSecret(source: SecretSource): string {
  return typeof source === 'object' ? source.env : 'its secret';
}
