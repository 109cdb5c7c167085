import { StartupError } from '../../errors/app-error.js';
import type { Dialect } from '../../resources/fields/field.js';
import { snakeCase, type AnyResource, type ResolvedField } from '../../resources/resource.js';
import type { ColumnModel, IndexModel, SchemaModel, TableModel } from './schema-model.js';
import { sqlLiteral } from './sql-literal.js';
import { indexName, uniqueIndexName } from './unique-index-name.js';
import { relationsOf } from '../../resources/relations/resolve-relations.js';
import type { ResolvedPath } from '../../resources/relations/resolve-paths.js';

/** Options of {@link buildDesiredSchema}. */
export interface DesiredSchemaOptions {
  /** Defaults are rendered with each field's `toDb`, which differs per dialect. */
  dialect: Dialect;
  /** Internal tables (users, refresh tokens, jobs...) managed like resource tables. */
  extraTables?: readonly TableModel[];
}

// Bookkeeping tables, SQLite's own, and the names full-text search and rebuilds use.
const reserved = /^(rampart_schema|kysely_migration|kysely_migration_lock|sqlite_.*|.*_fts(_[a-z]+)?|.*__rampart_rebuild)$/;

function invalid(message: string): StartupError {
  return new StartupError('RAMPART_DEFINITION_INVALID', message);
}

function columnOf(f: ResolvedField, dialect: Dialect): ColumnModel {
  const { spec, flags } = f.field;
  const column: ColumnModel = { name: f.column, type: spec.column, notNull: flags.presence !== 'optional' };
  if (f.name === 'id') column.primaryKey = true;
  if (spec.decimal) column.decimal = { ...spec.decimal };
  if (flags.presence === 'default' && flags.default !== undefined) {
    // An array's only default is the empty one (fields/field.ts), which pg would send as a JS array.
    column.default = spec.element ? sqlLiteral(dialect === 'postgres' ? '{}' : '[]') : sqlLiteral(spec.toDb(flags.default, dialect));
  }
  if (spec.reference) {
    column.references = { table: snakeCase(spec.reference.resource), column: 'id', onDelete: spec.reference.onDelete };
  }
  return column;
}

/**
 * Adds an index unless one with the same name exists. A same-named index whose columns
 * extend the other's (`status` then `status, id`) serves both, so the wider one wins;
 * anything else is a real clash the developer must resolve.
 */
function addIndex(indexes: IndexModel[], table: string, index: IndexModel): void {
  const existing = indexes.findIndex((i) => i.name === index.name);
  if (existing === -1) {
    indexes.push(index);
    return;
  }
  const other = indexes[existing] as IndexModel;
  const [wide, narrow] = other.columns.length >= index.columns.length ? [other, index] : [index, other];
  if (other.unique !== index.unique || !narrow.columns.every((c, i) => wide.columns[i] === c)) {
    throw invalid(`${table}: two different indexes would both be named "${index.name}"`);
  }
  indexes[existing] = wide;
}

function tableOf(resource: AnyResource, dialect: Dialect): TableModel {
  const fields = [...resource.fields.values()];
  const columns = fields.map((f) => columnOf(f, dialect));
  const indexes: IndexModel[] = [];
  const t = resource.table;
  for (const f of fields) {
    const { flags } = f.field;
    if (flags.unique) addIndex(indexes, t, { name: `${t}_${f.column}_unique`, columns: [f.column], unique: true });
    if (flags.index) addIndex(indexes, t, { name: `${t}_${f.column}_idx`, columns: [f.column], unique: false });
    // `id` closes every sort index: keyset pagination orders by (column, id).
    if (flags.sortable) {
      addIndex(indexes, t, { name: `${t}_${f.column}_sort_idx`, columns: [f.column, 'id'], unique: false });
    }
    // Membership filters (`&&`) on PostgreSQL read a GIN index of the elements.
    if (f.field.spec.element && flags.filterable) {
      addIndex(indexes, t, { name: `${t}_${f.column}_gin`, columns: [f.column], unique: false, method: 'gin' });
    }
  }
  for (const names of resource.definition.indexes ?? []) {
    const cols = names.map((name) => {
      const f = resource.field(name);
      if (!f) throw invalid(`${resource.name}: index on unknown field "${name}"`);
      if (f.field.spec.element) throw invalid(`${resource.name}: index on array field "${name}"; .filterable() indexes its elements`);
      return f.column;
    });
    if (cols.length === 0) throw invalid(`${resource.name}: an index needs at least one field`);
    addIndex(indexes, t, { name: `${t}_${cols.join('_')}_idx`, columns: [...cols, 'id'], unique: false });
  }
  // An aggregate groups by its field: the index serves the GROUP BY and its ORDER BY.
  // An array's elements are unnested first, which no index of the column serves.
  for (const agg of Object.values(resource.definition.aggregates ?? {})) {
    const f = resource.field(agg.field);
    if (f && f.name !== 'id' && !f.field.spec.element) addIndex(indexes, t, { name: `${t}_${f.column}_idx`, columns: [f.column], unique: false });
  }
  for (const group of resource.uniqueGroups) {
    if (group.length < 2) continue;
    const array = group.find((f) => f.field.spec.element);
    if (array) throw invalid(`${resource.name}: unique combination with array field "${array.name}"`);
    const cols = group.map((f) => f.column);
    addIndex(indexes, t, { name: uniqueIndexName(t, cols), columns: cols, unique: true });
  }
  const table: TableModel = { name: t, columns, indexes };
  const searchable = resource.searchable.map((f) => f.column);
  if (searchable.length > 0) table.search = { columns: searchable };
  return table;
}

