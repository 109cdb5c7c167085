import { describe, expect, it } from 'vitest';
import { etagOf, ifNoneMatch } from './etag.js';

describe('etagOf', () => {
  it('is a quoted strong tag that changes with the body and only with it', () => {
    const tag = etagOf('{"data":[]}');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf('{"data":[]}')).toBe(tag);
    expect(etagOf('{"data":[1]}')).not.toBe(tag);
  });
});

describe('ifNoneMatch', () => {
  const tag = '"abc"';
  it.each([
    ['the same tag', '"abc"', true],
    ['the tag in a list', '"x", "abc" , "y"', true],
    ['a list without spaces', '"x","abc"', true],
    ['the weak form of the tag (weak comparison)', 'W/"abc"', true],
    ['*', '*', true],
    ['* with spaces', '  * ', true],
    ['another tag', '"abd"', false],
    ['the tag without quotes', 'abc', false],
    ['a tag containing a comma and the value', '"abc,x"', false],
    ['an empty header', '', false],
    ['a quoted * (a tag, not the wildcard)', '"*"', false],
  ])('%s: %s', (_name, header, expected) => {
    expect(ifNoneMatch(header, tag)).toBe(expected);
  });

  it('treats several header lines as one list, and no header as no match', () => {
    expect(ifNoneMatch(['"x"', '"abc"'], tag)).toBe(true);
    expect(ifNoneMatch(undefined, tag)).toBe(false);
  });

  it('compares a weak current tag by its opaque part', () => {
    expect(ifNoneMatch('"abc"', 'W/"abc"')).toBe(true);
  });
});
