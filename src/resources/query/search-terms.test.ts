import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { ftsMatchExpression, parseSearch } from './search-terms.js';

describe('ftsMatchExpression', () => {
  const cases: [string, string][] = [
    ['rain', '"rain"'],
    ['  rain   paris ', '"rain" AND "paris"'],
    ['say "hi"', '"say" AND """hi"""'],
    ['a OR b', '"a" AND "OR" AND "b"'],
    ['NEAR(a b)', '"NEAR(a" AND "b)"'],
    ['rain *', '"rain"'],
    ['* -', '"*" AND "-"'],
    ['col:value', '"col:value"'],
    ['café ☃', '"café"'],
    ['a\u0000b', '"a" AND "b"'],
  ];
  it.each(cases)('%j → %s', (input, expected) => {
    expect(ftsMatchExpression(input)).toBe(expected);
  });

  it('refuses text without a term', () => {
    expect(() => ftsMatchExpression(' \n ')).toThrow(AppError);
  });
});

describe('parseSearch', () => {
  it('keeps 200 characters and trims', () => {
    expect(parseSearch(` ${'x'.repeat(198)} `)).toBe('x'.repeat(198));
  });
});
