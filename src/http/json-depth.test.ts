import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan } from './json-depth.js';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('jsonNestsDeeperThan', () => {
  it.each([
    ['a flat value', '1', 0, false],
    ['arrays at the cap', nested(3), 3, false],
    ['arrays past the cap', nested(4), 3, true],
    ['objects past the cap', '{"a":{"b":{"c":{}}}}', 3, true],
    ['mixed nesting at the cap', '{"a":[{"b":[]}]}', 4, false],
    ['siblings do not add up', '[[1],[2],[3],{"a":[4]}]', 3, false],
    ['brackets inside strings', '["[[[[{{{{"]', 1, false],
    ['an escaped quote does not end a string', '["\\"[[[["]', 1, false],
    ['an escaped backslash before the closing quote', '["\\\\",[[[]]]]', 3, true],
    ['unicode escapes', '["\\u005b\\u005b",[]]', 1, true],
  ])('%s', (_name, text, max, expected) => {
    expect(jsonNestsDeeperThan(text, max)).toBe(expected);
    // Whatever it says, JSON.parse agrees about the depth of valid text.
    if (expected === false) expect(() => JSON.parse(text)).not.toThrow();
  });

  it('answers a 900 KB deep body after reading only the first brackets', () => {
    const deep = nested(450_000);
    const start = performance.now();
    expect(jsonNestsDeeperThan(deep, 64)).toBe(true);
    expect(performance.now() - start).toBeLessThan(50);
  });
});
