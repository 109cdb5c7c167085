import { createHash } from 'node:crypto';

// PostgreSQL cuts identifiers at 63 bytes, and its unique-violation errors name the
// index: a longer name would be stored (and reported) cut, and two cut names could clash.
const maxIdentifier = 63;

/**
 * The name of the unique index over `columns` of `table`: `<table>_<columns>_unique`,
 * or, past PostgreSQL's 63 bytes, its first part and a hash of the whole, so the name
 * stays stable and distinct.
 *
 * @example
 * uniqueIndexName('favorites', ['user_id', 'article_id']); // 'favorites_user_id_article_id_unique'
 */
export function uniqueIndexName(table: string, columns: readonly string[]): string {
  return indexName(table, columns, 'unique');
}

/**
 * `<table>_<columns>_<suffix>`, shortened like {@link uniqueIndexName} past 63 bytes.
 *
 * @example
 * indexName('comments', ['article_id', 'created_at'], 'rel_idx'); // 'comments_article_id_created_at_rel_idx'
 */
export function indexName(table: string, columns: readonly string[], suffix: string): string {
  const full = `${table}_${columns.join('_')}_${suffix}`;
  if (Buffer.byteLength(full) <= maxIdentifier) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 10);
  return `${full.slice(0, maxIdentifier - hash.length - suffix.length - 2)}_${hash}_${suffix}`;
}
