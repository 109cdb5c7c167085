import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDocuments, type Change, type ChangeKind } from '../src/openapi-diff/index.js';
import { runInProcess } from './support/cli-in-process.js';
import { processTimeoutMs, root, runCli } from './support/processes.js';
import { createProject } from './support/project.js';

/*
 * The breaking-change gate (issue 20 item 6): each kind of change planted in the
 * markets example's locked document is reported with its kind and operation; additive
 * changes pass; the committed locks of both examples pass `rampart openapi --check`;
 * and in a project, --update then --check passes while a removed field fails.
 */

// Planting edits walk deep into the document; typing every level would hide what each edit does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const locked = JSON.parse(readFileSync(join(root, 'examples/markets/openapi.lock.json'), 'utf8')) as Doc;
const copy = (): Doc => structuredClone(locked);
const schemas = (doc: Doc) => doc.components.schemas as Record<string, Doc>;
const op = (doc: Doc, path: string, method: string) => doc.paths[path][method] as Doc;
const param = (operation: Doc, name: string) => (operation.parameters as Doc[]).find((p) => p.name === name)!;

function planted(edit: (doc: Doc) => void): Change[] {
  const doc = copy();
  edit(doc);
  return compareDocuments(locked, doc);
}

function expectChange(changes: Change[], kind: ChangeKind, operation: string, reason: RegExp): void {
  const found = changes.find((c) => c.kind === kind && c.operation.startsWith(operation) && reason.test(c.reason));
  expect(found, `${kind} on ${operation} matching ${reason}; got:\n${changes.map((c) => `${c.kind} ${c.operation}: ${c.reason}`).join('\n')}`).toBeDefined();
}

