import type { ChangeKind } from './change.js';

// An alternation of plain names, `(price|volume|createdAt)`, as Rampart's sort parameter spells its keys.
const alternation = /\(([\w.]+(?:\|[\w.]+)*)\)/g;

function split(pattern: string): { skeleton: string; groups: string[][] } {
  const groups: string[][] = [];
  const skeleton = pattern.replace(alternation, (_, names: string) => {
    groups.push(names.split('|'));
    return '(…)';
  });
  return { skeleton, groups };
}

/**
 * Compares the `pattern` of an input before and after. A pattern added accepts less.
 * Regular expressions cannot be compared in general, so a changed one is breaking unless
 * it differs only in alternations of names (a sortable field added to `sort`'s pattern
 * widens it; one removed narrows it), which is how Rampart's own patterns change.
 *
 * @example
 * comparePatterns('^-?(a|b)$', '^-?(a|b|c)$', 'query parameter sort', report); // type-widened: now also accepts c
 */
export function comparePatterns(before: unknown, after: unknown, where: string, report: (kind: ChangeKind, reason: string) => void): void {
  const old = typeof before === 'string' ? before : undefined;
  const now = typeof after === 'string' ? after : undefined;
  if (old === now) return;
  if (now === undefined) return report('type-widened', `${where}: pattern dropped`);
  if (old === undefined) return report('type-narrowed', `${where}: pattern added (${now})`);
  const a = split(old);
  const b = split(now);
  if (a.skeleton !== b.skeleton || a.groups.length !== b.groups.length) {
    return report('type-narrowed', `${where}: pattern changed (${old} → ${now}); values the old one accepted may be refused`);
  }
  const removed = new Set<string>();
  const added = new Set<string>();
  a.groups.forEach((names, i) => {
    for (const name of names) if (!b.groups[i]!.includes(name)) removed.add(name);
    for (const name of b.groups[i]!) if (!names.includes(name)) added.add(name);
  });
  if (removed.size > 0) report('type-narrowed', `${where}: no longer accepts ${[...removed].join(', ')}`);
  if (added.size > 0) report('type-widened', `${where}: now also accepts ${[...added].join(', ')}`);
}
