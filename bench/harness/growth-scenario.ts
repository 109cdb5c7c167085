import SQLite from 'better-sqlite3';
import { marketsPath } from './fixtures.js';
import type { Profile } from './options.js';
import { closedLatency } from './paced-load.js';
import type { RunningServer } from './processes.js';
import { progress } from './progress.js';
import { round } from './stats.js';

/*
 * S6, growth: S3's list at a depth of half the matching rows, reached two ways, on
 * tables of 1,000 / 100,000 / 1,000,000 markets:
 *
 * - cursor: `?cursor=` of the page before that depth (keyset: a seek on the
 *   (status, volume, id) index, so its cost should not depend on the table's size);
 * - offset: `?offset=<depth>` (the database walks and discards every skipped row).
 *
 * Both return the same page (checked). After the same warm-up as the comparison
 * servers, latency is measured closed loop on one connection: the service time of one
 * request on an otherwise idle server, which is what grows with the table.
 */

export interface GrowthResult {
  rps: number;
  p50: number;
  p99: number;
  rssMb: number;
  /** Rows skipped to reach the page. */
  depth: number;
}

/** The depth used on a file: half its active markets, a whole number of pages. */
export function depthOf(file: string): number {
  const db = new SQLite(file, { readonly: true });
  const { n } = db.prepare("select count(*) as n from markets where status = 'active'").get() as { n: number };
  db.close();
  return Math.max(20, Math.floor(n / 2 / 20) * 20);
}

async function body(url: string): Promise<{ data: { id: string }[]; pagination: { nextCursor: string | null } }> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`S6: ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { data: { id: string }[]; pagination: { nextCursor: string | null } };
}

/** Measures both paging modes on one server; keys are `cursor` and `offset`. */
export async function growthScenario(server: RunningServer, depth: number, profile: Profile): Promise<Record<'cursor' | 'offset', GrowthResult>> {
  const port = Number(new URL(server.origin).port);
  const before = await body(`${server.origin}${marketsPath}&offset=${depth - 20}`);
  const cursor = before.pagination.nextCursor;
  if (!cursor) throw new Error('S6: no next page at the chosen depth');
  const paths = { cursor: `${marketsPath}&cursor=${cursor}`, offset: `${marketsPath}&offset=${depth}` };
  const [byCursor, byOffset] = await Promise.all([body(server.origin + paths.cursor), body(server.origin + paths.offset)]);
  if (JSON.stringify(byCursor.data.map((r) => r.id)) !== JSON.stringify(byOffset.data.map((r) => r.id))) {
    throw new Error('S6: the cursor and the offset reached different pages');
  }
  // The comparison servers' warm-up, on the list's requests: every size is measured on
  // code V8 has optimized alike.
  const pages = [marketsPath, paths.cursor].map((path) => ({ method: 'GET' as const, path }));
  await closedLatency({ port, requests: pages, seconds: profile.startWarmupSeconds, connections: profile.connections });
  const out = {} as Record<'cursor' | 'offset', GrowthResult>;
  for (const mode of ['cursor', 'offset'] as const) {
    const requests = [{ method: 'GET' as const, path: paths[mode] }];
    await closedLatency({ port, requests, seconds: 0.5 });
    const run = await closedLatency({ port, requests, seconds: profile.growthSeconds });
    if (run.non2xx > 0 || run.ok === 0) throw new Error(`S6 ${mode}: ${run.ok} ok, ${run.non2xx} non-2xx`);
    out[mode] = { rps: round(run.rps, 0), p50: round(run.p50, 3), p99: round(run.p99, 3), rssMb: server.rssMb(), depth };
  }
  progress(`  S6 depth ${depth}: cursor p50 ${out.cursor.p50} ms, offset p50 ${out.offset.p50} ms`);
  return out;
}
