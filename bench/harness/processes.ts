import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/*
 * Server processes: started, waited for, measured (RSS) and stopped. Every child is
 * registered, and whatever ends this process (normal exit, error, Ctrl-C, the
 * deadline) kills the ones still running, so a benchmark never leaves servers behind.
 */

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

let installed = false;

/** Installs the exit hooks once: kill every child on exit, signal or crash. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping the servers`);
      killAll();
      process.exit(130);
    });
  }
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A running server. */
export interface RunningServer {
  readonly name: string;
  readonly origin: string;
  readonly pid: number;
  /** Resident memory now, in MB (Linux /proc; 0 elsewhere). */
  rssMb(): number;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** What to start. */
export interface ServerSpec {
  name: string;
  argv: string[];
  env: Record<string, string>;
  port: number;
  /** A GET path that answers 200 once the server is ready. */
  readyPath: string;
  /** Working directory (default: this process's). */
  cwd?: string;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 102.4) / 10 : 0;
  } catch {
    return 0;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts a server (stdout, where Rampart's JSON logs go, to /dev/null; the end of
 * stderr kept for error messages) and resolves once `readyPath` answers 200.
 */
export async function startServer(spec: ServerSpec, timeoutMs = 30_000): Promise<RunningServer> {
  const [command, ...args] = spec.argv as [string, ...string[]];
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(command, args, { cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', devNull, 'pipe'] });
  closeSync(devNull);
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let exited: number | null | undefined;
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exited = code;
      children.delete(child);
      resolve();
    });
  });
  const origin = `http://127.0.0.1:${spec.port}`;
  const started = Date.now();
  while (!(await answers(origin + spec.readyPath))) {
    if (exited !== undefined) throw new Error(`${spec.name} exited with code ${exited} before answering:\n${stderr}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${spec.name} did not answer ${spec.readyPath} within ${timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  return {
    name: spec.name,
    origin,
    pid,
    rssMb: () => rssOf(pid),
    async stop(graceMs = 8000) {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}
