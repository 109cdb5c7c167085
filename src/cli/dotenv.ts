import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The variables of `.env` in `dir` (none when there is no file), parsed by Node's own
 * parser (node:util parseEnv, the one `node --env-file` uses).
 */
export function readDotEnv(dir = process.cwd()): Record<string, string> {
  const file = resolve(dir, '.env');
  if (!existsSync(file)) return {};
  return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
}

/**
 * Every rampart command reads `.env` from the current folder: its variables join
 * `env` where `env` has none of the same name, so the real environment (a shell's
 * `PORT=8080 rampart start`, a platform's settings) always wins over the file.
 * Returns the names it set.
 */
export function applyDotEnv(env: NodeJS.ProcessEnv = process.env, dir = process.cwd()): string[] {
  const set: string[] = [];
  for (const [name, value] of Object.entries(readDotEnv(dir))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
