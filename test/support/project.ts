import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { root } from './processes.js';

/**
 * A fresh project folder outside the repository that has installed Rampart, as a user's
 * does: `rampart` (and zod) in its node_modules, the `rampart` bin in node_modules/.bin
 * (what `npx rampart` and npm scripts run), and nothing else. Files are written from
 * `files` (path -> text); `example: true` copies the markets example in, migrations
 * included, so commands that write files write them here, never into the repository.
 */
export function createProject(files: Record<string, string> = {}, options: { example?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-project-'));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'rampart'));
  symlinkSync(join(root, 'node_modules', 'zod'), join(dir, 'node_modules', 'zod'));
  symlinkSync('../rampart/bin/rampart.mjs', join(dir, 'node_modules', '.bin', 'rampart'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'project', type: 'module', private: true }));
  if (options.example) cpSync(join(root, 'examples', 'markets'), dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
