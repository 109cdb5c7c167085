/**
 * SQL texts kept by shape: a query whose SQL depends only on its shape (which table,
 * which columns, which dialect), never on its values, is built and compiled with Kysely
 * once and then run with each call's values (`CompiledQuery.raw(text, values)`). Kysely
 * binds every value as a parameter, so the text is the same for every call of a shape.
 * Past `max` shapes, texts are compiled on each call rather than remembered: a bound on
 * memory, not on correctness.
 *
 * @example
 * const texts = new SqlTexts();
 * const text = texts.get(`insert:${columns}`, () => db.insertInto('notes').values(row).compile().sql);
 */
export class SqlTexts {
  private readonly texts = new Map<string, string>();

  constructor(private readonly max = 256) {}

  get(shape: string, compile: () => string): string {
    const kept = this.texts.get(shape);
    if (kept !== undefined) return kept;
    const text = compile();
    if (this.texts.size < this.max) this.texts.set(shape, text);
    return text;
  }
}
