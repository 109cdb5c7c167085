import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { allow, authzMatrix, compareMatrices, defineApp, field, renderMatrix, resource, type AnyResource, type AppOptions } from 'rampart';
import markets from '../examples/markets/app.js';
import { expectFor } from '../src/authz-matrix/expect.js';
import { mismatch } from '../src/authz-matrix/observe.js';
import { run } from '../src/cli/commands/test-authz.js';
import { testDialect, testPostgresUrl } from '../src/db/test-database-url.js';

const database = testDialect() === 'postgres' ? testPostgresUrl : 'sqlite';
const databaseArgs = database === 'sqlite' ? [] : ['--database', database];
const matrixOf = (app: AppOptions) => authzMatrix(app, { database });
const committed = readFileSync('examples/markets/authz.md', 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'rampart-authz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    return { code: await run(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('rampart test:authz on the examples', () => {
  it('finds the markets example as its rules say, and its committed matrix current', async () => {
    const { code, out, err } = await cli(['examples/markets/app.ts', '--check', ...databaseArgs]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('examples/markets/authz.md is current');
    // The cells a reviewer cares about: private records hide, admin-only writes refuse.
    expect(committed).toContain('| positions | read | owner | ✗ 401 | ✓ 200 | ✗ 404 | ✗ 404 |');
    expect(committed).toContain('| positions | list | owner | ✗ 401 | ✓ 200 row shown | ✓ 200 row hidden | ✓ 200 row hidden |');
    expect(committed).toContain('| orders | update | role(admin) | ✗ 401 | ✗ 403 | ✗ 403 | ✓ 200 |');
    expect(committed).toContain('| positions | owner (owner field) sent on create | ✓ refused (400) |');
  });

  it('finds the conduit example (base path, named envelopes, slugs, nested comments, profiles) as its rules say', async () => {
    const { code, err } = await cli(['examples/conduit/app.ts', '--check', ...databaseArgs]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const matrix = readFileSync('examples/conduit/authz.md', 'utf8');
    expect(matrix).toContain('| comments | delete | owner | ✗ 401 | ✓ 200 | ✗ 404 | ✗ 404 |');
    expect(matrix).toContain('| GET /api/articles/feed | view | authenticated | ✗ 401 |');
  });
});

/** Every rule of the markets example that can be weakened, with a weaker one. */
interface Flip {
  name: string;
  app: AppOptions;
  /** The change --check reports. */
  cell: RegExp;
  /** What the run finds wrong on its own, whatever the committed file says. */
  problems: RegExp | undefined;
}

function flips(): Flip[] {
  const resources = (markets.resources ?? []) as AnyResource[];
  const cases: Flip[] = [];
  for (const target of resources) {
    for (const [operation, access] of Object.entries(target.definition.access)) {
      if (access === allow.public || access === allow.nobody) continue;
      const weaker = access === allow.authenticated ? allow.public : allow.authenticated;
      const variant = resource(target.name, { ...target.definition, access: { ...target.definition.access, [operation]: weaker } });
      cases.push({
        name: `${target.name} ${operation}: ${(access as { name: string }).name} -> ${weaker.name}`,
        app: { ...markets, resources: resources.map((r) => (r === target ? variant : r)) },
        // Owned records are never created anonymously: opening create to the public shows as the rule's change.
        cell:
          operation === 'create'
            ? new RegExp(`^${target.name} create, rule: committed authenticated, now public$`)
            : operation === 'list'
              ? new RegExp(`^${target.name} list, (other|admin): committed ✓ 200 row hidden, now ✓ 200 row shown$`)
              : new RegExp(`^${target.name} ${operation}, (anonymous|owner|other|admin): committed ✗ \\d+, now ✓`),
        // A list opened wider than read shows rows their callers cannot read: the run itself fails.
        problems: operation === 'list' ? new RegExp(`^${target.name} list as (other|admin): lists a row \\(.+\\) that the same caller cannot read \\(GET answered 404\\)$`) : undefined,
      });
    }
  }
  const [route] = markets.routes ?? [];
  cases.push({
    name: `${route!.method} ${route!.path}: authenticated -> public`,
    app: { ...markets, routes: [{ ...route!, access: allow.public }] },
    cell: /^POST \/api\/v1\/markets\/:id\/positions route, anonymous: committed ✗ 401, now ✓ past rule$/,
    problems: undefined,
  });
  return cases;
}

describe('a weakened rule fails the committed matrix', () => {
  const cases = flips();

  it('covers every rule of the example that is not public', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'markets create: authenticated -> public',
      'markets update: any(owner, role(admin)) -> authenticated',
      'markets delete: any(owner, role(admin)) -> authenticated',
      'positions list: owner -> authenticated',
      'positions read: owner -> authenticated',
      'positions create: authenticated -> public',
      'positions update: owner -> authenticated',
      'positions delete: owner -> authenticated',
      'posts create: authenticated -> public',
      'posts update: any(owner, role(admin)) -> authenticated',
      'posts delete: any(owner, role(admin)) -> authenticated',
      'orders list: owner -> authenticated',
      'orders read: owner -> authenticated',
      'orders create: authenticated -> public',
      'orders update: role(admin) -> authenticated',
      'orders delete: role(admin) -> authenticated',
      'POST /api/v1/markets/:id/positions: authenticated -> public',
    ]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, { app, cell, problems }) => {
    const matrix = await matrixOf(app);
    // The app does what its weakened rules say: the change shows in the matrix, and
    // where it breaks an invariant, in the run's own problems too.
    if (problems) {
      expect(matrix.problems.length).toBeGreaterThan(0);
      for (const problem of matrix.problems) expect(problem).toMatch(problems);
    } else expect(matrix.problems).toEqual([]);
    const changes = compareMatrices(committed, renderMatrix(matrix));
    expect(changes.some((c) => cell.test(c)), changes.join('\n')).toBe(true);
  });

  it('fails the command with --check, naming the cell', async () => {
    const file = join(scratch, 'flipped.ts');
    writeFileSync(
      file,
      [
        `import app from ${JSON.stringify(join(process.cwd(), 'examples/markets/app.ts'))};`,
        `import { positions } from ${JSON.stringify(join(process.cwd(), 'examples/markets/resources.ts'))};`,
        `import { allow, resource } from 'rampart';`,
        `const open = resource('positions', { ...positions.definition, access: { ...positions.definition.access, read: allow.authenticated } });`,
        `export default { ...app, resources: app.resources.map((r) => (r === positions ? open : r)) };`,
      ].join('\n'),
    );
    const { code, err } = await cli([file, '--check', '--out', 'examples/markets/authz.md', ...databaseArgs]);
    expect(code).toBe(1);
    expect(err).toContain('examples/markets/authz.md is stale');
    expect(err).toContain('positions read, other: committed ✗ 404, now ✓ 200');
    expect(err).toContain('positions read, rule: committed owner, now authenticated');
  });
});

