import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

/** What the results were measured on. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started and ended (other work on the machine shows here). */
  loadAverage: { start: number; end?: number };
  pinning: string;
  commit: string;
  date: string;
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench', 'examples'], { encoding: 'utf8' }).trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(pinning: string): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    // cpus(), not availableParallelism(): the latter counts only the cores this (pinned) process may use.
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAverage: { start: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    pinning,
    commit: commit(),
    date: new Date().toISOString(),
  };
}

export function finishMachine(machine: Machine): void {
  machine.loadAverage.end = Math.round((loadavg()[0] ?? 0) * 100) / 100;
}
