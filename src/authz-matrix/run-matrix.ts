import type { LightMyRequestResponse } from 'fastify';
import type { AppOptions } from '../core/create-app.js';
import { allow } from '../policies/allow.js';
import type { RecordData } from '../resources/records.js';
import { operations, type AnyResource, type Operation } from '../resources/resource.js';
import { UsersResource } from '../auth/users/users-resource.js';
import { testApp, type TestApp } from '../testing/test-app.js';
import { createArranger, type Arranger } from './arrange.js';
import { makeCallers, type Caller } from './callers.js';
import { decidedStatically, expectFor, ruleOf, type Expected } from './expect.js';
import type { AuthzMatrix, MatrixRow } from './matrix.js';
import { cellText, expectedText, isAllowed, mismatch, type Observed } from './observe.js';
import { checkOwnerField } from './owner-field.js';
import { probeRoutes } from './route-probes.js';
import { resourceWire, type ResourceWire } from './urls.js';

/** Options of {@link authzMatrix}. */
export interface AuthzMatrixOptions {
  /** The throwaway database: `'sqlite'` (default, a temporary file) or a `postgres://` URL (a new schema). */
  database?: 'sqlite' | string;
}

/** What one probe needs of the run. */
export interface ProbeContext {
  t: TestApp;
  arrange: Arranger;
  resource: AnyResource;
  wire: ResourceWire;
  owner: Caller;
  problems: string[];
}

function detailOf(res: LightMyRequestResponse): string {
  try {
    const body = res.json() as { detail?: unknown; errors?: unknown };
    return String(body.detail ?? JSON.stringify(body.errors ?? body)).slice(0, 200);
  } catch {
    return res.body.slice(0, 200);
  }
}

function jsonOf(res: LightMyRequestResponse): unknown {
  try {
    return res.json();
  } catch {
    return undefined;
  }
}

const as = (caller: Caller) => (caller.user ? { as: caller.user } : {});

/**
 * Builds the app on a throwaway database, runs every enabled operation of every
 * resource as anonymous, the owner, another user, each declared role and an admin,
 * and compares what happened with what the declarations say.
 *
 * @example
 * import app from './app.js';
 * const matrix = await authzMatrix(app);
 * if (matrix.problems.length > 0) console.error(matrix.problems.join('\n'));
 */
export async function authzMatrix(app: AppOptions, options: AuthzMatrixOptions = {}): Promise<AuthzMatrix> {
  const resources = app.resources ?? [];
  const lookup = (name: string) => resources.find((r) => r.name === name);
  // Every cell is a request: the global budgets must not decide any of them. Warnings
  // about configuration the matrix does not use (webhook secrets) are noise here. Jobs
  // stay queued: run, they would write records behind the matrix's back (the markets
  // example's indexing job makes the very search entry the matrix is making).
  const env = { LOG_LEVEL: 'error', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '1000000', JOBS_WORKER: 'false' };
  const t = await testApp(app, { database: options.database ?? 'sqlite', env });
  const matrix: AuthzMatrix = { title: app.info?.title ?? 'app', callers: [], rows: [], routes: [], invariants: [], problems: [] };
  try {
    const callers = await makeCallers(t, app);
    matrix.callers = callers.map((c) => c.name);
    const owner = callers.find((c) => c.name === 'owner') as Caller;
    const arrange = createArranger(t.app, lookup);
    const limit = Math.min(100, app.query?.maxLimit ?? 100);
    // Users served as profiles (`usersResource({ expose })`) are read like any resource; their records are the callers.
    const users = app.users instanceof UsersResource && app.users.enabled.length > 0 ? [app.users] : [];
    for (const resource of [...resources, ...users]) {
      const enabled = operations.filter((op) => resource.enabled.includes(op));
      if (enabled.length === 0) continue;
      const wire = resourceWire(resource, lookup, app.api);
      const parentResource = resource.parent ? lookup(resource.parent.field.spec.reference?.resource ?? '') : undefined;
      const parentOf = async (record: RecordData) =>
        parentResource && resource.parent ? arrange.get(parentResource, String(record[resource.parent.name])) : undefined;
      const ctx: ProbeContext = { t, arrange, resource, wire, owner, problems: matrix.problems };
      // The record lists and reads look for; writes each get a fresh one.
      const shared = resource.definition.external ? { ...owner.user } : await arrange.record(resource, owner.user!.id);
      const sharedParent = await parentOf(shared);
      const readable = enabled.includes('read') && resource.definition.access.read !== allow.nobody;
      let listedRowsReadable = true;
      const allowedCallers = new Map<Operation, Caller[]>();
      // PATCH and PUT are one operation under one rule, served by two routes: both are tried.
      const steps = enabled.flatMap((operation): { operation: Operation; put: boolean }[] => (operation === 'update' ? [{ operation, put: false }, { operation, put: true }] : [{ operation, put: false }]));
      for (const { operation, put } of steps) {
        const rule = ruleOf(resource, operation);
        const row: MatrixRow = { resource: resource.name, operation, ...(put ? { method: 'PUT' as const } : {}), rule: rule?.name ?? '(none)', decided: decidedStatically(resource, operation, lookup), cells: [] };
        const label = `${resource.name} ${operation}${put ? ' (PUT)' : ''}`;
        if (!put) allowedCallers.set(operation, []);
        for (const caller of callers) {
          const { observed, expected } = await probe(ctx, operation, caller, { shared, sharedParent, parentOf, limit, lookup, put });
          row.cells.push({ caller: caller.name, text: cellText(operation, observed) });
          if (isAllowed(observed.status) && !put) allowedCallers.get(operation)!.push(caller);
          const why = mismatch(operation, expected, observed);
          const where = `${label} as ${caller.name}`;
          if (why === 'differs') {
            matrix.problems.push(`${where}: rule ${row.rule} expects ${expectedText(operation, expected as Expected)}, observed ${cellText(operation, observed)}`);
          } else if (why) matrix.problems.push(`${where}: ${why}`);
          // Decided rules were compared above; this holds the others to the same line.
          if (!caller.user && operation !== 'list' && operation !== 'read' && isAllowed(observed.status) && expected === undefined) {
            matrix.problems.push(`${where}: anonymous ${operation} succeeded (${observed.status}) under rule ${row.rule}, which is not public`);
          }
          if (operation === 'list' && readable && isAllowed(observed.status)) {
            if (!(await listedRowsRead(ctx, caller, observed, { limit, sharedParent, parentOf }))) listedRowsReadable = false;
          }
        }
        matrix.rows.push(row);
      }
      if (readable && enabled.includes('list')) {
        matrix.invariants.push({ resource: resource.name, check: 'every listed row is readable by the same caller', result: listedRowsReadable ? '✓' : '✗' });
      }
      matrix.invariants.push(...(await checkOwnerField(ctx, allowedCallers, callers, parentOf)));
    }
    matrix.routes = await probeRoutes(t, app, callers, arrange, lookup, matrix.problems);
    return matrix;
  } finally {
    await t.close();
  }
}

