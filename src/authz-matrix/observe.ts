import type { Operation } from '../resources/resource.js';
import type { Expected } from './expect.js';

/** What a caller got: the status, and for lists whether the arranged record was among the rows. */
export interface Observed {
  status: number;
  rowShown?: boolean;
  /** The answer's `detail` or first bytes, for messages about statuses that are neither allowed nor denied. */
  detail?: string;
}

const denials = new Set([401, 403, 404, 405]);

export const isAllowed = (status: number) => status >= 200 && status < 300;
export const isDenied = (status: number) => denials.has(status);

/**
 * The cell's text: `✓ 200`, `✓ 200 row shown`, `✗ 401`, or `! 400` for an answer that
 * is neither (the matrix could not make the request right).
 */
export function cellText(operation: Operation, observed: Observed): string {
  const { status } = observed;
  if (isAllowed(status)) return operation === 'list' ? `✓ ${status} ${observed.rowShown ? 'row shown' : 'row hidden'}` : `✓ ${status}`;
  return isDenied(status) ? `✗ ${status}` : `! ${status}`;
}

/** The expectation in the cells' words, for messages. */
export function expectedText(operation: Operation, expected: Expected): string {
  if (!expected.allowed) return `✗ ${(expected.denial ?? []).join(' or ')}`;
  return operation === 'list' ? `✓ ${expected.rowShown ? 'row shown' : 'row hidden'}` : '✓';
}

/** Why `observed` differs from `expected`, or undefined when it matches. */
export function mismatch(operation: Operation, expected: Expected | undefined, observed: Observed): string | undefined {
  const { status } = observed;
  if (!isAllowed(status) && !isDenied(status)) {
    return `answered ${status}${observed.detail ? ` (${observed.detail})` : ''}, neither allowed nor denied: the sample request was refused or failed, so the cell was not tested`;
  }
  if (!expected) return undefined;
  if (expected.allowed !== isAllowed(status)) return 'differs';
  if (!expected.allowed && !(expected.denial ?? []).includes(status)) return 'differs';
  if (operation === 'list' && expected.rowShown !== observed.rowShown) return 'differs';
  return undefined;
}
