import { loadConfig, type Config } from '../core/config.js';
import type { AppOptions } from '../core/create-app.js';
import { StartupError } from '../errors/app-error.js';
import { inboundWebhooks } from '../webhooks/inbound/index.js';
import type { AuditFinding } from './finding.js';
import { newFinding } from './new-finding.js';

/** The NODE_ENV the configuration is evaluated as. */
export type AuditEnvironment = 'production' | 'development' | 'test';

const mib = 1024 * 1024;
const local = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

function problemLines(error: unknown): string[] {
  if (!(error instanceof StartupError)) throw error;
  return error.message.split('\n').slice(1).map((line) => line.trim()).filter(Boolean);
}

/**
 * The configuration as the app would see it under `NODE_ENV=<nodeEnv>` (default
 * production) with this environment: invalid or weak values (RA012), missing secrets
 * (RA013), CORS (RA014), proxy trust (RA015), the metrics token (RA016), public docs
 * (RA017) and the body limit (RA009). Returns the config it could read, for the other checks.
 *
 * @example
 * const { findings } = configChecks(app, { ...process.env }, 'production');
 */
export function configChecks(app: AppOptions, env: Record<string, string | undefined>, nodeEnv: AuditEnvironment = 'production'): { findings: AuditFinding[]; config?: Config } {
  const findings: AuditFinding[] = [];
  const production = nodeEnv === 'production';
  const evaluated = { ...env, NODE_ENV: nodeEnv };
  let config: Config | undefined;
  try {
    config = loadConfig(evaluated);
  } catch (error) {
    for (const line of problemLines(error)) {
      const name = line.slice(0, line.indexOf(':')) || 'environment';
      if (/^JWT_SECRET: required in production/.test(line)) findings.push(newFinding('RA013', { config: 'JWT_SECRET' }, `JWT_SECRET (or JWT_PRIVATE_KEY) is not set: ${line.slice(line.indexOf(':') + 1).trim()}`));
      else findings.push(newFinding('RA012', { config: name }, line));
    }
    // The other checks still read what they can: the same variables outside production's rules.
    try {
      config = { ...loadConfig({ ...evaluated, NODE_ENV: 'development' }), nodeEnv };
    } catch {
      return { findings };
    }
  }
  for (const webhook of app.webhooks ?? []) {
    try {
      inboundWebhooks([webhook], { config, env: evaluated });
    } catch (error) {
      if (error instanceof StartupError) findings.push(newFinding('RA013', { config: `webhook ${webhook.name}` }, error.message.replace(/^[A-Z_]+: /, '')));
    }
  }
  if (config.corsOrigins.includes('*')) {
    findings.push(newFinding('RA014', { config: 'CORS_ORIGINS' }, 'CORS_ORIGINS is *: any web page may call the API from its visitors\' browsers'));
  }
  for (const origin of config.corsOrigins.filter((o) => o.startsWith('http://') && !local.test(o))) {
    if (production) findings.push(newFinding('RA014', { config: 'CORS_ORIGINS' }, `CORS_ORIGINS allows ${origin}, served over plain http`));
  }
  if (config.trustProxy === true) {
    findings.push(newFinding('RA015', { config: 'TRUST_PROXY' }, 'TRUST_PROXY=true: any client can set X-Forwarded-For and pick the address it is rate-limited under'));
  }
  if (production && !config.metricsToken) {
    findings.push(newFinding('RA016', { config: 'METRICS_TOKEN' }, 'METRICS_TOKEN is not set: GET /metrics answers anyone who reaches the app port'));
  }
  if (production) {
    findings.push(newFinding('RA017', { config: '/docs' }, 'GET /docs and GET /openapi.json are public: they describe every operation a client may call'));
  }
  if (config.bodyLimit > mib) {
    findings.push(newFinding('RA009', { config: 'BODY_LIMIT' }, `BODY_LIMIT is ${config.bodyLimit} bytes: every route accepts bodies above 1 MiB`));
  }
  return { findings, config };
}
