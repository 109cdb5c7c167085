import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../core/config.js';
import { prepareWebhooks } from './prepare-webhooks.js';
import { verify } from './verify.js';
import { webhook, type AnyWebhook } from './webhook.js';

const config = loadConfig({ NODE_ENV: 'test' });
const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'KzazcLBYBHsGaUgaH7xGOEHrrHmWtfHjRi-y9uHQ' });
const events = { 'thing.done': z.object({}) };
const handler = () => undefined;
const prepare = (webhooks: AnyWebhook[], env: Record<string, string> = {}) => prepareWebhooks(webhooks, { config, env });

describe('prepareWebhooks', () => {
  it('lists every malformed declaration at once', () => {
    const bad = [
      webhook('Bad Name', { verify: verify.stripe('whsec_x'), events, handler }),
      webhook('twice', { verify: verify.stripe('whsec_x'), events, handler }),
      webhook('twice', { verify: verify.stripe('whsec_x'), events, handler }),
      webhook('empty', { verify: verify.stripe('whsec_x'), events: {}, handler }),
      webhook('unverified', { events, handler } as never),
      webhook('schemaless', { verify: verify.stripe('whsec_x'), events: { a: {} as z.ZodType }, handler }),
      webhook('budget', { verify: verify.stripe('whsec_x'), events, handler, rateLimit: { max: 0, timeWindow: '1 minute' } }),
    ];
    expect(() => prepare(bad)).toThrow(
      new RegExp(
        [
          'RAMPART_DEFINITION_INVALID: webhook "Bad Name": the name must be',
          'webhook "twice" is declared twice',
          'webhook "empty" declares no events',
          'webhook "unverified" has no verifier',
          'webhook "schemaless": event "a" needs a zod schema',
          'webhook "budget": rateLimit needs a positive whole max',
        ].join('.*'),
      ),
    );
  });

  it('in production, names every missing secret at once', () => {
    const webhooks = [
      webhook('stripe', { verify: verify.stripe(), events, handler }),
      webhook('github', { verify: verify.github({ env: 'GITHUB_WEBHOOK_SECRET' }), events, handler }),
    ];
    expect(() => prepareWebhooks(webhooks, { config: production, env: {} })).toThrow(
      /RAMPART_CONFIG_INVALID: webhook "stripe": STRIPE_WEBHOOK_SECRET is not set.*; webhook "github": GITHUB_WEBHOOK_SECRET is not set/,
    );
    expect(prepareWebhooks(webhooks, { config: production, env: { STRIPE_WEBHOOK_SECRET: 'whsec_a', GITHUB_WEBHOOK_SECRET: 'b' } })).toHaveLength(2);
  });

  it('outside production, serves a webhook without its secret as unconfigured, saying what to set', () => {
    const [prepared] = prepare([webhook('stripe', { verify: verify.stripe(), events, handler })]);
    expect(prepared?.missingSecret).toMatch(/STRIPE_WEBHOOK_SECRET is not set/);
  });
});
