import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/*
 * Core pinning. Servers run on core 0 and the load generator (this process) on core 1,
 * so the generator never steals CPU from the server it measures. It needs taskset
 * (util-linux) and two cores; without either, everything shares the cores the OS
 * gives, and the results say so.
 */

/** The cores servers and the load generator use, or null when pinning is unavailable. */
export interface Pinning {
  server: number;
  generator: number;
}

function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Pins every thread of this process to the generator core (threads made later, such as
 * libuv's pool, inherit it). Returns the pinning, or null with the reason why not.
 */
export function pinGenerator(): { pinning: Pinning | null; note: string } {
  if (availableParallelism() < 2) return { pinning: null, note: 'one core: server and load generator share it' };
  if (!hasTaskset()) return { pinning: null, note: 'taskset not found: server and load generator not pinned' };
  const pinning = { server: 0, generator: 1 };
  const result = spawnSync('taskset', ['-a', '-p', '-c', String(pinning.generator), String(process.pid)], { stdio: 'ignore' });
  if (result.status !== 0) return { pinning: null, note: 'taskset failed: server and load generator not pinned' };
  return { pinning, note: `server on core ${pinning.server}, load generator on core ${pinning.generator} (taskset)` };
}

/**
 * Moves a running process, every thread of it, to the server core. Servers boot on all
 * cores (several boot at once, and compiling TypeScript at boot is the slow part) and
 * are pinned once they answer, before anything is measured.
 */
export function pinServer(pinning: Pinning | null, pid: number): void {
  if (!pinning) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', String(pinning.server), String(pid)], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`taskset could not pin process ${pid} to core ${pinning.server}`);
}
