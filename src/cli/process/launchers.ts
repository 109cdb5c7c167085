import { readFileSync } from 'node:fs';

/** A process's parent and process group from /proc (Linux); null when unreadable. */
function statOf(pid: number): { ppid: number; pgrp: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command name, is in parentheses and may itself hold spaces and ')'.
    const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), pgrp: Number(pgrp) };
  } catch {
    return null;
  }
}

/**
 * The processes that launched this one: its ancestors inside its own process group,
 * nearest first (e.g. `sh -c`, then npm, for `npx rampart start`). The process group is
 * the unit a shell's job control and a terminal signal, so these are the wrappers of one
 * command line, not the interactive shell or the service manager above them (a command
 * started from a shell, by systemd or with `setsid` leads a group of its own and has
 * none). Empty where /proc is missing (not Linux).
 *
 * @example
 * launchers(); // [4102 (sh), 4090 (npm exec)]
 */
export function launchers(pid = process.pid): number[] {
  const self = statOf(pid);
  const chain: number[] = [];
  if (!self) return chain;
  for (let current = self.ppid; current > 1; ) {
    const stat = statOf(current);
    if (!stat || stat.pgrp !== self.pgrp) break;
    chain.push(current);
    current = stat.ppid;
  }
  return chain;
}
