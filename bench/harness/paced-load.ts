import { HttpConnection } from './http-client.js';
import { percentile } from './stats.js';
import { wireRequest, type PreparedRequest } from './request.js';

/*
 * Latency at a fixed request rate, open loop (the method of wrk2): request i is due at
 * start + i / rate whatever happened to earlier ones, and its latency is measured from
 * that due time, so a stalled server is charged for every request it delayed, including
 * those that waited for a free connection (coordinated omission corrected).
 *
 * Why not autocannon's rate options: autocannon lets each connection send as fast as
 * it can until it has made its quota for the current second, then idles until the next
 * one, so "70% of peak" becomes full-speed bursts for 70% of each second, and its
 * correction records latencies with an expected interval of ceil(1 / rate) ms, i.e.
 * 1 ms whatever the rate. Measured on a 2 ms route at 85% of peak: p50 24 ms with
 * autocannon's rate (saturated), about 2-3 ms paced evenly.
 */

/** What {@link pacedLoad} measured; latencies in milliseconds. */
export interface PacedResult {
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Responses per second actually completed. */
  achieved: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Options of {@link pacedLoad}. */
export interface PacedOptions {
  port: number;
  requests: readonly PreparedRequest[];
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** Open connections; a due request waits for a free one (and is charged for it). */
  connections?: number;
  /** How long to wait for the last responses after the run (ms). */
  drainMs?: number;
}

/** Runs requests at a fixed rate, cycling through `requests`, and reports latency percentiles. */
export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const { port, rate, seconds } = options;
  const wire = options.requests.map((r) => wireRequest(`127.0.0.1:${port}`, r));
  const pool = await Promise.all(Array.from({ length: options.connections ?? 64 }, () => HttpConnection.open(port)));
  const idle = [...pool];
  const due: number[] = [];
  const latencies = new Float64Array(Math.ceil(rate * seconds) + 16);
  let recorded = 0;
  let sent = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let next = 0;
  let lastAt = 0;
  const total = Math.floor(rate * seconds);
  const start = performance.now() + 5;
  const interval = 1000 / rate;

  const dispatch = () => {
    while (due.length > 0 && idle.length > 0) {
      const connection = idle.pop() as HttpConnection;
      const dueAt = due.shift() as number;
      const bytes = wire[sent % wire.length] as Buffer;
      sent++;
      connection.send(bytes).then(
        (status) => {
          lastAt = performance.now();
          latencies[recorded++] = lastAt - dueAt;
          if (status >= 200 && status < 300) ok++;
          else non2xx++;
          idle.push(connection);
          dispatch();
        },
        () => {
          errors++;
          // A broken connection is replaced so the run keeps its capacity.
          void HttpConnection.open(port).then(
            (fresh) => {
              pool.push(fresh);
              idle.push(fresh);
              dispatch();
            },
            () => undefined,
          );
        },
      );
    }
  };

  await new Promise<void>((resolve) => {
    // setImmediate rather than timers: due times are met within microseconds, not the
    // millisecond granularity of setTimeout. This process has its own core for it.
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) due.push(start + interval * next++);
      dispatch();
      if (next < total) setImmediate(tick);
      else resolve();
    };
    setImmediate(tick);
  });
  const deadline = performance.now() + (options.drainMs ?? 3000);
  while (recorded + errors < total && performance.now() < deadline) {
    dispatch();
    await new Promise((r) => setTimeout(r, 2));
  }
  // What never completed counts as an error and, for latency, as at least the time it waited.
  const unanswered = total - recorded - errors;
  const now = performance.now();
  for (const dueAt of due) latencies[recorded++] = now - dueAt;
  errors += unanswered;
  for (const connection of pool) connection.close();
  const sorted = latencies.subarray(0, recorded).sort();
  // The run lasts its nominal time, or until its last response if that came later.
  const elapsed = Math.max(seconds, (lastAt - start) / 1000);
  return {
    rate,
    seconds,
    sent,
    ok,
    non2xx,
    errors,
    achieved: ok / elapsed,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : NaN,
  };
}

/**
 * Closed-loop latency: `connections` connections each send the next request as soon as
 * the previous one is answered. With one connection this is the plain service time of
 * a request, used by S6 to compare page costs as the table grows.
 */
export async function closedLatency(options: { port: number; requests: readonly PreparedRequest[]; seconds: number; connections?: number }) {
  const wire = options.requests.map((r) => wireRequest(`127.0.0.1:${options.port}`, r));
  const pool = await Promise.all(Array.from({ length: options.connections ?? 1 }, () => HttpConnection.open(options.port)));
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let i = 0;
  const end = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    pool.map(async (connection) => {
      while (performance.now() < end) {
        const t = performance.now();
        const status = await connection.send(wire[i++ % wire.length] as Buffer);
        latencies.push(performance.now() - t);
        if (status >= 200 && status < 300) ok++;
        else non2xx++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const connection of pool) connection.close();
  const sorted = Float64Array.from(latencies).sort();
  return { ok, non2xx, rps: ok / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
