import type { Config } from '../../core/config.js';
import { StartupError } from '../../errors/app-error.js';
import { budgetConfig } from '../../rate-limit/route-budget.js';
import type { BoundVerifier } from './verifier.js';
import type { AnyWebhook } from './webhook.js';

/** A webhook checked at startup, with its verifier holding the resolved secret. */
export interface PreparedWebhook {
  webhook: AnyWebhook;
  verifier: BoundVerifier;
  /**
   * Outside production, a webhook whose secret is not set is served but refuses every
   * delivery with 503 saying what to set, so an app (the example) runs without a Stripe
   * account; in production the missing secret stops the app at startup.
   */
  missingSecret?: string;
}

const refuseAll: BoundVerifier = {
  check: () => ({ ok: false, reason: 'no secret configured' }),
  identify: () => ({ id: undefined, type: undefined }),
} as unknown as BoundVerifier;

// The name is a path segment and a key in the events table: keep it plain.
const namePattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function definitionProblems(webhooks: readonly AnyWebhook[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const w of webhooks) {
    const where = `webhook "${w.name}"`;
    if (!namePattern.test(w.name)) problems.push(`${where}: the name must be lower-case letters, digits, - or _ (at most 63)`);
    if (names.has(w.name)) problems.push(`${where} is declared twice`);
    names.add(w.name);
    if (typeof w.verify?.bind !== 'function') problems.push(`${where} has no verifier: set verify: verify.stripe(), verify.github(...) or verify.standard(...)`);
    if (typeof w.handler !== 'function') problems.push(`${where} has no handler`);
    const events = Object.entries(w.events ?? {});
    if (events.length === 0) problems.push(`${where} declares no events`);
    for (const [type, schema] of events) {
      if (typeof (schema as { safeParse?: unknown })?.safeParse !== 'function') problems.push(`${where}: event "${type}" needs a zod schema`);
    }
    try {
      budgetConfig(w.rateLimit, 'webhook', where);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

/**
 * Checks webhook declarations and resolves their secrets, at startup: a malformed
 * declaration stops the app with `RAMPART_DEFINITION_INVALID`, a missing secret (in
 * production) with `RAMPART_CONFIG_INVALID` naming the variable to set. Every problem
 * is listed at once.
 *
 * @example
 * const prepared = prepareWebhooks([stripe], { config, env: process.env });
 */
export function prepareWebhooks(
  webhooks: readonly AnyWebhook[],
  environment: { config: Config; env: Record<string, string | undefined> },
): PreparedWebhook[] {
  const problems = definitionProblems(webhooks);
  if (problems.length > 0) throw new StartupError('RAMPART_DEFINITION_INVALID', problems.join('; '));
  const prepared: PreparedWebhook[] = [];
  const missing: string[] = [];
  for (const webhook of webhooks) {
    try {
      prepared.push({ webhook, verifier: webhook.verify.bind({ ...environment, webhook: webhook.name }) });
    } catch (error) {
      if (!(error instanceof StartupError)) throw error;
      const message = error.message.replace(`${error.code}: `, '');
      if (environment.config.nodeEnv === 'production') missing.push(message);
      else prepared.push({ webhook, verifier: refuseAll, missingSecret: message });
    }
  }
  if (missing.length > 0) throw new StartupError('RAMPART_CONFIG_INVALID', missing.join('; '));
  return prepared;
}
