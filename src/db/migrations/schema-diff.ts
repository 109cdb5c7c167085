import type { SchemaOperation } from './operations.js';
import { sameColumn, type IndexModel, type SchemaModel, type TableModel } from './schema-model.js';

/** The result of {@link diffSchemas}. */
export interface SchemaDiff {
  /** The steps from the current schema to the desired one, in a safe order. */
  operations: SchemaOperation[];
  /** Changes no migration can make; each message says what to change in the code. */
  problems: string[];
}

/*
 * Operations are emitted in phases so each step finds what it needs: search and
 * indexes go first (SQLite refuses to drop or rebuild columns they use), tables are
 * created before columns reference them, and new indexes and search come last, once
 * their columns exist.
 */
const phases: readonly SchemaOperation['op'][] = [
  'dropSearch',
  'dropIndex',
  'createTable',
  'addColumn',
  'alterColumn',
  'dropColumn',
  'dropTable',
  'createIndex',
  'createSearch',
];

function sameIndex(a: IndexModel, b: IndexModel): boolean {
  return a.unique === b.unique && a.columns.join('\0') === b.columns.join('\0') && a.method === b.method;
}

function sameSearch(a: TableModel, b: TableModel): boolean {
  return (a.search?.columns ?? []).join('\0') === (b.search?.columns ?? []).join('\0') && !a.search === !b.search;
}

/** Orders tables so one referenced by another comes first (PostgreSQL checks at CREATE). */
function byDependency(tables: TableModel[]): TableModel[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableModel[] = [];
  const visit = (t: TableModel, path: Set<string>): void => {
    if (!pending.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const c of t.columns) {
      const target = c.references && pending.get(c.references.table);
      if (target) visit(target, path);
    }
    pending.delete(t.name);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

function diffTable(desired: TableModel, current: TableModel, ops: SchemaOperation[], problems: string[]): void {
  const table = desired.name;
  const currentColumns = new Map(current.columns.map((c) => [c.name, c]));
  for (const column of desired.columns) {
    const was = currentColumns.get(column.name);
    if (!was) {
      if (column.notNull && column.default === undefined) {
        problems.push(
          `${table}.${column.name}: a required field without a default cannot be added to the existing ` +
            `table "${table}" (its rows would have no value); give the field a .default(...) or make it .optional()`,
        );
      }
      ops.push({ op: 'addColumn', table, column });
    } else if (!sameColumn(was, column)) {
      ops.push({ op: 'alterColumn', table, column, from: was });
    }
  }
  const wanted = new Set(desired.columns.map((c) => c.name));
  for (const c of current.columns) {
    if (!wanted.has(c.name)) ops.push({ op: 'dropColumn', table, column: c.name });
  }

  const currentIndexes = new Map(current.indexes.map((i) => [i.name, i]));
  const wantedIndexes = new Map(desired.indexes.map((i) => [i.name, i]));
  for (const index of desired.indexes) {
    const was = currentIndexes.get(index.name);
    if (was && sameIndex(was, index)) continue;
    if (was) ops.push({ op: 'dropIndex', table, index: was.name });
    ops.push({ op: 'createIndex', table, index });
  }
  for (const index of current.indexes) {
    if (!wantedIndexes.has(index.name)) ops.push({ op: 'dropIndex', table, index: index.name });
  }

  if (!sameSearch(desired, current)) {
    if (current.search) ops.push({ op: 'dropSearch', table });
    if (desired.search) ops.push({ op: 'createSearch', table, columns: [...desired.search.columns] });
  }
}

/**
 * Compares the desired schema with the current one and lists the operations that turn
 * one into the other. Tables in `current.unmanaged` are never dropped or altered; a
 * desired table that clashes with one is reported as a problem.
 *
 * @example
 * const { operations, problems } = diffSchemas(buildDesiredSchema(resources, { dialect: 'sqlite' }), current);
 * if (problems.length === 0 && operations.length === 0) console.log('schema up to date');
 */
export function diffSchemas(
  desired: SchemaModel,
  current: SchemaModel & { unmanaged?: readonly string[] },
): SchemaDiff {
  const ops: SchemaOperation[] = [];
  const problems: string[] = [];
  const currentTables = new Map(current.tables.map((t) => [t.name, t]));
  const unmanaged = new Set(current.unmanaged ?? []);
  const created: TableModel[] = [];
  for (const table of desired.tables) {
    const was = currentTables.get(table.name);
    if (was) {
      diffTable(table, was, ops, problems);
    } else if (unmanaged.has(table.name)) {
      problems.push(
        `table "${table.name}" already exists but was not created by Rampart; ` +
          'rename or drop it, or rename the resource, so Rampart never touches your own tables',
      );
    } else {
      created.push(table);
    }
  }
  for (const table of byDependency(created)) {
    ops.push({ op: 'createTable', table: table.name, columns: table.columns });
    for (const index of table.indexes) ops.push({ op: 'createIndex', table: table.name, index });
    if (table.search) ops.push({ op: 'createSearch', table: table.name, columns: [...table.search.columns] });
  }
  const wanted = new Set(desired.tables.map((t) => t.name));
  const dropped = byDependency(current.tables.filter((t) => !wanted.has(t.name))).reverse();
  for (const table of dropped) {
    if (table.search) ops.push({ op: 'dropSearch', table: table.name });
    ops.push({ op: 'dropTable', table: table.name });
  }
  // A stable sort keeps the order within a phase (dependency order for tables).
  const operations = ops
    .map((op, i) => ({ op, i }))
    .sort((a, b) => phases.indexOf(a.op.op) - phases.indexOf(b.op.op) || a.i - b.i)
    .map((x) => x.op);
  return { operations, problems };
}
