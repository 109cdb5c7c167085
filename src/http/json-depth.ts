/**
 * True when the JSON text nests arrays and objects more than `max` levels deep. A
 * linear pass over the text that tracks only string state and escapes, so a deep body
 * is refused without building the structure: `JSON.parse` of 900 KB of `[[[[...` takes
 * 120-220 ms of the event loop, this scan stops after the first `max + 1` brackets.
 *
 * Written by hand because nothing already in the stack bounds depth: `JSON.parse` and
 * secure-json-parse (Fastify's parser) have no such option, and a streaming parser
 * would tokenize every value to answer a question that needs only brackets and quotes.
 * Text that is not JSON may be misjudged either way; `JSON.parse` refuses it next.
 *
 * @example
 * jsonNestsDeeperThan('[[1]]', 1); // true
 * jsonNestsDeeperThan('{"a":"[[[["}', 1); // false: brackets inside strings do not count
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  // One character at a time on purpose: jumping over strings with indexOf is faster on
  // long text but several times slower on strings dense with escapes, and an attacker
  // picks the worst case. This way every body costs the same per character: about
  // 3.5 ms a megabyte on a loaded 2-core machine, where JSON.parse of a megabyte of
  // small objects takes about 30.
  let depth = 0;
  let inString = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
