import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { launchers } from './launchers.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
function sleeper(options: { detached?: boolean } = {}): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore', ...options });
  children.push(child);
  return child.pid!;
}

describe.runIf(existsSync('/proc/self/stat'))('launchers', () => {
  it('are the ancestors in the process group, nearest first', () => {
    const pid = sleeper();
    expect(launchers(pid)[0]).toBe(process.pid);
    expect(launchers(pid).slice(1)).toEqual(launchers());
  });

  it('are none for a process that leads its own group (a shell job, systemd, setsid)', () => {
    const pid = sleeper({ detached: true });
    expect(launchers(pid)).toEqual([]);
  });
});
