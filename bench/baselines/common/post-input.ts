/*
 * The rules of a new post, as Rampart's posts resource declares them: an object with
 * exactly `title` (1 to 200 characters) and `body` (at most 20,000), both strings
 * without U+0000. Server-owned fields (id, author, timestamps) and anything else are
 * refused. The Fastify baseline states the same rules as JSON Schema and the Express
 * baseline with zod; this is the hand-written form for node:http.
 */

export interface PostInput {
  title: string;
  body: string;
}

type Issue = { path: string; message: string };

function text(value: unknown, path: string, min: number, max: number, issues: Issue[]): void {
  if (typeof value !== 'string') issues.push({ path, message: 'expected a string' });
  else if (value.length < min) issues.push({ path, message: `expected at least ${min} characters` });
  else if (value.length > max) issues.push({ path, message: `expected at most ${max} characters` });
  else if (value.includes('\u0000')) issues.push({ path, message: 'must not contain U+0000' });
}

/** The post, or the issues found (all of them, not only the first). */
export function checkPostInput(body: unknown): { ok: true; value: PostInput } | { ok: false; errors: Issue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ path: 'body', message: 'expected an object' }] };
  }
  const issues: Issue[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'title' && key !== 'body') issues.push({ path: `body.${key}`, message: 'unknown field' });
  }
  const { title, body: content } = body as Record<string, unknown>;
  text(title, 'body.title', 1, 200, issues);
  text(content, 'body.body', 0, 20_000, issues);
  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, value: { title: title as string, body: content as string } };
}
