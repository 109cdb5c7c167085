import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StartupError } from '../../errors/app-error.js';
import type { Dialect } from '../../resources/fields/field.js';
import { formatJson } from './json-format.js';
import { isDestructive, type SchemaOperation } from './operations.js';
import { isSqlLiteral } from './sql-literal.js';

/**
 * A migration file, `<dir>/<YYYYMMDDHHMMSS>_<slug>.json`: pretty JSON a reviewer can
 * read, listing dialect-neutral operations. Its name (without `.json`) is the name
 * Kysely's migrator records once it is applied.
 *
 * @example
 * // migrations/20260102030405_create_markets.json
 * { "rampart": 1, "dialect": "sqlite", "destructive": false, "operations": [{ "op": "createTable", ... }] }
 */
export interface MigrationFile {
  rampart: 1;
  /** Column defaults are stored in this dialect's terms (a decimal default is integer units on SQLite). */
  dialect: Dialect;
  /** Whether any operation can lose data; such a file applies only with `allowDestructive`. */
  destructive: boolean;
  operations: SchemaOperation[];
}

const filePattern = /^(\d{14})_[a-z0-9_]+\.json$/;

// Identifiers are quoted when compiled, so any text is safe; NUL is refused because SQLite's C API stops at it.
const identifier = z.string().min(1).max(128).refine((s) => !s.includes('\0'), 'must not contain NUL');
const column = z.strictObject({
  name: identifier,
  type: z.enum(['text', 'integer', 'real', 'decimal', 'boolean', 'timestamp', 'json', 'uuid', 'text[]', 'integer[]']),
  decimal: z.strictObject({ precision: z.int().min(1).max(1000), scale: z.int().min(0).max(1000) }).optional(),
  notNull: z.boolean(),
  default: z.string().refine(isSqlLiteral, 'must be a plain SQL literal').optional(),
  primaryKey: z.boolean().optional(),
  references: z
    .strictObject({
      table: identifier,
      column: identifier,
      onDelete: z.enum(['restrict', 'cascade', 'set null', 'no action', 'set default']),
    })
    .optional(),
});
const destructive = z.boolean().optional();
const operation = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('createTable'), table: identifier, columns: z.array(column).min(1), destructive }),
  z.strictObject({ op: z.literal('dropTable'), table: identifier, destructive }),
  z.strictObject({ op: z.literal('addColumn'), table: identifier, column, destructive }),
  z.strictObject({ op: z.literal('dropColumn'), table: identifier, column: identifier, destructive }),
  z.strictObject({ op: z.literal('alterColumn'), table: identifier, column, from: column, destructive }),
  z.strictObject({
    op: z.literal('createIndex'),
    table: identifier,
    index: z.strictObject({ name: identifier, columns: z.array(identifier).min(1), unique: z.boolean(), method: z.literal('gin').optional() }),
    destructive,
  }),
  z.strictObject({ op: z.literal('dropIndex'), table: identifier, index: identifier, destructive }),
  z.strictObject({ op: z.literal('createSearch'), table: identifier, columns: z.array(identifier).min(1), destructive }),
  z.strictObject({ op: z.literal('dropSearch'), table: identifier, destructive }),
]);
const fileSchema = z.strictObject({
  rampart: z.literal(1),
  dialect: z.enum(['sqlite', 'postgres']),
  destructive: z.boolean(),
  operations: z.array(operation),
});

/**
 * Parses and checks a migration file's text. The file's own `destructive` flags are
 * not trusted to be lower than the operations warrant: a hand edit cannot unmark a drop.
 *
 * @example
 * const file = parseMigrationFile(await readFile(path, 'utf8'), path);
 */
export function parseMigrationFile(text: string, source: string): MigrationFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StartupError('RAMPART_MIGRATION_INVALID', `${source}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new StartupError('RAMPART_MIGRATION_INVALID', `${source}: not a Rampart migration file:\n  - ${issues.join('\n  - ')}`);
  }
  const operations: SchemaOperation[] = parsed.data.operations.map(({ destructive: _, ...op }) => op);
  return {
    rampart: 1,
    dialect: parsed.data.dialect,
    destructive: parsed.data.destructive || operations.some(isDestructive),
    operations,
  };
}

/**
 * Reads every migration file of a folder, sorted by name. A missing folder has none.
 *
 * @example
 * for (const [name, file] of await readMigrationFiles('migrations')) console.log(name, file.destructive);
 */
export async function readMigrationFiles(dir: string): Promise<Map<string, MigrationFile>> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const files = new Map<string, MigrationFile>();
  for (const entry of entries.filter((e) => filePattern.test(e)).sort()) {
    const path = join(dir, entry);
    files.set(entry.slice(0, -'.json'.length), parseMigrationFile(await readFile(path, 'utf8'), path));
  }
  return files;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

function fromStamp(s: string): Date {
  const [, y, mo, d, h, mi, se] = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(s) ?? [];
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}Z`);
}

function slugOf(ops: readonly SchemaOperation[], name: string | undefined): string {
  const creating = ops.every((op) => ['createTable', 'createIndex', 'createSearch'].includes(op.op));
  const tables = [...new Set(ops.map((op) => op.table))];
  const text = name ?? `${creating && ops.some((op) => op.op === 'createTable') ? 'create' : 'alter'}_${tables.join('_')}`;
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60).replace(/_+$/, '');
  return slug || 'migration';
}

/** Options of {@link writeMigrationFile}. */
export interface WriteMigrationOptions {
  dialect: Dialect;
  /** Words for the file name (default: derived from the operations, e.g. `create_markets`). */
  name?: string;
  /** The clock, for tests. */
  now?: Date;
}

/**
 * Writes operations as a new migration file and returns its path. The timestamp is
 * the current UTC time, moved past the newest existing file if needed, because Kysely
 * applies files in name order and refuses a new one that sorts before an applied one.
 *
 * @example
 * const path = await writeMigrationFile('migrations', diff.operations, { dialect: 'sqlite' });
 */
export async function writeMigrationFile(
  dir: string,
  operations: readonly SchemaOperation[],
  options: WriteMigrationOptions,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamps = (await readdir(dir)).map((e) => filePattern.exec(e)?.[1]).filter((s) => s !== undefined).sort();
  const last = stamps.at(-1);
  let when = stamp(options.now ?? new Date());
  if (last !== undefined && when <= last) when = stamp(new Date(fromStamp(last).getTime() + 1000));
  const path = join(dir, `${when}_${slugOf(operations, options.name)}.json`);
  const file = {
    rampart: 1,
    dialect: options.dialect,
    destructive: operations.some(isDestructive),
    // `op` and `destructive` lead each entry, so a reviewer sees them first.
    operations: operations.map((o) => {
      const { op, ...rest } = o;
      return { op, destructive: isDestructive(o), ...rest };
    }),
  };
  // 'wx': never overwrite a file someone may already have reviewed or applied.
  await writeFile(path, `${formatJson(file)}\n`, { flag: 'wx' });
  return path;
}
