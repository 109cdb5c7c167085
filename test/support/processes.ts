import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = fileURLToPath(new URL('../../bin/rampart.mjs', import.meta.url));

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The time one spawned process may take to do its work: generous, because on a loaded
 * 2-core machine (CI, other suites) starting Node, tsx and the app takes seconds rather
 * than the half second it takes alone. Tests that spawn processes set their timeout
 * from it (`{ timeout: processTimeoutMs * n }`), and each wait below gives up on its own
 * before that with the process's output, so a slow machine fails with a reason.
 */
export const processTimeoutMs = 45_000;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `rampart` bin to completion (from `cwd`, default the repository); killed after `processTimeoutMs`. */
export function runCli(args: string[], env: Record<string, string>, stdin = '', cwd = root): Promise<RunResult> {
  return runNode([bin, ...args], { env, stdin, cwd, name: `rampart ${args.join(' ')}` });
}

/** Runs `node <args>` to completion, with `env` over this process's; killed after `processTimeoutMs`. */
export function runNode(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; cwd?: string; name?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? root, env: { ...process.env, ...options.env } });
    child.stdin.end(options.stdin ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name ?? args.join(' ')} still running after ${processTimeoutMs} ms:\n${stdout}${stderr}`));
    }, processTimeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A server process: the spawned child (maybe a wrapper such as npx), the server's own pid, and its output. */
export interface RunningServer {
  child: ChildProcess;
  port: number;
  /** The pid of the process serving, from its "Server listening" log line. */
  pid: number;
  output: () => string;
}

/**
 * Spawns `command args` (a `rampart start`, or a wrapper around one) with PORT and HOST
 * set, and resolves once the server listens: on its "Server listening" log line, or
 * (with LOG_LEVEL above info) once /health/live answers, asked four times a second.
 */
export async function spawnServer(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = root,
  options: { detached?: boolean } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd,
    // A process group of its own: a test can then signal the whole command line, as a
    // terminal's Ctrl-C does (process.kill(-child.pid, 'SIGINT')).
    detached: options.detached ?? false,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1', ...env },
  });
  let output = '';
  let settled = false;
  const listenLine = () => /^\{.*"msg":"Server listening at .*$/m.exec(output)?.[0];
  const listening = new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`server did not start in ${processTimeoutMs} ms:\n${output}`)), processTimeoutMs);
    const onData = (c: Buffer) => {
      output += c.toString();
      if (listenLine()) finish();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => finish(new Error(`server exited early (${code ?? signal}):\n${output}`)));
    void (async () => {
      while (!settled) {
        await new Promise((r) => setTimeout(r, 250));
        if (!settled && (await get(port, '/health/live').then((r) => r.status === 200, () => false))) finish();
      }
    })();
  });
  try {
    await listening;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const line = listenLine();
  const pid = line ? (JSON.parse(line) as { pid: number }).pid : child.pid!;
  return { child, port, pid, output: () => output };
}

/** Starts `rampart start <app>` (from `cwd`, default the repository) and resolves once it listens. */
export function startServer(app: string, env: Record<string, string>, cwd = root): Promise<RunningServer> {
  return spawnServer(process.execPath, [bin, 'start', app], env, cwd);
}

/** Resolves once no process has this pid; rejects after `timeoutMs`. */
export async function gone(pid: number, timeoutMs = processTimeoutMs / 3): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface HttpResult {
  status: number;
  body: string;
}

/** One GET on a fresh connection (no keep-alive), so each request is its own accept. */
export function get(port: number, path: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let started = false;
    // Marks whether the failure cut a response short, or happened before any answer.
    const fail = (error: Error) => reject(Object.assign(error, { responseStarted: started }));
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      started = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.complete ? resolve({ status: res.statusCode ?? 0, body }) : fail(new Error('response cut short'))));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** Resolves with the exit code once the process ends. */
export function exited(child: ChildProcess): Promise<number | null> {
  // A process ended by a signal has no exit code, only a signal code.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** SIGKILL, as a crash would; resolves once the process is gone (at once if it already is). */
export async function killNow(child: ChildProcess): Promise<void> {
  const done = exited(child);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await done;
}

/** One JSON POST on a fresh connection. */
export function post(port: number, path: string, body: unknown): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
