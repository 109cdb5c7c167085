import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import type { Config } from './config.js';
import { redactSecrets } from './redact-secrets.js';

/**
 * stdout in batches: one write of 8 KiB of lines at a time (about 35 request lines), or
 * of whatever there is every 100 ms. A write per line is a syscall per request; pino's
 * asynchronous mode, used before, sent each line through libuv's thread pool and back
 * (measured on S1, one core: 68.8 µs of CPU a request with it, 66.5 batched, 60.9 with
 * no request log at all; strace: one write per 32 requests under load). Writes are
 * synchronous, so a reader that stops reading slows the server down rather than growing
 * its memory without bound. pino writes what is left when the process exits; a process
 * killed with SIGKILL loses at most its last 100 ms of lines.
 */
function batchedStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: true, minLength: 8192, periodicFlush: 100 });
}

/** pino options for the app: JSON, request-bound, redacted; pretty only for a person. */
export function loggerOptions(config: Config, stream?: DestinationStream): LoggerOptions & { stream?: DestinationStream } {
  const pretty = !stream && config.nodeEnv === 'development' && process.stdout.isTTY;
  return {
    level: config.logLevel,
    formatters: { log: redactSecrets },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
    ...(stream ? { stream } : pretty ? {} : { stream: batchedStdout() }),
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
