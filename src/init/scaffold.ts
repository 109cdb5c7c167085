import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { projectFiles } from './template.js';

/** What {@link scaffold} makes. */
export interface ScaffoldOptions {
  /** The project folder (created; it must not exist or be empty). */
  dir: string;
  /** Rampart's version, asked for as `^version` unless `from` is given. */
  version: string;
  /** A local Rampart to install instead of the registry's: a package folder or a packed `.tgz`. */
  from?: string;
  /** Runs `npm install` in the new project (default true). */
  install?: boolean;
  /** Where npm's output goes (default: this process's stdout and stderr). */
  stdio?: 'inherit' | 'ignore';
}

/** A problem with what `init` was asked, worded for the person who typed it. */
export class InitError extends Error {
  override name = 'InitError';
}

/** npm's rules for a package name, which the folder's name becomes. */
const packageName = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** Checks a project folder argument; returns the problem, or null. */
export function projectDirProblem(dir: string): string | null {
  const name = basename(resolve(dir));
  if (name.length > 214 || !packageName.test(name)) {
    return `"${name}" cannot be a package name: use lowercase letters, digits, "-", "." or "_" (for example my-api)`;
  }
  const target = resolve(dir);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    return `${target} already exists and is not an empty folder: pick another name, or empty it`;
  }
  return null;
}

/** What the project's package.json asks for `rampart`. */
function rampartSpec(version: string, from: string | undefined): string {
  if (from === undefined) return `^${version}`;
  const local = resolve(from);
  if (!existsSync(local)) throw new InitError(`--from ${from}: nothing there (${local}); pass a Rampart package folder or a .tgz from npm pack`);
  const isFolder = statSync(local).isDirectory();
  if (isFolder ? !existsSync(join(local, 'package.json')) : !local.endsWith('.tgz')) {
    throw new InitError(`--from ${from}: expected a Rampart package folder (with package.json) or a .tgz made by npm pack`);
  }
  return `file:${local}`;
}

function run(command: string, args: string[], cwd: string, stdio: 'inherit' | 'ignore'): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio, shell: process.platform === 'win32' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new InitError(`${command} ${args.join(' ')} failed (exit ${code}) in ${cwd}`))));
  });
}

/**
 * Writes a new project into `dir` and installs its dependencies. Refuses a folder that
 * exists and is not empty, a name npm would refuse, and a `from` that is not a package.
 * Resolves to the files written (paths relative to the project).
 */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  const problem = projectDirProblem(options.dir);
  if (problem) throw new InitError(problem);
  const dir = resolve(options.dir);
  const files = projectFiles({ name: basename(dir), rampart: rampartSpec(options.version, options.from) });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (options.install ?? true) await run('npm', ['install', '--no-fund', '--no-audit'], dir, options.stdio ?? 'inherit');
  return Object.keys(files);
}
