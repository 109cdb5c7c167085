/*
 * JSON for people: migration files are reviewed in pull requests, where one column or
 * index per line reads far better than JSON.stringify's one value per line.
 */

const width = 100;

function entriesOf(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = entriesOf(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * Formats JSON with two-space indentation, keeping any object or array that fits in
 * 100 columns on one line. Parses back to the same value as `JSON.stringify` output.
 *
 * @example
 * formatJson({ columns: [{ name: 'id', type: 'uuid' }] });
 * // { "columns": [{ "name": "id", "type": "uuid" }] }
 */
export function formatJson(value: unknown, indent = ''): string {
  const line = inline(value);
  if (indent.length + line.length <= width || value === null || typeof value !== 'object') return line;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  const body = entriesOf(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`);
  return `{\n${body.join(',\n')}\n${indent}}`;
}
