// Brings the `config.rateLimit` route option into Fastify's types.
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { issuesOf } from '../../http/validation.js';
import { budgetConfig } from '../../rate-limit/route-budget.js';
import { responseJsonSchema } from '../../routes/register-route.js';
import type { PreparedWebhook } from './prepare-webhooks.js';
import { receivedSchema, type Received } from './received-schema.js';
import { recordEvent } from './record-event.js';
import type { SignedRequest } from './verifier.js';
import type { WebhookEnvironment } from './webhook-context.js';

/*
 * | path                            | access                 | rate limit                          | body                       |
 * |---------------------------------|------------------------|-------------------------------------|----------------------------|
 * | POST /api/v1/webhooks/<name>    | public (the signature) | global per address, or `rateLimit`  | JSON, raw bytes verified   |
 *
 * Answers: 200 `{ received: true }` (processed), `{ received: true, duplicate: true }`
 * (seen before), `{ received: true, ignored: true }` (undeclared type); 400
 * RAMPART_WEBHOOK_SIGNATURE (bad, missing or stale signature), RAMPART_INVALID_JSON,
 * RAMPART_VALIDATION (payload against the event's schema); 500 when the handler fails.
 */

// Longer ids are refused rather than stored: no provider's come close.
const maxEventIdLength = 255;

/** What {@link registerWebhooks} needs from the app. */
export interface WebhookRegistration {
  database: Database;
  environment: WebhookEnvironment;
  /** The app's webhooks prefix (`/api/v1/webhooks` by default). */
  prefix: string;
}

function parseJson(parse: ReturnType<FastifyInstance['getDefaultJsonParser']>, request: FastifyRequest, raw: Buffer): Promise<unknown> {
  return new Promise((resolve, reject) => {
    parse(request, raw.toString('utf8'), (error, value) => (error ? reject(error) : resolve(value)));
  });
}

async function receive(prepared: PreparedWebhook, request: FastifyRequest, context: WebhookRegistration & { parse: ReturnType<FastifyInstance['getDefaultJsonParser']> }): Promise<Received> {
  const { webhook, verifier } = prepared;
  if (prepared.missingSecret) {
    throw new AppError('RAMPART_UNAVAILABLE', `This webhook is not configured yet: ${prepared.missingSecret}.`, { headers: { 'retry-after': '3600' } });
  }
  const signed: SignedRequest = {
    headers: request.headers,
    rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    now: Date.now(),
  };
  const check = verifier.check(signed);
  if (!check.ok) {
    // The reason and the name only: never the secret, the signature or the body.
    request.log.warn({ webhook: webhook.name, reason: check.reason }, 'webhook signature refused');
    throw new AppError('RAMPART_WEBHOOK_SIGNATURE', 'The webhook signature is missing, invalid or outside the allowed time window.');
  }
  // Parsed only now: nothing of an unverified body is interpreted.
  const payload = await parseJson(context.parse, request, signed.rawBody);
  const { id, type } = verifier.identify(signed, payload);
  if (!id || !type || id.length > maxEventIdLength) {
    throw new AppError('RAMPART_VALIDATION', 'The event has no usable id or type.', {
      errors: [{ path: !id || id.length > maxEventIdLength ? 'event.id' : 'event.type', message: `missing, or longer than ${maxEventIdLength} characters` }],
    });
  }
  const log = request.log.child({ webhook: webhook.name, eventId: id, eventType: type });
  const schema = Object.hasOwn(webhook.events, type) ? webhook.events[type] : undefined;
  if (!schema) {
    log.info('webhook event type not declared; acknowledged and ignored');
    return { received: true, ignored: true };
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new AppError('RAMPART_VALIDATION', 'The event payload is invalid.', { errors: issuesOf(parsed.error, 'body') });
  try {
    const event = { id, type, payload: parsed.data, receivedAt: new Date(signed.now) };
    const outcome = await recordEvent({ database: context.database, webhook, event, log, environment: context.environment });
    log.info({ outcome }, outcome === 'duplicate' ? 'webhook event already processed' : 'webhook event processed');
    return outcome === 'duplicate' ? { received: true, duplicate: true } : { received: true };
  } catch (error) {
    log.warn('webhook handler failed: the event was rolled back, a redelivery will process it');
    throw error;
  }
}

/**
 * Serves each webhook at `POST <prefix>/<name>` (`/api/v1/webhooks/<name>` by default). The routes live in a scope of
 * their own whose only body parser keeps JSON bodies as raw bytes: a signature covers
 * the exact bytes sent, which a parse and re-serialization would not reproduce. Every
 * other route keeps the app's parsers.
 *
 * @example
 * await registerWebhooks(fastify, prepareWebhooks([stripe], { config, env }), { database, environment });
 */
export async function registerWebhooks(fastify: FastifyInstance, webhooks: readonly PreparedWebhook[], context: WebhookRegistration): Promise<void> {
  if (webhooks.length === 0) return;
  await fastify.register(async (scope) => {
    const parse = scope.getDefaultJsonParser('error', 'error');
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const prepared of webhooks) {
      const { webhook } = prepared;
      if (prepared.missingSecret) scope.log.warn({ webhook: webhook.name }, `webhook not configured, answering 503: ${prepared.missingSecret}`);
      scope.route({
        method: 'POST',
        url: `${context.prefix}/${webhook.name}`,
        ...(webhook.bodyLimit ? { bodyLimit: webhook.bodyLimit } : {}),
        ...budgetConfig(webhook.rateLimit, 'webhook', `webhook "${webhook.name}"`),
        schema: { response: { 200: responseJsonSchema(receivedSchema) } },
        handler: (request) => receive(prepared, request, { ...context, parse }),
      });
    }
  });
}
