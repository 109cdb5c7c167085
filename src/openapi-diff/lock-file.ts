import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Json } from './schema-shape.js';

/** The lock's file name, beside the app module. */
export const lockFileName = 'openapi.lock.json';

/**
 * Where an app's lock file lives: `--lock <file>` when given, else `openapi.lock.json`
 * in the app module's folder.
 *
 * @example
 * lockPath('examples/markets/app.ts'); // …/examples/markets/openapi.lock.json
 */
export function lockPath(appPath = 'app.ts', lock?: string): string {
  return lock ? resolve(lock) : join(dirname(resolve(appPath)), lockFileName);
}

/** The document as the lock holds it: pretty, with a final newline, so its diffs read well. */
export function lockText(document: Json): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The locked document, or undefined when there is no lock file yet.
 *
 * @example
 * const locked = readLock('openapi.lock.json');
 */
export function readLock(path: string): Json | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (error) {
    throw new Error(`${path} is not a JSON document (${(error as Error).message}); rewrite it with --update`);
  }
}

/**
 * Writes the document as the new lock.
 *
 * @example
 * writeLock('openapi.lock.json', document);
 */
export function writeLock(path: string, document: Json): void {
  writeFileSync(path, lockText(document));
}
