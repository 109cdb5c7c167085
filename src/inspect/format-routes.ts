import type { RouteInfo } from './route-info.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

const kib = (bytes: number) => (bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`);

/** The schemas of a route in one line: `params id · query limit, cursor · body MarketCreate · 201 Market, 4xx/5xx Problem`. */
export function schemasLine(route: RouteInfo): string {
  const { params, query, body, responses } = route.schemas;
  const parts: string[] = [];
  if (params.length > 0) parts.push(`params ${params.join(', ')}`);
  if (query.length > 0) parts.push(`query ${query.length > 8 ? `${query.slice(0, 8).join(', ')} (+${query.length - 8})` : query.join(', ')}`);
  if (body) parts.push(`body ${body}`);
  const success = Object.entries(responses).filter(([status]) => Number(status) < 400);
  const errors = Object.keys(responses).filter((status) => Number(status) >= 400);
  const out = success.map(([status, schema]) => `${status} ${schema ?? '(no body)'}`);
  if (errors.length > 0) out.push(`errors ${errors.join(' ')}`);
  if (out.length > 0) parts.push(`responses ${out.join(', ')}`);
  return parts.join(' · ') || '(no schemas)';
}

/**
 * The route table as `rampart routes` prints it: one line per route (method, path,
 * access, rate limit, cache, idempotency, body limit, where it comes from), its schemas
 * on the line below.
 *
 * @example
 * console.log(formatRoutes(inspection.routes.map((r) => r.info)));
 */
export function formatRoutes(routes: readonly RouteInfo[]): string {
  const rows = [['METHOD', 'PATH', 'ACCESS', 'RATE LIMIT', 'CACHE', 'IDEMPOTENT', 'BODY LIMIT', 'FROM']];
  for (const r of routes) {
    const from = r.resource ? `${r.source} ${r.resource}${r.operation ? `.${r.operation}` : ''}` : r.source;
    rows.push([r.method, r.path, r.access ?? '(none)', r.rateLimit, r.cacheTtl === null ? '-' : `${r.cacheTtl}s`, r.idempotency ? 'yes' : '-', ['GET', 'DELETE'].includes(r.method) ? '-' : kib(r.bodyLimit), from]);
  }
  const lines = table(rows);
  const out = [lines[0]!];
  routes.forEach((r, i) => out.push(lines[i + 1]!, `    ${schemasLine(r)}`));
  out.push('', `${routes.length} routes`);
  return out.join('\n');
}
