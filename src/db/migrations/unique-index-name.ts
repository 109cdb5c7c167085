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
  const full = `${table}_${columns.join('_')}_unique`;
  if (Buffer.byteLength(full) <= maxIdentifier) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 10);
  return `${full.slice(0, maxIdentifier - hash.length - 8)}_${hash}_unique`;
}
