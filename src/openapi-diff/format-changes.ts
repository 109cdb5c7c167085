import type { Change } from './change.js';

/** Each operation once, its changes below it. */
function lines(changes: Change[]): string[] {
  const out: string[] = [];
  changes.forEach((c, i) => {
    if (changes[i - 1]?.operation !== c.operation) out.push(`  ${c.operation}`);
    out.push(`    ${c.kind}: ${c.reason}`);
  });
  return out;
}

/**
 * The report `rampart openapi --check` prints: a summary line, then the breaking changes
 * and the non-breaking ones, each under its operation with its kind and reason.
 *
 * @example
 * console.log(formatChanges(changes, 'openapi.lock.json'));
 * // openapi.lock.json: 1 breaking change, 0 non-breaking
 * //
 * // Breaking:
 * //   GET /api/v1/markets (listMarkets)
 * //     response-field-removed: 200 body data[].volume: no longer returned
 */
export function formatChanges(changes: Change[], lockName: string): string {
  const breaking = changes.filter((c) => c.breaking);
  const additive = changes.filter((c) => !c.breaking);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const out = [`${lockName}: ${count(breaking.length, 'breaking change')}, ${additive.length} non-breaking`];
  if (breaking.length > 0) out.push('', 'Breaking:', ...lines(breaking));
  if (additive.length > 0) out.push('', 'Non-breaking:', ...lines(additive));
  return out.join('\n');
}
