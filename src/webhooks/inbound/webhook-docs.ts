import { z } from 'zod';
import { allow } from '../../policies/rule.js';
import type { AnyRoute } from '../../routes/route.js';
import { receivedSchema } from './received-schema.js';
import type { AnyWebhook } from './webhook.js';

/**
 * Webhooks described as custom routes, for the OpenAPI generator only (they are served
 * by registerWebhooks). The body is any JSON object: which schema applies depends on
 * the event type, and undeclared types are accepted too; the description lists the
 * signature headers and the declared types.
 *
 * @example
 * generateOpenApi({ resources, routes: [...routes, ...webhookDocRoutes(webhooks)] });
 */
export function webhookDocRoutes(webhooks: readonly AnyWebhook[]): AnyRoute[] {
  return webhooks.map((w) => ({
    method: 'POST',
    group: 'webhooks',
    path: `/${w.name}`,
    access: allow.public,
    // The generator names it as the webhook's own budget (register-webhooks.ts applies it).
    ...(w.rateLimit ? { rateLimit: w.rateLimit } : {}),
    tags: ['webhooks'],
    summary: w.summary ?? `Receives ${w.name} webhook deliveries`,
    description: [
      w.description,
      `Authenticated by its ${w.verify.scheme} signature (headers: ${w.verify.headers.join(', ')}); a missing, bad or stale one is a 400 RAMPART_WEBHOOK_SIGNATURE.`,
      `Acts on: ${Object.keys(w.events).join(', ')}. Other event types are acknowledged and ignored; an event id already processed answers 200 with duplicate: true.`,
    ]
      .filter(Boolean)
      .join(' '),
    body: z.looseObject({}),
    response: receivedSchema,
    handler: () => undefined,
  }));
}
