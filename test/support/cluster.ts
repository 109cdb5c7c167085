import { spawn, type ChildProcess } from 'node:child_process';
import { bin, freePort, root } from './processes.js';

/** A running `rampart start --workers N` and what it has printed. */
export interface RunningCluster {
  child: ChildProcess;
  port: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines printed so far (workers and primary share stdout). */
  entries(): Record<string, unknown>[];
  /** Resolves once `test` holds for the log lines; rejects after `timeoutMs`. */
  waitFor(test: (entries: Record<string, unknown>[]) => boolean, timeoutMs?: number): Promise<void>;
}

/** Options of {@link startCluster}. */
export interface StartClusterOptions {
  /**
   * Runs the cluster in a process group of its own (pgid = `child.pid`), so a test can
   * signal primary and workers at once with `process.kill(-child.pid, signal)`, as
   * systemd and Heroku do; the test's own group is left alone.
   */
  detached?: boolean;
}

/** Starts `rampart start <app> --workers <workers>` and resolves once that many workers listen. */
export async function startCluster(app: string, workers: number, env: Record<string, string>, options: StartClusterOptions = {}): Promise<RunningCluster> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'start', app, '--workers', String(workers)], {
    cwd: root,
    detached: options.detached ?? false,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1', ...env },
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const entries = () =>
    output.split('\n').flatMap((line) => {
      try {
        return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  const waitFor = async (test: (entries: Record<string, unknown>[]) => boolean, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test(entries())) {
      if (child.exitCode !== null) throw new Error(`rampart exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting on the log:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const cluster = { child, port, output: () => output, entries, waitFor };
  try {
    await waitFor((lines) => lines.filter((e) => e.msg === 'worker listening').length >= workers);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return cluster;
}

/** Whether a process with this pid is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
