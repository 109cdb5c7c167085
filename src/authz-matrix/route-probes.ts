import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppOptions } from '../core/create-app.js';
import { allow } from '../policies/allow.js';
import { decidesByCallerOnly } from '../policies/caller-only.js';
import { toRule, type Access } from '../policies/rule.js';
import { itemParams } from '../resources/item-params.js';
import { routesShape } from '../resources/nesting.js';
import type { AnyResource } from '../resources/resource.js';
import type { RouteMethod } from '../routes/route.js';
import type { TestApp } from '../testing/test-app.js';
import { apiPaths, mountRoutes } from '../wire/paths.js';
import type { Arranger } from './arrange.js';
import type { Caller } from './callers.js';
import type { RouteRow } from './matrix.js';

/** A route beside the five operations: the app's own routes, views and aggregate routes. */
interface Probe {
  method: RouteMethod;
  path: string;
  kind: 'route' | 'view' | 'aggregate';
  access: Access;
  /** The resource whose record the path names, when the route is bound to one. */
  bound?: AnyResource;
}

function probesOf(app: AppOptions, lookup: (name: string) => AnyResource | undefined): Probe[] {
  const paths = apiPaths(app.api);
  const probes: Probe[] = [];
  const byName = (name: string) => lookup(name) ?? (typeof app.users === 'object' && 'name' in app.users && app.users.name === name ? (app.users as AnyResource) : undefined);
  for (const route of mountRoutes(paths, app.routes ?? [], byName)) {
    if (route.access === allow.nobody) continue;
    probes.push({ method: route.method, path: route.path, kind: 'route', access: route.access, ...(route.bound ? { bound: route.bound.resource } : {}) });
  }
  for (const resource of app.resources ?? []) {
    if (resource.parent) continue;
    const collection = routesShape(resource, lookup, paths.base).collection;
    for (const [name, view] of Object.entries(resource.definition.views ?? {})) {
      probes.push({ method: 'GET', path: `${collection}/${name}`, kind: 'view', access: view.access });
    }
    for (const agg of Object.values(resource.definition.aggregates ?? {})) {
      if (agg.route !== undefined && agg.access !== undefined) probes.push({ method: 'GET', path: `${paths.base}${agg.route}`, kind: 'aggregate', access: agg.access });
    }
  }
  return probes;
}

const request = { log: { error: () => undefined, warn: () => undefined }, headers: {} } as unknown as FastifyRequest;

/**
 * Calls each of the app's own routes, views and aggregate routes once per caller, with no
 * valid input: what is checked is the access rule, which runs before the input is read.
 * A caller the rule refuses must get 401 or 403 (a rule deciding from the caller alone is
 * evaluated here); one it lets through shows `✓ past rule`, whatever the handler then
 * answers to the empty probe.
 */
export async function probeRoutes(
  t: TestApp,
  app: AppOptions,
  callers: readonly Caller[],
  arrange: Arranger,
  lookup: (name: string) => AnyResource | undefined,
  problems: string[],
): Promise<RouteRow[]> {
  const rows: RouteRow[] = [];
  const owner = callers.find((c) => c.name === 'owner') as Caller;
  const paths = apiPaths(app.api);
  for (const probe of probesOf(app, lookup)) {
    const rule = toRule(probe.access);
    const decided = decidesByCallerOnly(probe.access);
    const row: RouteRow = { route: `${probe.method} ${probe.path}`, kind: probe.kind, rule: rule.name, decided, cells: [] };
    const values: Record<string, string> = {};
    const bound = probe.bound && lookup(probe.bound.name);
    if (bound) {
      // The owner's record, so the route's record-level part sees a record that exists.
      const record = await arrange.record(bound, owner.user!.id);
      values[itemParams(bound).name] = String(record[bound.lookup.name]);
      const nest = routesShape(bound, lookup, paths.base).nest;
      if (nest && bound.parent) {
        const parent = await arrange.get(nest.target, String(record[bound.parent.name]));
        values[nest.param] = String(parent[nest.target.lookup.name]);
      }
    }
    const placeholder = randomUUID();
    const url = probe.path.replace(/:([A-Za-z0-9_]+)/g, (_whole, name: string) => encodeURIComponent(values[name] ?? placeholder));
    for (const caller of callers) {
      const res = await t.request({ method: probe.method, url, ...(probe.method === 'GET' || probe.method === 'DELETE' ? {} : { body: {} }), ...(caller.user ? { as: caller.user } : {}) });
      const refused = res.statusCode === 401 || res.statusCode === 403;
      row.cells.push({ caller: caller.name, text: refused ? `✗ ${res.statusCode}` : res.statusCode >= 500 ? `! ${res.statusCode}` : '✓ past rule' });
      const where = `${row.route} as ${caller.name}`;
      if (res.statusCode >= 500) problems.push(`${where}: answered ${res.statusCode} to a request without valid input`);
      if (!decided) {
        if (!caller.user && !refused && probe.method !== 'GET') problems.push(`${where}: an anonymous caller got past rule ${rule.name}, which is not public`);
        continue;
      }
      let allowed = false;
      try {
        allowed = rule.check({ request, user: caller.principal, operation: row.route }) === true;
      } catch {
        allowed = false;
      }
      const expected = caller.user ? 403 : 401;
      if (!allowed && res.statusCode !== expected) {
        problems.push(`${where}: rule ${rule.name} expects ✗ ${expected}, observed ${refused ? `✗ ${res.statusCode}` : `${res.statusCode} past the rule`}`);
      }
    }
    rows.push(row);
  }
  return rows;
}
