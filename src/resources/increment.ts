import { AppError } from '../errors/app-error.js';
import { fromUnits, toUnits } from './fields/decimal.js';
import type { RecordData } from './records.js';
import type { AnyResource } from './resource.js';
import { serverBodySchemas } from './schemas.js';
import { issuesOf } from '../http/validation.js';

function invalid(path: string, message: string): AppError {
  return new AppError('RAMPART_VALIDATION', 'The input is invalid.', { errors: [{ path: `body.${path}`, message }] });
}

function sum(resource: AnyResource, name: string, current: unknown, amount: unknown): unknown {
  const f = resource.field(name);
  if (!f || f.system) throw invalid(name, `${resource.name} has no field "${name}" to increment`);
  const { kind, decimal } = f.field.spec;
  if (kind === 'decimal' && decimal) {
    const units = typeof amount === 'string' && /^-?\d+(\.\d+)?$/.test(amount) ? toUnits(amount, decimal.scale) : null;
    if (units === null) throw invalid(name, `expected a decimal string with at most ${decimal.scale} digits after the point`);
    return fromUnits((toUnits(String(current ?? '0'), decimal.scale) ?? 0n) + units, decimal.scale);
  }
  if (kind === 'integer' || kind === 'number') {
    if (typeof amount !== 'number' || !Number.isFinite(amount) || (kind === 'integer' && !Number.isInteger(amount))) {
      throw invalid(name, `expected ${kind === 'integer' ? 'a whole number' : 'a number'}`);
    }
    return Number(current ?? 0) + amount;
  }
  throw invalid(name, `${kind} fields cannot be incremented`);
}

/**
 * The new values of an increment: each amount added to the stored value, then checked
 * like a PATCH body, so a sum outside a field's bounds (a balance below its minimum) is
 * refused rather than written.
 */
export function addAmounts(resource: AnyResource, previous: RecordData, amounts: RecordData): RecordData {
  const sums: RecordData = {};
  for (const [name, amount] of Object.entries(amounts)) sums[name] = sum(resource, name, previous[name], amount);
  // The server's rules: increments mostly keep read-only (derived) fields in step.
  const checked = serverBodySchemas(resource).patch.safeParse(sums);
  if (!checked.success) {
    throw new AppError('RAMPART_VALIDATION', 'The increment would leave a value out of bounds.', {
      errors: issuesOf(checked.error, 'body'),
    });
  }
  return checked.data as RecordData;
}