/**
 * Reads back every row a caller's list returned, as that caller: a list must never show
 * what its caller may not read. False (with the problems recorded) when one is refused.
 */
async function listedRowsRead(
  ctx: ProbeContext,
  caller: Caller,
  observed: Observed & { rows?: RecordData[] },
  s: Pick<ProbeShared, 'limit' | 'sharedParent' | 'parentOf'>,
): Promise<boolean> {
  const { t, resource, wire, problems } = ctx;
  const rows = observed.rows ?? [];
  if (!observed.rowShown && rows.length >= s.limit) {
    problems.push(`${resource.name} list as ${caller.name}: the first page is full (${rows.length} rows) without the owner's record, so whether it is hidden is not known; lower the rows the app's hooks make, or raise query.maxLimit`);
  }
  let readable = true;
  for (const listed of rows) {
    const res = await t.get(wire.item(listed, s.sharedParent && (await s.parentOf(listed))), as(caller));
    if (isAllowed(res.statusCode)) continue;
    readable = false;
    problems.push(`${resource.name} list as ${caller.name}: lists a row (${String(listed.id ?? listed[resource.lookup.name])}) that the same caller cannot read (GET answered ${res.statusCode})`);
  }
  return readable;
}

interface ProbeShared {
  shared: RecordData;
  sharedParent: RecordData | undefined;
  parentOf: (record: RecordData) => Promise<RecordData | undefined>;
  limit: number;
  lookup: (name: string) => AnyResource | undefined;
  /** An update sent as PUT (a whole record) rather than PATCH. */
  put: boolean;
}

async function probe(
  ctx: ProbeContext,
  operation: Operation,
  caller: Caller,
  s: ProbeShared,
): Promise<{ observed: Observed & { rows?: RecordData[] }; expected: Expected | undefined }> {
  const { t, arrange, resource, wire, owner } = ctx;
  const user = caller.principal;
  const observe = (res: LightMyRequestResponse): Observed => ({ status: res.statusCode, ...(isAllowed(res.statusCode) ? {} : { detail: detailOf(res) }) });
  if (operation === 'list' || operation === 'read') {
    const expected = expectFor(resource, operation, s.lookup, user, s.shared, s.sharedParent);
    if (operation === 'read') return { observed: observe(await t.get(wire.item(s.shared, s.sharedParent), as(caller))), expected };
    const res = await t.get(`${wire.collection(s.sharedParent)}?limit=${s.limit}`, as(caller));
    const observed = observe(res);
    if (!isAllowed(res.statusCode)) return { observed, expected };
    const rows = wire.rows(jsonOf(res));
    const key = resource.lookup.name;
    return { observed: { ...observed, rowShown: rows.some((r) => r.id === s.shared.id || (r[key] !== undefined && r[key] === s.shared[key])), rows }, expected };
  }
  if (operation === 'create') {
    const actor = caller.user ?? owner.user!;
    const { body, parent } = await arrange.createBody(resource, actor.id);
    const expected = expectFor(resource, operation, s.lookup, user, undefined, parent);
    const res = await t.post(wire.collection(parent), wire.wrap(body), as(caller));
    const observed = observe(res);
    const created = isAllowed(res.statusCode) ? wire.one(jsonOf(res)) : undefined;
    const ownerField = resource.owner?.field;
    if (created && ownerField && caller.user && typeof created.id === 'string') {
      const stored = await arrange.get(resource, created.id);
      if (stored[ownerField] !== caller.user.id) {
        ctx.problems.push(`${resource.name} create as ${caller.name}: the new record's ${ownerField} is ${String(stored[ownerField])}, not the caller`);
      }
    }
    return { observed, expected };
  }
  const record = await arrange.record(resource, owner.user!.id);
  const parent = await s.parentOf(record);
  const expected = expectFor(resource, operation, s.lookup, user, record, parent);
  const url = wire.item(record, parent);
  let res: LightMyRequestResponse;
  if (operation === 'delete') res = await t.delete(url, as(caller));
  else if (!s.put) res = await t.patch(url, wire.wrap(arrange.changeBody(resource)), as(caller));
  else res = await t.put(url, wire.wrap((await arrange.createBody(resource, (caller.user ?? owner.user!).id)).body), as(caller));
  return { observed: observe(res), expected };
}
