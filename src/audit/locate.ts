import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { FindingLocation } from './finding.js';

/** A place in a source file, relative to the folder the audit ran in. */
export interface SourcePosition {
  uri: string;
  line: number;
}

const skipped = new Set(['node_modules', 'dist', 'migrations', 'data', 'coverage', '.git']);

function sourceFiles(folder: string, depth = 0, out: string[] = []): string[] {
  if (depth > 3 || out.length > 300) return out;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || skipped.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) sourceFiles(path, depth + 1, out);
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !/\.test\./.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * Finds where findings' resources and routes are declared, by searching the app's folder
 * for `resource('<name>'` and the route's path: good enough for code-scanning
 * annotations, and the app module's first line when nothing matches.
 *
 * @example
 * const locate = sourceLocator('examples/markets/app.ts');
 * locate({ resource: 'markets' }); // { uri: 'examples/markets/resources.ts', line: 27 }
 */
export function sourceLocator(appFile: string, cwd = process.cwd()): (where: FindingLocation) => SourcePosition {
  const app = resolve(appFile);
  let files: { path: string; lines: string[] }[] = [];
  try {
    files = sourceFiles(dirname(app)).map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n') }));
  } catch {
    files = [];
  }
  const find = (test: (line: string) => boolean): SourcePosition | undefined => {
    for (const file of files) {
      const index = file.lines.findIndex(test);
      if (index >= 0) return { uri: relative(cwd, file.path).split('\\').join('/'), line: index + 1 };
    }
    return undefined;
  };
  const fallback = { uri: relative(cwd, app).split('\\').join('/'), line: 1 };
  return (where) => {
    if (where.route) {
      const path = where.route.slice(where.route.indexOf(' ') + 1);
      const found = find((line) => line.includes(`'${path}'`) || line.includes(`"${path}"`) || line.includes(`\`${path}\``));
      if (found) return found;
    }
    if (where.resource) {
      const name = where.resource;
      const found = find((line) => new RegExp(`resource\\(\\s*['"\`]${name}['"\`]`).test(line));
      if (found) return found;
    }
    return fallback;
  };
}
