import { describe, expect, it } from 'vitest';
import { errorsByField } from './errors-by-field.js';

describe('errorsByField', () => {
  it('keys each issue by its field, without the request part, in order', () => {
    const errors = [
      { path: 'body.title', message: "can't be blank" },
      { path: 'body.title', message: 'too short' },
      { path: 'query.limit', message: 'too big' },
      { path: 'body.author.name', message: 'required' },
    ];
    expect(errorsByField({ detail: 'The body is invalid.', errors })).toEqual({
      title: ["can't be blank", 'too short'],
      limit: ['too big'],
      'author.name': ['required'],
    });
  });

  it('puts the detail of an error without issues, and whole-body issues, under `other`', () => {
    expect(errorsByField({ detail: 'Not found.' })).toEqual({ body: ['Not found.'] });
    expect(errorsByField({ detail: 'x', errors: [] }, { other: 'error' })).toEqual({ error: ['x'] });
    expect(errorsByField({ detail: 'x', errors: [{ path: 'body', message: 'expected object' }] })).toEqual({ body: ['expected object'] });
  });

  it('takes the key from the app when asked, and keeps odd names as plain keys', () => {
    const errors = [{ path: 'body.article.title', message: 'required' }, { path: 'body.__proto__', message: 'unknown field' }];
    const byLeaf = errorsByField({ detail: 'x', errors }, { key: (issue) => issue.path.split('.').pop() });
    expect(byLeaf.title).toEqual(['required']);
    expect(Object.hasOwn(byLeaf, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(byLeaf)).toBe(Object.prototype);
  });
});
