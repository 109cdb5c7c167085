import type { AuthzMatrix } from './matrix.js';

const escape = (text: string) => text.replace(/\|/g, '\\|');
const line = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;

/**
 * The matrix as Markdown, to commit beside the app: one row per resource operation, one
 * column per caller, then the checks that hold whatever the rules say. Nothing in it
 * varies between runs (no ids, no times), so its diff is the permission change.
 *
 * @example
 * writeFileSync('authz.md', renderMatrix(await authzMatrix(app)));
 */
export function renderMatrix(matrix: AuthzMatrix): string {
  const out: string[] = [
    `# Authorization matrix: ${matrix.title}`,
    '',
    '<!-- Written by `rampart test:authz`; rerun it rather than editing. `rampart test:authz --check` fails while this file is stale. -->',
    '',
    'Every operation, run as each caller against a record the owner created: ✓ allowed, ✗ denied, with the status',
    '(404 is how a record the caller may not see answers). On lists, whether the owner\'s record was among the rows.',
    `Callers: ${matrix.callers.join(', ')}; owner and other have the role user.`,
    '',
    line(['resource', 'operation', 'rule', ...matrix.callers]),
    line(['---', '---', '---', ...matrix.callers.map(() => '---')]),
  ];
  for (const row of matrix.rows) {
    out.push(line([row.resource, `${row.operation}${row.method ? ` (${row.method})` : ''}`, `${row.rule}${row.decided ? '' : ' †'}`, ...row.cells.map((c) => c.text)]));
  }
  if (matrix.routes.length > 0) {
    out.push(
      '',
      '## Routes, views and aggregates',
      '',
      'Called without valid input: what is shown is the access rule (✗ refused with 401 or 403, ✓ past rule: the handler then answered the empty request).',
      '',
      line(['route', 'kind', 'rule', ...matrix.callers]),
      line(['---', '---', '---', ...matrix.callers.map(() => '---')]),
    );
    for (const row of matrix.routes) out.push(line([row.route, row.kind, `${row.rule}${row.decided ? '' : ' †'}`, ...row.cells.map((c) => c.text)]));
  }
  if ([...matrix.rows, ...matrix.routes].some((r) => !r.decided)) {
    out.push('', '† The rule decides from more than the caller and the record (where, via, related, gate, a function): its cells are what happened, checked for consistency only.');
  }
  if (matrix.invariants.length > 0) {
    out.push('', '## Checks that hold whatever the rules say', '', line(['resource', 'check', 'result']), line(['---', '---', '---']));
    for (const inv of matrix.invariants) out.push(line([inv.resource, inv.check, inv.result]));
  }
  return `${out.join('\n')}\n`;
}
