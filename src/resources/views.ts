import type { Access, AccessContext, RowFilter } from '../policies/rule.js';

/**
 * A named list of a resource beside its plain one, e.g. `GET /api/v1/articles/feed`:
 * the whole list query language, includes, computed fields and caching, narrowed by a
 * server-side condition and guarded by its own rule.
 */
export interface View {
  /** Who may call it, like an operation's rule. The resource's `list` row rule still applies. */
  access: Access;
  /**
   * The condition, built with Kysely's expression builder for the caller of each request,
   * e.g. articles by authors the caller follows. Return null for no condition.
   */
  where(ctx: AccessContext): RowFilter | null;
  /** Resources the condition reads (a cached resource's answers are invalidated by their writes). */
  dependsOn?: readonly string[];
  /** The order when the client gives no `sort` (default: the resource's). */
  sort?: string;
  summary?: string;
}

/**
 * Declares a view, under a resource's `views`.
 *
 * @example
 * views: {
 *   feed: view({
 *     access: allow.authenticated,
 *     dependsOn: ['follows'],
 *     where: ({ user }) => (eb) =>
 *       eb('articles.author', 'in', eb.selectFrom('follows').select('following').where('follower', '=', user!.id)),
 *   }),
 * }
 */
export function view(definition: View): View {
  return definition;
}

const viewName = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** What `createApp` refuses in views, all at once: bad names, undeclared dependencies. */
export function viewProblems(resources: readonly { name: string; definition: { views?: Readonly<Record<string, View>> } }[]): string[] {
  const names = new Set(resources.map((r) => r.name));
  const problems: string[] = [];
  for (const r of resources) {
    for (const [name, v] of Object.entries(r.definition.views ?? {})) {
      if (!viewName.test(name)) problems.push(`${r.name}.views.${name}: a view name is lower-case words joined by "-" (it is a path segment)`);
      if (typeof v.where !== 'function') problems.push(`${r.name}.views.${name}: where must be a function returning a row condition`);
      for (const dependency of v.dependsOn ?? []) {
        if (!names.has(dependency)) problems.push(`${r.name}.views.${name}: dependsOn names "${dependency}", which is not a declared resource`);
      }
    }
  }
  return problems;
}
