import type { ChangeKind } from './change.js';
import { isObject } from './schema-shape.js';

type Report = (kind: ChangeKind, reason: string) => void;

/** `any(owner, role(admin))` → `{ name: 'any', args: ['owner', 'role(admin)'] }`. */
function parseRule(rule: string): { name: string; args: string[] } {
  const open = rule.indexOf('(');
  if (open < 0 || !rule.endsWith(')')) return { name: rule, args: [] };
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = start; i < rule.length - 1; i++) {
    const c = rule[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      args.push(rule.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(rule.slice(start, rule.length - 1).trim());
  return { name: rule.slice(0, open), args };
}

/** The callers a rule lets in, as alternatives: `any(a, b)` and `role(x, y)` are each of theirs. */
function alternatives(rule: string): string[] {
  const { name, args } = parseRule(rule);
  if (name === 'any') return args.flatMap(alternatives);
  if (name === 'role' && args.length > 1) return args.map((r) => `role(${r})`);
  return [rule];
}

/** What a rule demands at once: `all(a, b)` demands each. */
function conditions(rule: string): string[] {
  const { name, args } = parseRule(rule);
  return name === 'all' ? args.flatMap(conditions) : [rule];
}

const rank = (rule: string) => (rule === 'public' ? 0 : rule === 'authenticated' ? 1 : 2);
const subset = (a: string[], b: string[]) => a.every((x) => b.includes(x));

/**
 * Compares the access rules (`x-rampart-access`) of an operation: public lets in anyone,
 * authenticated any signed-in user, any other rule fewer. Between two such rules, one
 * that drops alternatives of an `any(...)` (or a role) or adds conditions to an
 * `all(...)` is stricter, the reverse looser; any other change is reported as stricter,
 * since nothing shows it lets in every caller it did.
 *
 * @example
 * compareAccess('any(owner, role(admin))', 'owner', report); // access-stricter
 */
export function compareAccess(before: unknown, after: unknown, report: Report): void {
  if (typeof before !== 'string' || typeof after !== 'string' || before === after) return;
  const text = `${before} → ${after}`;
  if (rank(after) !== rank(before)) {
    return report(rank(after) > rank(before) ? 'access-stricter' : 'access-looser', `access rule ${text}`);
  }
  const [oldAny, newAny] = [alternatives(before), alternatives(after)];
  if (subset(newAny, oldAny) && newAny.length < oldAny.length) return report('access-stricter', `access rule ${text}: fewer alternatives`);
  if (subset(oldAny, newAny) && newAny.length > oldAny.length) return report('access-looser', `access rule ${text}: more alternatives`);
  const [oldAll, newAll] = [conditions(before), conditions(after)];
  if (subset(oldAll, newAll) && newAll.length > oldAll.length) return report('access-stricter', `access rule ${text}: more conditions`);
  if (subset(newAll, oldAll) && newAll.length < oldAll.length) return report('access-looser', `access rule ${text}: fewer conditions`);
  report('access-stricter', `access rule ${text}: a different rule, which may refuse callers the old one let in`);
}

const unitMs: Record<string, number> = { ms: 1, millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `'1 minute'` → 60000; undefined when the text is not one Rampart writes. */
function windowMs(text: unknown): number | undefined {
  if (typeof text === 'number') return text;
  const match = typeof text === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|seconds?|minutes?|hours?|days?)\s*$/i.exec(text) : null;
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase().replace(/s$/, '');
  return Number(match[1]) * unitMs[unit === 'm' ? 'ms' : unit]!;
}

/** Requests a minute per signed-in user and per address, from `x-rampart-rate-limit`. */
function rates(note: unknown): { user: number; ip: number; text: string } | undefined {
  if (!isObject(note)) return undefined;
  if (note.budget === 'none') return { user: Infinity, ip: Infinity, text: 'none' };
  if (note.budget === 'global' && typeof note.perUser === 'number' && typeof note.perIp === 'number') {
    return { user: note.perUser, ip: note.perIp, text: `${note.perUser}/min per user, ${note.perIp}/min per address (global)` };
  }
  const ms = windowMs(note.timeWindow);
  if (note.budget === 'operation' && typeof note.max === 'number' && ms) {
    const perMinute = (note.max * 60_000) / ms;
    return { user: perMinute, ip: perMinute, text: `${note.max} per ${String(note.timeWindow)}` };
  }
  return undefined;
}

/**
 * Compares the request budgets (`x-rampart-rate-limit`) of an operation, per minute, for
 * signed-in users and for addresses: fewer requests for either is `limit-lowered`.
 *
 * @example
 * compareRateLimits({ budget: 'operation', max: 10, timeWindow: '1 minute' }, { budget: 'operation', max: 5, timeWindow: '1 minute' }, report);
 */
export function compareRateLimits(before: unknown, after: unknown, report: Report): void {
  const old = rates(before);
  const now = rates(after);
  if (!old || !now || (old.user === now.user && old.ip === now.ip)) return;
  const text = `rate limit ${old.text} → ${now.text}`;
  if (now.user < old.user || now.ip < old.ip) report('limit-lowered', text);
  else report('limit-raised', text);
}
