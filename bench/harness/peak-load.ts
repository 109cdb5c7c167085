import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import type { PreparedRequest } from './request.js';

/*
 * Peak throughput: autocannon, closed loop, no pipelining. Each connection sends its
 * next request when the previous one is answered, cycling through the prepared
 * requests (built once, so the generator does no per-request work).
 */

/** What one peak run measured. */
export interface PeakResult {
  /** 2xx responses per second. */
  rps: number;
  /** How long requests were being sent and answered, in seconds. */
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Status codes seen, for error messages. */
  statuses: Record<string, number>;
}

/** Options of {@link peakLoad}. */
export interface PeakOptions {
  origin: string;
  requests: readonly PreparedRequest[];
  connections: number;
  /** Whole seconds (autocannon rounds up). */
  seconds: number;
}

/**
 * One closed-loop run at full speed.
 *
 * Throughput is counted over the time requests were being sent and answered: from
 * autocannon's `start` event to its last answer. Before `start` autocannon builds each
 * connection's own copy of every prepared request, synchronously, and the `duration`
 * it reports counts that time too: 0.6 s for S5's 4,096 logins on 8 connections, which
 * made a 2 s run report about a quarter fewer logins a second than were served.
 */
export async function peakLoad(options: PeakOptions): Promise<PeakResult> {
  // The return value is both a promise of the result and an event emitter (autocannon's
  // README); its types name only the promise.
  const run = autocannon({
    url: options.origin,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    requests: options.requests.map((r) => ({
      method: r.method,
      path: r.path,
      headers: { ...(r.body === undefined ? {} : { 'content-type': 'application/json' }), ...r.headers },
      ...(r.body === undefined ? {} : { body: r.body }),
    })),
  }) as Promise<autocannon.Result> & EventEmitter;
  let sendingSince = performance.now();
  run.once('start', () => {
    sendingSince = performance.now();
  });
  const result = await run;
  const seconds = (performance.now() - sendingSince) / 1000;
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = (stat as { count: number }).count;
  const ok = result['2xx'];
  return {
    rps: ok / seconds,
    seconds,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

/** Throws when a run got anything but 2xx: a benchmark of error answers measures nothing. */
export function expectSuccess(label: string, run: { ok: number; non2xx: number; errors: number; statuses?: Record<string, number> }): void {
  if (run.non2xx === 0 && run.errors === 0 && run.ok > 0) return;
  const codes = run.statuses ? ` (status codes: ${JSON.stringify(run.statuses)})` : '';
  throw new Error(`${label}: ${run.ok} ok, ${run.non2xx} non-2xx, ${run.errors} errors${codes}`);
}
