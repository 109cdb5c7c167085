import { describe, expect, it } from 'vitest';
import { isForeignKeyViolation, uniqueViolationColumn } from './constraint-errors.js';

describe('uniqueViolationColumn', () => {
  it.each([
    [{ code: '23505', constraint: 'users_email_unique' }, 'email'],
    [{ code: '23505', constraint: 'users_pkey' }, 'id'],
    [{ code: '23505', constraint: 'posts_pkey' }, null],
    [{ code: '23505', constraint: 'markets_slug_unique' }, null],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: users.email' }, 'email'],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: users.name, users.email' }, 'name'],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }, null],
    [null, null],
    ['boom', null],
  ])('reads %j as %s', (error, column) => {
    expect(uniqueViolationColumn(error, 'users')).toBe(column);
  });
});

describe('isForeignKeyViolation', () => {
  it.each([
    [{ code: '23503' }, true],
    [{ code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: 'FOREIGN KEY constraint failed' }, true],
    [{ code: 'SQLITE_CONSTRAINT_TRIGGER', message: 'FOREIGN KEY constraint failed' }, true],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: a.b' }, false],
    [null, false],
  ])('reads %j as %s', (error, expected) => {
    expect(isForeignKeyViolation(error)).toBe(expected);
  });
});
