import { Redis } from 'ioredis';

/** What a Redis connection reports to the app's log. */
export interface RedisLog {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

/**
 * A Redis connection shared by the app's stores (rate limits, login attempts, cache).
 * `client` runs commands; `subscriber()` makes a second connection for pub/sub, which
 * Redis dedicates to subscriptions once one is made.
 */
export interface RedisConnection {
  readonly client: Redis;
  /** Whether the connection is up now (commands fail fast while it is not). */
  isUp(): boolean;
  /** A new connection with the same settings, for SUBSCRIBE; closed with this one. */
  subscriber(): Redis;
  /** Resolves when Redis answers PING. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Every request may touch Redis, so a Redis that is down or stalled must cost a request
// milliseconds, not seconds: no offline queue (commands fail at once while disconnected),
// one attempt per command, and a command timeout. A Redis that stops answering without
// closing the connection (paused, or a partition that drops packets) would otherwise cost
// every request the full timeout: `socketTimeout` drops such a connection after 1 s of
// silence, so later commands fail at once while it reconnects. Reconnection continues
// forever in the background, backing off to 2 s, so service comes back by itself.
const options = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 1000,
  socketTimeout: 1000,
  connectTimeout: 2000,
  retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
  lazyConnect: false,
} as const;

/**
 * Connects to `REDIS_URL`. Does not wait for the connection: the app boots and serves
 * with Redis down (each store applies its documented policy) and picks Redis up when
 * it comes. Up/down transitions are logged once each, not on every retry.
 *
 * @example
 * const redis = connectRedis('redis://127.0.0.1:6379', app.log);
 * await redis.client.incr('key');
 */
export function connectRedis(url: string, log: RedisLog): RedisConnection {
  const client = new Redis(url, options);
  const subscribers: Redis[] = [];
  let up = false;
  let announcedDown = false;
  client.on('ready', () => {
    up = true;
    if (announcedDown) log.info({ redis: redacted(url) }, 'Redis is reachable again');
    announcedDown = false;
  });
  const down = (error?: Error) => {
    up = false;
    if (announcedDown) return;
    announcedDown = true;
    log.warn({ redis: redacted(url), err: error?.message }, 'Redis is unreachable; shared stores follow their fallback policy');
  };
  client.on('error', down);
  client.on('close', () => down());
  return {
    client,
    isUp: () => up,
    subscriber() {
      // A subscription waits for messages for as long as there are none: no socket timeout.
      const sub = client.duplicate({ enableOfflineQueue: true, socketTimeout: undefined });
      // Errors surface through `client`'s own events; an unhandled 'error' would crash.
      sub.on('error', () => undefined);
      subscribers.push(sub);
      return sub;
    },
    async ping() {
      await client.ping();
    },
    async close() {
      for (const sub of subscribers) sub.disconnect();
      client.removeAllListeners('close');
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** The URL without its password, for logs. */
function redacted(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