describe('compareDocuments', () => {
  it('finds nothing between a document and itself', () => {
    expect(compareDocuments(locked, copy())).toEqual([]);
  });

  const breaking: [string, (doc: Doc) => void, ChangeKind, string, RegExp][] = [
    ['a removed operation', (d) => delete d.paths['/api/v1/markets/{id}'].delete, 'operation-removed', 'DELETE /api/v1/markets/{id} (deleteMarket)', /gone/],
    ['a removed response field', (d) => delete schemas(d).Market!.properties.volume, 'response-field-removed', 'GET /api/v1/markets (listMarkets)', /^200 body data\[\]\.volume: no longer returned/],
    ['a response field no longer required', (d) => (schemas(d).PostAuthLoginResponse!.properties.data.required = ['user', 'tokenType', 'expiresIn']), 'response-field-removed', 'POST /api/v1/auth/login', /data\.accessToken: no longer always returned/],
    ['an enum value removed', (d) => (schemas(d).MarketCreate!.properties.status.enum = ['active', 'closed']), 'type-narrowed', 'POST /api/v1/markets (createMarket)', /body status: enum value "resolved" removed/],
    ['a maximum lowered', (d) => (schemas(d).MarketCreate!.properties.name.maxLength = 100), 'type-narrowed', 'POST /api/v1/markets', /body name: maxLength lowered \(200 → 100\)/],
    ['a minimum raised', (d) => (param(op(d, '/api/v1/markets', 'get'), 'offset').schema.minimum = 10), 'type-narrowed', 'GET /api/v1/markets', /query parameter offset: minimum raised \(0 → 10\)/],
    ['a type changed', (d) => (schemas(d).MarketCreate!.properties.name.type = 'integer'), 'type-narrowed', 'POST /api/v1/markets', /body name: type changed \(string → integer\)/],
    ['a format added', (d) => (schemas(d).PostAuthRegisterBody!.properties.email.format = 'email'), 'type-narrowed', 'POST /api/v1/auth/register', /body email: format email added/],
    ['null refused', (d) => (schemas(d).MarketCreate!.properties.description = { type: 'string', maxLength: 5000 }), 'type-narrowed', 'POST /api/v1/markets', /body description: null no longer accepted/],
    ['a sort key removed', (d) => (param(op(d, '/api/v1/markets', 'get'), 'sort').schema.pattern = String(param(op(d, '/api/v1/markets', 'get'), 'sort').schema.pattern).replaceAll('|volume', '')), 'type-narrowed', 'GET /api/v1/markets', /query parameter sort: no longer accepts volume/],
    ['a response field that may now be null', (d) => (schemas(d).Market!.properties.name.type = ['string', 'null']), 'response-type-changed', 'GET /api/v1/markets/{id}', /200 body data\.name: may now be null/],
    ['a new required body field', (d) => schemas(d).MarketCreate!.required.push('description'), 'required-input-added', 'POST /api/v1/markets', /body description: now required/],
    ['a new required query parameter', (d) => op(d, '/api/v1/markets', 'get').parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } }), 'required-input-added', 'GET /api/v1/markets', /query parameter region: new, required/],
    ['a removed body field', (d) => delete schemas(d).MarketCreate!.properties.endsAt, 'input-removed', 'POST /api/v1/markets', /body endsAt: no longer accepted/],
    ['a changed success status', (d) => {
      const o = op(d, '/api/v1/markets', 'post');
      o.responses['200'] = o.responses['201'];
      delete o.responses['201'];
    }, 'success-status-changed', 'POST /api/v1/markets', /success status 201 removed \(now 200\)/],
    ['public to authenticated', (d) => (op(d, '/api/v1/markets', 'get')['x-rampart-access'] = 'authenticated'), 'access-stricter', 'GET /api/v1/markets', /public → authenticated/],
    ['an alternative dropped from any()', (d) => (op(d, '/api/v1/markets/{id}', 'patch')['x-rampart-access'] = 'owner'), 'access-stricter', 'PATCH /api/v1/markets/{id}', /any\(owner, role\(admin\)\) → owner: fewer alternatives/],
    ['one rule for another', (d) => (op(d, '/api/v1/orders/{id}', 'delete')['x-rampart-access'] = 'permission(orders:delete)'), 'access-stricter', 'DELETE /api/v1/orders/{id}', /role\(admin\) → permission\(orders:delete\)/],
    ['a condition added to all()', (d) => (op(d, '/api/v1/positions/{id}', 'get')['x-rampart-access'] = 'all(owner, role(admin))'), 'access-stricter', 'GET /api/v1/positions/{id}', /owner → all\(owner, role\(admin\)\): more conditions/],
    ['a lower page maximum', (d) => (param(op(d, '/api/v1/markets', 'get'), 'limit').schema.maximum = 50), 'limit-lowered', 'GET /api/v1/markets', /page size maximum 100 → 50/],
    ['a lower rate limit of its own', (d) => (op(d, '/api/v1/auth/login', 'post')['x-rampart-rate-limit'].max = 5), 'limit-lowered', 'POST /api/v1/auth/login', /10 per 1 minute → 5 per 1 minute/],
    ['a lower global rate limit', (d) => (op(d, '/api/v1/posts', 'get')['x-rampart-rate-limit'].perUser = 50), 'limit-lowered', 'GET /api/v1/posts', /100\/min per user.* → 50\/min per user/],
    ['an own budget lower than the global one', (d) => (op(d, '/api/v1/posts', 'post')['x-rampart-rate-limit'] = { budget: 'operation', max: 1, timeWindow: '1 second' }), 'limit-lowered', 'POST /api/v1/posts', /→ 1 per 1 second/],
  ];
  for (const [name, edit, kind, operation, reason] of breaking) {
    it(`reports ${name} as ${kind}, and it breaks`, () => {
      const changes = planted(edit);
      expectChange(changes, kind, operation, reason);
      expect(changes[0]!.breaking).toBe(true);
    });
  }

  it('lists additive changes as non-breaking', () => {
    const changes = planted((d) => {
      d.paths['/api/v1/markets/{id}/close'] = { post: { ...op(d, '/api/v1/markets/{id}', 'patch'), operationId: 'closeMarket' } };
      schemas(d).MarketCreate!.properties.region = { type: 'string' };
      schemas(d).Market!.properties.region = { type: 'string' };
      schemas(d).MarketCreate!.properties.name.maxLength = 300;
      schemas(d).Market!.properties.status.enum.push('voided');
      op(d, '/api/v1/markets/{id}', 'delete')['x-rampart-access'] = 'any(owner, role(admin), role(moderator))';
      param(op(d, '/api/v1/markets', 'get'), 'limit').schema.maximum = 200;
      op(d, '/api/v1/auth/login', 'post')['x-rampart-rate-limit'].timeWindow = '30 seconds';
    });
    expect(changes.filter((c) => c.breaking)).toEqual([]);
    expectChange(changes, 'operation-added', 'POST /api/v1/markets/{id}/close', /new operation/);
    expectChange(changes, 'optional-input-added', 'POST /api/v1/markets', /body region: new optional field/);
    expectChange(changes, 'response-field-added', 'GET /api/v1/markets', /200 body data\[\]\.region: new field/);
    expectChange(changes, 'type-widened', 'POST /api/v1/markets', /body name: maxLength raised/);
    expectChange(changes, 'response-enum-value-added', 'GET /api/v1/markets/{id}', /data\.status: may now be "voided"/);
    expectChange(changes, 'access-looser', 'DELETE /api/v1/markets/{id}', /more alternatives/);
    expectChange(changes, 'limit-raised', 'GET /api/v1/markets', /100 → 200/);
    expectChange(changes, 'limit-raised', 'POST /api/v1/auth/login', /10 per 1 minute → 10 per 30 seconds/);
  });

  it('sees a path parameter renamed as no change, and a sortable field added as widening', () => {
    const changes = planted((d) => {
      d.paths['/api/v1/markets/{marketId}'] = d.paths['/api/v1/markets/{id}'];
      delete d.paths['/api/v1/markets/{id}'];
      const sort = param(op(d, '/api/v1/markets', 'get'), 'sort').schema;
      sort.pattern = String(sort.pattern).replaceAll('|volume', '|volume|endsAt');
    });
    expect(changes.map((c) => c.kind)).toEqual(['type-widened']);
    expect(changes[0]!.reason).toMatch(/now also accepts endsAt/);
  });
});

