import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';

/*
 * What the generators wrote, so nothing a person changed is overwritten or deleted:
 * `.rampart/generated.json` (commit it) keeps the hash of every file as written. A file
 * whose text still has that hash is the generator's to replace or remove; any other
 * existing file is the user's, left alone unless --force.
 */

const manifestPath = (root: string) => join(root, '.rampart', 'generated.json');

interface Manifest {
  files: Record<string, string>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

function readManifest(root: string): Manifest {
  const path = manifestPath(root);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Manifest) : { files: {} };
}

function writeManifest(root: string, manifest: Manifest): void {
  mkdirSync(dirname(manifestPath(root)), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(manifestPath(root), `${JSON.stringify({ files: sorted }, null, 2)}\n`);
}

/** A planned change to one file: new text, or removal (null). `tracked`: the generator owns the file. */
export interface FileChange {
  path: string;
  text: string | null;
  tracked: boolean;
}

/** Whether the file at `path` (relative to `root`) is missing, as the generator wrote it, or changed by someone. */
export function fileState(root: string, path: string): 'missing' | 'generated' | 'changed' {
  const full = join(root, path);
  if (!existsSync(full)) return 'missing';
  return readManifest(root).files[path] === hash(readFileSync(full, 'utf8')) ? 'generated' : 'changed';
}

/** A unified diff of every change, for --dry-run. */
export function diffOf(root: string, changes: readonly FileChange[]): string {
  return changes
    .map((c) => {
      const full = join(root, c.path);
      const before = existsSync(full) ? readFileSync(full, 'utf8') : '';
      return createTwoFilesPatch(existsSync(full) ? `a/${c.path}` : '/dev/null', c.text === null ? '/dev/null' : `b/${c.path}`, before, c.text ?? '');
    })
    .join('\n');
}

/** Writes (or removes) the files and records the generator's own in the manifest. */
export function applyChanges(root: string, changes: readonly FileChange[]): void {
  const manifest = readManifest(root);
  for (const change of changes) {
    const full = join(root, change.path);
    if (change.text === null) {
      rmSync(full, { force: true });
      delete manifest.files[change.path];
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, change.text);
    if (change.tracked) manifest.files[change.path] = hash(change.text);
  }
  writeManifest(root, manifest);
}
