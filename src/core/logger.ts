import type { FastifyRequest } from 'fastify';
import { stdSerializers, type DestinationStream, type LoggerOptions } from 'pino';
import type { Config } from './config.js';
import { createBatchedDestination } from './log-destination.js';
import { redactQuery } from './redact-query.js';
import { createRedactor, isRedactedError } from './redact-secrets.js';
import { createSecretNames, isSecretName, type LogRedactionOptions } from './secret-names.js';

/**
 * pino options for the app: JSON, request-bound, redacted; pretty only for a person.
 * Redaction covers everything a line can carry: the logged object (formatter), the
 * message, errors at the top (`err`, causes included) and Fastify's `req` serializer.
 */
export function loggerOptions(
  config: Config,
  stream?: DestinationStream,
  redaction: LogRedactionOptions = {},
): LoggerOptions & { stream?: DestinationStream } {
  const pretty = !stream && config.nodeEnv === 'development' && process.stdout.isTTY;
  const isSecret = createSecretNames({ ...redaction, names: [...config.logRedactNames, ...(redaction.names ?? [])] });
  const redact = createRedactor(isSecret);
  return {
    level: config.logLevel,
    formatters: { log: redact.line },
    serializers: {
      // Fastify's own lines (a reply sent twice, an error after headers) carry the URL.
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redact.text(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
      err: (error: unknown) => (isRedactedError(error) ? error : stdSerializers.err(error as Error)),
      msg: (message: unknown) => (typeof message === 'string' ? redact.text(message) : message),
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
    ...(stream ? { stream } : pretty ? {} : { stream: createBatchedDestination() }),
  };
}

/**
 * Masks the values of query parameters whose names suggest a secret (the built-in rule
 * of secret-names.ts), so a client that puts a token in a URL does not also put it in
 * the logs. The log formatter applies the app's own rule on top.
 *
 * @example
 * redactUrl('/x?jwt=abc&sort=name'); // '/x?jwt=[redacted]&sort=name'
 */
export function redactUrl(url: string): string {
  return redactQuery(url, isSecretName);
}
