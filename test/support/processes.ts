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

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `rampart` bin to completion. */
export function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env } });
    child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `rampart start <app>` (from `cwd`, default the repository) and resolves once it answers /health/live. */
export async function startServer(
  app: string,
  env: Record<string, string>,
  cwd = root,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'start', app], {
    cwd,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1', ...env },
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const ok = await get(port, '/health/live').then((r) => r.status === 200, () => false);
    if (ok) return { child, port, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
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
