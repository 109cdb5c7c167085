/** Words of a kebab-case, snake_case or camelCase name. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/**
 * `order-items` → `OrderItems`.
 *
 * @example
 * pascalCase('order-items'); // 'OrderItems'
 */
export function pascalCase(text: string): string {
  return words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

// Plurals that the suffix rules below would get wrong; resource names are plural nouns.
const irregular: Record<string, string> = {
  people: 'person',
  children: 'child',
  statuses: 'status',
  data: 'data',
  media: 'media',
  news: 'news',
  series: 'series',
  species: 'species',
};

/**
 * A best-effort singular of a plural resource name, for schema names and operation
 * ids: `markets` → `market`, `categories` → `category`, `order-items` → `order-item`.
 * Only the last word changes. Words that do not look plural are kept as they are.
 *
 * @example
 * singular('categories'); // 'category'
 */
export function singular(name: string): string {
  const match = /^(.*?)([a-z0-9]+)$/.exec(name);
  const [, head = '', last = name] = match ?? [];
  const word =
    irregular[last] ??
    (/[^aeiou]ies$/.test(last)
      ? last.slice(0, -3) + 'y'
      : /(ss|x|ch|sh|zz)es$/.test(last)
        ? last.slice(0, -2)
        : /[^su]s$/.test(last)
          ? last.slice(0, -1)
          : last);
  return head + word;
}

/**
 * Hands out operation ids, unique within one document: a clash gets a numeric suffix
 * so that the document stays valid even for odd declarations.
 *
 * @example
 * const ids = new OperationIds();
 * ids.take('listMarkets'); // 'listMarkets'
 * ids.take('listMarkets'); // 'listMarkets2'
 */
export class OperationIds {
  private readonly taken = new Set<string>();

  take(id: string): string {
    let candidate = id;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${id}${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/**
 * The operation id of a custom route: the method, then the path words after the
 * `/api/v<n>` prefix, with parameters as `By<Name>`.
 *
 * @example
 * routeOperationId('GET', '/api/v1/markets/:id/summary'); // 'getMarketsByIdSummary'
 */
export function routeOperationId(method: string, path: string): string {
  const segments = path
    .replace(/^\/api\/v\d+(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? `By${pascalCase(s.slice(1).replace(/\(.*$/, ''))}` : pascalCase(s)));
  return method.toLowerCase() + (segments.join('') || 'Root');
}

/** How a resource is named in the document. */
export interface ResourceNaming {
  /** Schema name and operation id stem for one record, e.g. `Market`. */
  one: string;
  /** Operation id stem for many, e.g. `Markets`. */
  many: string;
  /** Words for summaries, e.g. `order item` and `order items`. */
  noun: string;
  nouns: string;
}

/**
 * Names every resource. When two resources would share a singular (`status` and
 * `statuses`), both keep their plural so that schema names never collide.
 *
 * @example
 * nameResources([markets]).get(markets); // { one: 'Market', many: 'Markets', noun: 'market', nouns: 'markets' }
 */
export function nameResources<R extends { name: string }>(resources: readonly R[]): Map<R, ResourceNaming> {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(singular(r.name), (counts.get(singular(r.name)) ?? 0) + 1);
  return new Map(
    resources.map((r) => {
      const one = counts.get(singular(r.name)) === 1 ? singular(r.name) : r.name;
      return [r, { one: pascalCase(one), many: pascalCase(r.name), noun: words(one).join(' '), nouns: words(r.name).join(' ') }];
    }),
  );
}
