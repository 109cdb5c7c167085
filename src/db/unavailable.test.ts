import { describe, expect, it } from 'vitest';
import { isConcurrencyConflict, isDatabaseUnavailable } from './unavailable.js';

describe('isDatabaseUnavailable', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: '57P01' }, true],
    [{ code: '08006' }, true],
    [{ code: '57014' }, true],
    [{ code: 'SQLITE_BUSY' }, true],
    [new Error('timeout exceeded when trying to connect'), true],
    [new Error('Connection terminated unexpectedly'), true],
    // pg's client-side query_timeout (a frozen server), and a statement sent after it ended the connection.
    [new Error('Query read timeout'), true],
    [new Error('Client was closed and is not queryable'), true],
    [Object.assign(new Error('x'), { errors: [{ code: 'ECONNREFUSED' }] }), true],
    [{ code: '23505' }, false],
    [{ code: '42P01' }, false],
    [new Error('syntax error'), false],
    [null, false],
    ['ECONNREFUSED', false],
  ])('reads %o as %s', (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});

describe('isConcurrencyConflict', () => {
  it.each([
    [{ code: '40P01' }, true],
    [{ code: '40001' }, true],
    [{ code: '23505' }, false],
    [{ code: 'ECONNREFUSED' }, false],
    [null, false],
  ])('%j -> %s', (error, expected) => {
    expect(isConcurrencyConflict(error)).toBe(expected);
  });
});
