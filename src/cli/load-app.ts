import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppOptions } from '../core/create-app.js';

/**
 * Imports an app module and returns its default export (what `defineApp` returned).
 * The path defaults to `app.ts` in the current folder.
 */
export async function loadAppModule(path = 'app.ts'): Promise<AppOptions> {
  const file = resolve(path);
  if (!existsSync(file)) throw new Error(`no app module at ${file}; pass its path, e.g. rampart start src/app.ts`);
  const loaded = (await import(pathToFileURL(file).href)) as { default?: AppOptions };
  if (!loaded.default || typeof loaded.default !== 'object') {
    throw new Error(`${file} must export default defineApp({ ... })`);
  }
  return loaded.default;
}