describe('rampart openapi', () => {
  it('passes --check on the committed locks of both examples', { timeout: processTimeoutMs * 2 }, async () => {
    for (const example of ['markets', 'conduit']) {
      const result = await runInProcess(['openapi', `examples/${example}/app.ts`, '--check']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(/Breaking:/);
    }
  });

  it('locks a project with --update, passes --check, and fails it when a field is removed', { timeout: processTimeoutMs * 5 }, async () => {
    const dir = createProject({}, { example: true });
    rmSync(join(dir, 'openapi.lock.json'), { force: true });
    const missing = await runInProcess(['openapi', 'app.ts', '--check'], {}, dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no lock file at openapi\.lock\.json: write it with rampart openapi app\.ts --update/);

    const update = await runInProcess(['openapi', 'app.ts', '--update'], {}, dir);
    expect(update.code, update.stderr).toBe(0);
    expect(existsSync(join(dir, 'openapi.lock.json'))).toBe(true);
    const check = await runInProcess(['openapi', 'app.ts', '--check'], {}, dir);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/openapi\.lock\.json: no changes/);

    const resources = join(dir, 'resources.ts');
    writeFileSync(resources, readFileSync(resources, 'utf8').replace(/^ {2}endsAt: field\.timestamp\(\)[^\n]*\n/m, ''));
    // Through the bin from here: a fresh process reads the changed module (this one has it cached).
    const broken = await runCli(['openapi', 'app.ts', '--check'], {}, '', dir);
    expect(broken.code, broken.stdout + broken.stderr).toBe(1);
    expect(broken.stdout).toMatch(/breaking change/);
    expect(broken.stdout).toMatch(/GET \/api\/v1\/markets \(listMarkets\)\n(?: {4}.*\n)* {4}response-field-removed: 200 body data\[\]\.endsAt: no longer returned/);
    expect(broken.stdout).toMatch(/input-removed: query parameter endsAt: removed/);

    const printed = await runCli(['openapi', 'app.ts', '--out', 'openapi.json'], {}, '', dir);
    expect(printed.code, printed.stderr).toBe(0);
    const document = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8')) as Doc;
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.schemas.Market.properties.endsAt).toBeUndefined();
  });

  it('answers --help, and refuses an unknown option with exit 2', async () => {
    const help = await runInProcess(['openapi', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/rampart openapi app\.ts --check/);
    const unknown = await runInProcess(['openapi', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--frobnicate'/);
  });
});
