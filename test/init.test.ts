import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFiles, templateVersions } from '../src/init/template.js';
import { createProject } from './support/project.js';
import { runInProcess } from './support/cli-in-process.js';
import { processTimeoutMs, root, runCli, runNode } from './support/processes.js';

const work = mkdtempSync(join(tmpdir(), 'rampart-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const init = (args: string[]) => runInProcess(['init', ...args], {}, work);

describe('rampart init', () => {
  it('makes the project: ESM package with dev/start/test/migrate, tsconfig, app, a resource, a test, .env.example, .gitignore, README', async () => {
    const run = await runCli(['init', 'my-api', '--no-install', '--from', root], {}, '', work); // through the bin
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('cd my-api');
    const dir = join(work, 'my-api');
    for (const file of ['package.json', 'tsconfig.json', 'app.ts', 'resources/notes.ts', 'test/app.test.ts', '.env.example', '.gitignore', 'README.md']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'my-api', type: 'module', dependencies: { rampart: `file:${resolve(root)}` } });
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['dev', 'start', 'test', 'migrate']));
    expect(pkg.scripts.dev).toBe('rampart dev app.ts');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
  });

  it('asks the registry for this release when not given --from', async () => {
    const run = await init(['from-registry', '--no-install']);
    expect(run.code, run.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(work, 'from-registry', 'package.json'), 'utf8'));
    expect(pkg.dependencies.rampart).toBe(`^${manifest.version}`);
  });

  it('refuses a folder in use, a name npm refuses, a --from that is not a package, and unknown options, making nothing', async () => {
    mkdirSync(join(work, 'taken'));
    writeFileSync(join(work, 'taken', 'keep.txt'), 'mine');
    const taken = await init(['taken', '--no-install']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/taken already exists and is not an empty folder/);
    expect(readFileSync(join(work, 'taken', 'keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(work, 'taken', 'app.ts'))).toBe(false);

    const badName = await init(['My_API', '--no-install']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/"My_API" cannot be a package name/);

    for (const from of [join(work, 'nowhere'), join(root, 'README.md')]) {
      const run = await init(['fromless', '--no-install', '--from', from]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/--from .*(nothing there|expected a Rampart package folder)/);
    }
    expect(existsSync(join(work, 'fromless'))).toBe(false);

    const unknown = await init(['x', '--frm', root]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--frm'[\s\S]*Usage: rampart init/);
  });

  it('asks for what is missing on a terminal (a real pty through script(1))', { timeout: processTimeoutMs }, async () => {
    const child = spawn('script', ['-qec', `stty cols 100 rows 40; ${process.execPath} ${join(root, 'bin/rampart.mjs')} init`, '/dev/null'], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    // script(1) starts the pty with no size: without stty every line wraps after one column.
    let screen = '';
    const answered = new Set<string>();
    const answer = (prompt: string, keys: string[]) => {
      if (!screen.includes(prompt) || answered.has(prompt)) return;
      answered.add(prompt);
      // One key at a time, as a person types: the prompt reads raw keystrokes.
      keys.forEach((key, i) => setTimeout(() => child.stdin.write(key), 50 * (i + 1)));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      answer('Project folder', [...'tty-api', '\r']);
      answer('Install dependencies', ['n', '\r']);
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, screen).toBe(0);
    expect(answered.size).toBe(2);
    expect(screen).toContain('Made tty-api');
    // Install declined: the next steps start with it.
    expect(screen).toMatch(/cd tty-api\s+npm install/);
    expect(JSON.parse(readFileSync(join(work, 'tty-api', 'package.json'), 'utf8')).name).toBe('tty-api');
    expect(existsSync(join(work, 'tty-api', 'node_modules'))).toBe(false);
  });

  it('prints its options and examples with --help', async () => {
    const run = await init(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--from <path\|tarball>[\s\S]*npm create rampart@latest my-api/);
  });

  it('create-rampart makes the same project', async () => {
    const run = await runNode([join(root, 'packages/create-rampart/bin/create-rampart.mjs'), 'via-create', '--no-install'], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    const expected = projectFiles({ name: 'via-create', rampart: `^${manifest.version}` });
    for (const [path, text] of Object.entries(expected)) expect(readFileSync(join(work, 'via-create', path), 'utf8'), path).toBe(text);
    const created = JSON.parse(readFileSync(join(root, 'packages/create-rampart/package.json'), 'utf8'));
    // Released together: a new project asks for the Rampart of create-rampart's version.
    expect(created.version).toBe(manifest.version);
  });

  it("starts on the tool versions this repository builds with (each template range admits the repository's)", () => {
    for (const [name, range] of Object.entries(templateVersions)) {
      const ours = manifest.devDependencies[name] as string;
      expect(semver.intersects(range, ours), `${name}: template ${range}, repository ${ours}`).toBe(true);
    }
  });

  it("the new project's typecheck and tests pass", { timeout: processTimeoutMs * 2 }, () => {
    const dir = createProject(projectFiles({ name: 'checked', rampart: '*' }));
    mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
    for (const dep of ['typescript', 'vitest', '@types/node']) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
    const run = (script: string, args: string[]) => execFileSync(process.execPath, [join(root, 'node_modules', script), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', NODE_ENV: 'test', NO_COLOR: '1' } });
    run('typescript/bin/tsc', ['--noEmit']);
    const tests = run('vitest/vitest.mjs', ['run']);
    expect(tests).toMatch(/Tests\s+3 passed/);
  });
});
