import type { DestinationStream, LoggerOptions } from 'pino';
import type { Config } from './config.js';
import { createBatchedDestination } from './log-destination.js';
import { redactSecrets } from './redact-secrets.js';

/** pino options for the app: JSON, request-bound, redacted; pretty only for a person. */
export function loggerOptions(config: Config, stream?: DestinationStream): LoggerOptions & { stream?: DestinationStream } {
  const pretty = !stream && config.nodeEnv === 'development' && process.stdout.isTTY;
  return {
    level: config.logLevel,
    formatters: { log: redactSecrets },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
    ...(stream ? { stream } : pretty ? {} : { stream: createBatchedDestination() }),
  };
}

const secretParam = /token|secret|password|passwd|key|signature|session|auth|code/i;

/**
 * Masks the values of query parameters whose names suggest a secret, so a client that
 * puts a token in a URL does not also put it in the logs.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0 || !secretParam.test(url.slice(at))) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && secretParam.test(name) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
}
