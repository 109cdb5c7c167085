/**
 * Compares a committed matrix with a fresh one, cell by cell, in words a reviewer reads:
 * `markets update, other: committed ✗ 404, now ✓ 200`. Empty when they agree.
 *
 * @example
 * compareMatrices(readFileSync('authz.md', 'utf8'), renderMatrix(matrix)); // []
 */
export function compareMatrices(committed: string, fresh: string): string[] {
  if (committed === fresh) return [];
  const before = cellsOf(committed);
  const after = cellsOf(fresh);
  const changes: string[] = [];
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined) changes.push(`${key}: new, now ${value}`);
    else if (old !== value) changes.push(`${key}: committed ${old}, now ${value}`);
  }
  for (const [key, value] of before) if (!after.has(key)) changes.push(`${key}: committed ${value}, now gone`);
  // Text outside the tables (the title, the callers) changed.
  return changes.length > 0 ? changes : ['the file differs outside the tables (title, callers or notes); rerun rampart test:authz to rewrite it'];
}

/** Each table cell keyed by its row's first two cells and its column's header. */
function cellsOf(markdown: string): Map<string, string> {
  const cells = new Map<string, string>();
  let header: string[] | undefined;
  for (const raw of markdown.split('\n')) {
    if (!raw.startsWith('|')) {
      header = undefined;
      continue;
    }
    const row = raw
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    if (!header) header = row;
    else if (row.every((c) => /^-+$/.test(c))) continue;
    else for (let i = 2; i < row.length; i++) cells.set(`${row[0]} ${row[1]}, ${header[i] ?? `column ${i + 1}`}`, row[i] as string);
  }
  return cells;
}
