import { describe, expect, it } from 'vitest';
import { SqlTexts } from './sql-texts.js';

describe('SqlTexts', () => {
  it('compiles a shape once, and past its bound compiles new shapes on every call without keeping them', () => {
    const texts = new SqlTexts(2);
    const compiled: string[] = [];
    const get = (shape: string) => texts.get(shape, () => (compiled.push(shape), `sql of ${shape}`));
    expect([get('a'), get('a'), get('b'), get('b')]).toEqual(['sql of a', 'sql of a', 'sql of b', 'sql of b']);
    expect(compiled).toEqual(['a', 'b']);
    expect([get('c'), get('c'), get('a')]).toEqual(['sql of c', 'sql of c', 'sql of a']);
    expect(compiled).toEqual(['a', 'b', 'c', 'c']);
  });
});