/**
 * Each declared relation reads its rows by the reference to the parent, in the relation's
 * order (includes capped per parent, counts): an index on `(reference, sort..., id)`
 * serves both.
 */
function addRelationIndexes(resources: readonly AnyResource[], tables: TableModel[]): void {
  const lookup = (name: string) => resources.find((r) => r.name === name);
  for (const resource of resources) {
    for (const relation of relationsOf(resource, lookup).relations.values()) {
      const table = tables.find((t) => t.name === relation.rows.table);
      if (!table) continue;
      const columns = [relation.fk.column, ...relation.sort.map((k) => k.column).filter((c) => c !== relation.fk.column)];
      if (columns.at(-1) !== 'id') columns.push('id');
      addIndex(table.indexes, table.name, { name: indexName(table.name, columns.slice(0, -1), 'rel_idx'), columns, unique: false });
    }
    for (const path of new Set(relationsOf(resource, lookup).paths.values())) addPathIndexes(resource, path, tables);
  }
}

/**
 * A relation filter's semi-join reads, on each table it crosses, rows by the column it
 * compares: the leaf, and for a to-many hop the leaf together with the column it returns.
 */
function addPathIndexes(resource: AnyResource, path: ResolvedPath, tables: TableModel[]): void {
  const add = (tableName: string, columns: string[], suffix: string) => {
    const table = tables.find((t) => t.name === tableName);
    if (table && !(columns.length === 1 && columns[0] === 'id')) {
      addIndex(table.indexes, table.name, { name: indexName(table.name, columns, suffix), columns, unique: false });
    }
  };
  const targetTable = path.target === 'users' ? 'users' : path.target.table;
  // An array leaf is filterable, so its own GIN index (PostgreSQL) serves the membership test.
  const leafIndexed = !path.leaf.field.spec.element;
  if (path.hop.kind === 'reference') {
    add(resource.table, [path.hop.field.column], 'idx');
    if (leafIndexed) add(targetTable, [path.leaf.column], 'idx');
    return;
  }
  const { rows, fk, far } = path.hop.relation;
  if (far) {
    add(rows.table, [far.field.column, fk.column], 'path_idx');
    if (leafIndexed) add(targetTable, [path.leaf.column], 'idx');
  } else if (leafIndexed) {
    add(rows.table, [path.leaf.column, fk.column], 'path_idx');
  }
}

/** Catches mistakes in hand-written extra tables before they reach the database. */
function checkTable(table: TableModel, names: ReadonlySet<string>): void {
  const columns = new Set(table.columns.map((c) => c.name));
  for (const column of table.columns) {
    const target = column.references?.table;
    if (target !== undefined && !names.has(target)) {
      throw invalid(`${table.name}.${column.name} references "${target}", which is not a declared resource`);
    }
  }
  const used = [...table.indexes.flatMap((i) => i.columns), ...(table.search?.columns ?? [])];
  const missing = used.find((c) => !columns.has(c));
  if (missing !== undefined) throw invalid(`${table.name}: index or search on unknown column "${missing}"`);
}

/**
 * Builds the schema the declared resources need: one table per resource (`id`,
 * `created_at`, `updated_at`, then a column per field), its indexes and its full-text
 * search, plus any internal tables passed as `extraTables`.
 *
 * @example
 * const desired = buildDesiredSchema([markets, bets], { dialect: 'sqlite' });
 * desired.tables[0].indexes; // [{ name: 'markets_created_at_sort_idx', columns: ['created_at', 'id'], unique: false }, ...]
 */
export function buildDesiredSchema(
  resources: readonly AnyResource[],
  options: DesiredSchemaOptions,
): SchemaModel {
  const tables = [
    // The users resource reads the auth users table, which extraTables carries.
    ...resources.filter((r) => !r.definition.external).map((r) => tableOf(r, options.dialect)),
    ...(options.extraTables ?? []).map((t) => structuredClone(t)),
  ];
  const names = new Set<string>();
  for (const table of tables) {
    if (names.has(table.name)) throw invalid(`two tables would both be named "${table.name}"`);
    if (reserved.test(table.name)) throw invalid(`the table name "${table.name}" is reserved; rename the resource`);
    names.add(table.name);
  }
  addRelationIndexes(resources, tables);
  for (const table of tables) checkTable(table, names);
  return { tables };
}