describe('checks that hold whatever the rules say', () => {
  const notes = (access: Record<string, unknown>) =>
    resource('notes', {
      fields: { title: field.string({ min: 1, max: 100 }) },
      owner: 'author',
      access: { list: allow.owner, read: allow.owner, create: allow.authenticated, update: allow.owner, delete: allow.owner, ...access },
    });

  it('finds a list that shows rows its caller cannot read', async () => {
    const matrix = await matrixOf(defineApp({ resources: [notes({ list: allow.gate('everyone', () => true) })] }));
    expect(matrix.problems).toContain('notes list as other: lists a row (' + matrix.problems.join('').match(/lists a row \(([^)]+)\)/)?.[1] + ') that the same caller cannot read (GET answered 404)');
    expect(renderMatrix(matrix)).toContain('| notes | every listed row is readable by the same caller | ✗ |');
    expect(renderMatrix(matrix)).toContain('| notes | list | everyone † |');
  });

  it('finds an anonymous write a function rule lets through', async () => {
    const open = resource('tags', { fields: { label: field.string({ max: 40 }) }, access: { list: allow.public, read: allow.public, create: () => true, update: allow.role('admin'), delete: allow.role('admin') } });
    const matrix = await matrixOf(defineApp({ resources: [open] }));
    expect(matrix.problems).toEqual(['tags create as anonymous: anonymous create succeeded (201) under rule create, which is not public']);
  });

  it('passes an app whose rules hold, roles included', async () => {
    const matrix = await matrixOf(
      defineApp({ resources: [notes({ delete: allow.any(allow.owner, allow.permission('notes:delete')) })], roles: { moderator: ['notes:delete'] } }),
    );
    expect(matrix.problems).toEqual([]);
    expect(matrix.callers).toEqual(['anonymous', 'owner', 'other', 'moderator', 'admin']);
    expect(renderMatrix(matrix)).toContain('| notes | delete | any(owner, permission(notes:delete)) | ✗ 401 | ✓ 204 | ✗ 404 | ✓ 204 | ✓ 204 |');
  });
});

describe('expectations and comparison', () => {
  const positions = (markets.resources ?? []).find((r) => r.name === 'positions') as unknown as Parameters<typeof expectFor>[0];
  const lookup = () => undefined;
  const other = { id: 'b', role: 'user', permissions: new Set<string>() };

  it('derives a cell from the rule and flags an observation that differs', () => {
    const expected = expectFor(positions, 'read', lookup, other, { id: 'r', owner: 'a' });
    expect(expected).toEqual({ allowed: false, denial: [404] });
    expect(mismatch('read', expected, { status: 200 })).toBe('differs');
    expect(mismatch('read', expected, { status: 404 })).toBeUndefined();
    expect(mismatch('read', expected, { status: 400, detail: 'bad' })).toContain('answered 400 (bad)');
    expect(expectFor(positions, 'list', lookup, other, { id: 'r', owner: 'a' })).toEqual({ allowed: true, rowShown: false });
    expect(expectFor(positions, 'update', lookup, null, { id: 'r', owner: 'a' })).toEqual({ allowed: false, denial: [401] });
  });

  it('names changed cells and rules', () => {
    const before = '| resource | operation | rule | anonymous |\n| --- | --- | --- | --- |\n| posts | read | public | ✓ 200 |\n';
    const after = '| resource | operation | rule | anonymous |\n| --- | --- | --- | --- |\n| posts | read | owner | ✗ 401 |\n';
    expect(compareMatrices(before, after)).toEqual(['posts read, rule: committed public, now owner', 'posts read, anonymous: committed ✓ 200, now ✗ 401']);
    expect(compareMatrices(before, before)).toEqual([]);
  });

  it('answers --help and refuses unknown options', async () => {
    expect((await cli(['--help'])).out).toContain('Usage: rampart test:authz');
    const bad = await cli(['--nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("Unknown option '--nope'");
  });
});
