import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/*
 * argon2 on threads of its own, at a lower CPU priority than the event loop.
 *
 * A login's hash takes milliseconds of CPU. Run on libuv's pool at the same priority as
 * the event loop, it takes turns with it on a busy core, and every request served
 * meanwhile waits for a scheduler slice: on one core, S2's p99 with logins running was
 * 2.2-3.3 times its p99 without. On these threads, niced by 10 (Linux, where nice is per
 * thread), the event loop takes the core whenever it has work, and hashing gets the
 * rest, about a tenth of the core when requests keep it fully busy.
 *
 * At most one hash per CPU the process may use runs at a time (read at every hash, so it
 * follows an affinity set later); the rest wait in order. Several hashes at once on one
 * core evict each other's memory from the CPU caches: measured one at a time 130-157
 * verifications a second, two or four at once 92-96. It also bounds the memory hashes
 * hold.
 *
 * Hand-written over worker_threads rather than with a pool library: the worker is a few
 * lines of CommonJS run from a string, so it needs no file of its own, which the built
 * package and the TypeScript sources under test would each have to provide.
 */

/** The nice value of hashing threads (0 is the event loop's; 19 the lowest priority). */
export const hashThreadNice = 10;

type Operation = 'hash' | 'verify';

interface Task {
  operation: Operation;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const argon2 = require(workerData.argon2);
// Linux keeps a nice value per thread, so this lowers this thread only; elsewhere it
// would lower the whole process, event loop included.
if (process.platform === 'linux') require('node:os').setPriority(workerData.nice);
parentPort.on('message', ({ operation, args }) => {
  try {
    const value = operation === 'hash' ? argon2.hashSync(...args) : argon2.verifySync(...args);
    parentPort.postMessage({ value });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

const argon2Path = createRequire(import.meta.url).resolve('@node-rs/argon2');

const queue: Task[] = [];
const idle: Worker[] = [];
const running = new Map<Worker, Task>();

function settle(worker: Worker, outcome: { value?: unknown; error?: string }): void {
  const task = running.get(worker);
  running.delete(worker);
  // An idle hashing thread does not keep the process alive; a running one does, as
  // libuv's pool would.
  worker.unref();
  if (task) {
    if (outcome.error !== undefined) task.reject(new Error(outcome.error));
    else task.resolve(outcome.value);
  }
  idle.push(worker);
  pump();
}

function spawn(): Worker {
  // No inherited Node flags: `--input-type=module` would make the CommonJS source ESM.
  const worker = new Worker(workerSource, { eval: true, execArgv: [], workerData: { argon2: argon2Path, nice: hashThreadNice } });
  worker.on('message', (outcome: { value?: unknown; error?: string }) => settle(worker, outcome));
  worker.on('error', (error) => {
    const task = running.get(worker);
    running.delete(worker);
    task?.reject(error);
  });
  worker.on('exit', () => {
    const task = running.get(worker);
    running.delete(worker);
    task?.reject(new Error('password hashing thread exited'));
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
    pump();
  });
  return worker;
}

function pump(): void {
  const cpus = Math.max(1, availableParallelism());
  while (queue.length > 0 && running.size < cpus) {
    let worker: Worker;
    try {
      worker = idle.pop() ?? spawn();
    } catch (error) {
      // No thread to be had (resource limits): the waiting hashes fail rather than hang.
      for (const task of queue.splice(0)) task.reject(error as Error);
      return;
    }
    const task = queue.shift() as Task;
    running.set(worker, task);
    worker.ref();
    worker.postMessage({ operation: task.operation, args: task.args });
  }
  // Threads beyond the CPUs now usable end rather than wait idle.
  while (idle.length > 0 && idle.length + running.size > cpus) void (idle.pop() as Worker).terminate();
}

/**
 * Runs argon2's `hashSync` or `verifySync` with `args` on a hashing thread.
 *
 * @example
 * const ok = (await onHashThread('verify', [stored, password])) as boolean;
 */
export function onHashThread(operation: Operation, args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    queue.push({ operation, args, resolve, reject });
    pump();
  });
}

/** Hashes running and waiting now (for tests and diagnostics). */
export function hashThreadActivity(): { running: number; waiting: number } {
  return { running: running.size, waiting: queue.length };
}
