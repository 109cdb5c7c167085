/** Pieces of the code the generators write. */

/** A single-quoted TypeScript string literal of `text`. */
export const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The lines of a generated test that build the app once for the file (`t`) and close
 * it afterwards; `options` is the code of testApp's second argument, if any.
 */
export function testAppLines(options?: string): string[] {
  return ['let t: TestApp;', 'beforeAll(async () => {', `  t = await testApp(app${options ? `, ${options}` : ''});`, '});', 'afterAll(() => t?.close());'];
}
