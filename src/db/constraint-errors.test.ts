import { describe, expect, it } from 'vitest';
import { isForeignKeyViolation, uniqueViolation, uniqueViolationColumn } from './constraint-errors.js';

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

describe('uniqueViolation', () => {
  it.each([
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: favs.user_id, favs.article_id' }, { columns: ['user_id', 'article_id'] }],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: other.a' }, null],
    [{ code: '23505', constraint: 'favs_user_id_article_id_unique' }, { index: 'favs_user_id_article_id_unique' }],
    [{ code: '23505', constraint: 'favs_pkey' }, { columns: ['id'] }],
    [{ code: '23505', constraint: 'other_a_unique' }, null],
    [{ code: '23503', constraint: 'favs_user_id_fkey' }, null],
  ])('reads %j as %j', (error, expected) => {
    expect(uniqueViolation(error, 'favs')).toEqual(expected);
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
