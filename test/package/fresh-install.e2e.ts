import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited, get, gone, post, root, spawnServer } from '../support/processes.js';
import { until } from '../support/until.js';

/*
 * Rampart as a user gets it: the packed tarballs of rampart and create-rampart, a new
 * project made from them in an empty folder, its dependencies installed from the
 * registry (better-sqlite3 compiles: minutes, hence its own run after the suite, see
 * vitest.package.config.ts), then its own npm test, npm start and npm run dev.
 */
const work = mkdtempSync(join(tmpdir(), 'rampart-package-'));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const project = join(work, 'my-api');
const minutes = (n: number) => n * 60_000;

interface Run {
  code: number | null;
  output: string;
}
/** Runs a command to completion (stdout and stderr together); killed after `timeoutMs`. */
function sh(command: string, args: string[], cwd: string, timeoutMs = minutes(2), env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} still running after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}
async function pack(args: string[]): Promise<Packed> {
  const run = await sh('npm', ['pack', '--json', '--pack-destination', work, ...args], root);
  expect(run.code, run.output).toBe(0);
  // npm prints the prepare script's output before the JSON.
  return (JSON.parse(run.output.slice(run.output.indexOf('[\n'))) as Packed[])[0]!;
}

let rampart: Packed;
let creator: Packed;
beforeAll(async () => {
  rampart = await pack([]);
  creator = await pack(['-w', 'create-rampart']);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(
    `packed: ${rampart.filename} ${kb(rampart.size)} (${kb(rampart.unpackedSize)} unpacked, ${rampart.files.length} files); ` +
      `${creator.filename} ${kb(creator.size)} (${creator.files.length} files)`,
  );
}, minutes(3));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the package', () => {
  it('holds the library, its types, rampart/testing and the bin, and no tests, fixtures or benchmarks', () => {
    const paths = rampart.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['bin/rampart.mjs', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/testing/index.d.ts', 'dist/init/init-command.js', 'package.json', 'README.md']));
    expect(paths.filter((p) => /(^|\/)(test|tests|bench|examples|fixtures|coverage)\//.test(p) || /\.test\.|-fixture\.|tsbuildinfo/.test(p))).toEqual([]);
    expect(creator.files.map((f) => f.path).sort()).toEqual(expect.arrayContaining(['bin/create-rampart.mjs', 'dist/init-command.js', 'dist/scaffold.js', 'dist/template.js', 'package.json']));
  });

  it('npm create rampart (from the packed tarballs) makes a project whose install from the registry warns of no engine', async () => {
    const tarball = (p: Packed) => join(work, p.filename);
    const run = await sh('npm', ['exec', '--yes', `--package=${tarball(creator)}`, '--', 'create-rampart', 'my-api', '--from', tarball(rampart)], work, minutes(8));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('cd my-api');
    // The README promises Node 20.19: no dependency of the install may ask for more.
    expect(run.output).not.toContain('EBADENGINE');
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).dependencies.rampart).toBe(`file:${tarball(rampart)}`);
  }, minutes(9));

  it('the rampart command answers in the project', async () => {
    const version = await sh('npx', ['rampart', '--version'], project);
    expect(version.output.trim()).toBe(manifest.version);
    const help = await sh('npx', ['rampart', 'dev', '--help'], project);
    expect(help.output).toContain('Usage: rampart dev');
  });

  it("the project's npm test passes: its typecheck against the installed types, and its tests on rampart/testing", async () => {
    const run = await sh('npm', ['test'], project, minutes(3));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+3 passed/);
  }, minutes(4));

  it('generators write every field kind, a route, a job and a webhook; the project still typechecks, passes its tests and the audit', async () => {
    for (const args of [
      ['resource', 'projects', 'name:string:unique:filterable:sortable', 'budget:decimal:optional'],
      [
        'resource', 'tasks', 'title:string:searchable:filterable', 'body:text:optional', 'done:boolean:default=false:filterable',
        'points:integer:min=0:max=100:default=1:sortable', 'ratio:number:optional', 'status:enum=todo,doing,done:default=todo:filterable',
        'due:timestamp:optional', 'meta:json:optional', 'tags:array=string:filterable', 'project:reference=projects:filterable',
        'assignee:reference=users:optional', '--access', 'owner',
      ],
      ['resource', 'projects', 'name:string:unique:filterable:sortable', 'budget:decimal:optional', 'tasks:hasMany=tasks.project'],
      ['route', 'POST', '/api/v1/reports/:id/run', 'format:enum=csv,pdf'],
      ['job', 'send-digest', 'userId:string'],
      ['webhook', 'payments', 'invoice.paid'],
    ]) {
      const made = await sh('npx', ['rampart', 'generate', ...args], project);
      expect(made.code, made.output).toBe(0);
    }
    const tests = await sh('npm', ['test'], project, minutes(3));
    expect(tests.code, tests.output).toBe(0);
    expect(tests.output).toMatch(/Test Files\s+6 passed/);
    const audit = await sh('npx', ['rampart', 'audit', 'app.ts'], project, minutes(1), { PAYMENTS_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0' });
    expect(audit.code, audit.output).toBe(0);
    expect(audit.output).toMatch(/ 0 errors, /);
  }, minutes(5));

  it('npm start serves it: sign up, write, read, docs; SIGTERM to npm stops it', async () => {
    const server = await spawnServer('npm', ['start'], { NODE_ENV: 'development', DATABASE_URL: 'sqlite:data/app.db' }, project);
    const signup = await post(server.port, '/api/v1/auth/register', { email: 'ann@example.com', password: 'a long enough pass phrase' });
    expect(signup.status).toBe(201);
    const token = JSON.parse(signup.body).data.accessToken as string;
    const created = await fetch(`http://127.0.0.1:${server.port}/api/v1/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'from a fresh install' }),
    });
    expect(created.status).toBe(201);
    const invalid = await fetch(`http://127.0.0.1:${server.port}/api/v1/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 42 }),
    });
    expect(invalid.status).toBe(400);
    expect((await get(server.port, '/docs')).status).toBe(200);
    server.child.kill('SIGTERM');
    await exited(server.child);
    await gone(server.pid);
  }, minutes(2));

  it('npm run dev serves it, restarts on an edit, and stops on Ctrl-C', async () => {
    const dev = await spawnServer('npm', ['run', 'dev'], { NODE_ENV: 'development', DATABASE_URL: 'sqlite:data/dev.db' }, project, { detached: true });
    await until(() => dev.output().includes('Watching for changes'), 30_000, 'the first screen');
    const file = join(project, 'resources', 'notes.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('done: field.boolean()', 'priority: field.integer({ min: 1, max: 5 }).optional(),\n    done: field.boolean()'));
    await until(async () => (await get(dev.port, '/openapi.json').catch(() => ({ body: '' }))).body.includes('"priority"'), 60_000, 'the restart with the new field');
    // Ctrl-C: SIGINT to the command line's whole process group (npm, sh, rampart dev).
    // npm itself dies of the SIGINT (a shell shows 130); the app drains and exits, and
    // nothing is left behind.
    process.kill(-dev.child.pid!, 'SIGINT');
    await exited(dev.child);
    await gone(dev.pid);
    expect(dev.output()).toMatch(/"signal":"SIGINT","msg":"shutting down"/);
  }, minutes(2));
});
