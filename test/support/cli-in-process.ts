import { runCommand } from '../../src/cli/main.js';
import type { RunResult } from './processes.js';
import { root } from './processes.js';

/**
 * Runs a `rampart` command inside the test's own process, from `cwd`, with `env` over
 * this process's environment, and gives back what it printed and its exit code, as
 * `runCli` does for the bin. The commands are the same code either way (the bin runs
 * the compiled copy); run here, they count towards the suite's coverage. The tests keep
 * one run of each command through the bin, so the bin itself stays proven.
 *
 * The working folder, the environment (commands read .env into it), the console and the
 * standard streams are this process's: each is restored afterwards, and a test file's
 * tests run one at a time, so runs never overlap.
 */
export async function runInProcess(args: string[], env: Record<string, string> = {}, cwd = root): Promise<RunResult> {
  const saved = { cwd: process.cwd(), env: { ...process.env }, log: console.log, error: console.error, warn: console.warn, info: console.info };
  const writes = { out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  const toOut = (...parts: unknown[]) => void (stdout += `${parts.map(String).join(' ')}\n`);
  const toErr = (...parts: unknown[]) => void (stderr += `${parts.map(String).join(' ')}\n`);
  process.chdir(cwd);
  Object.assign(process.env, env);
  console.log = console.info = toOut;
  console.error = console.warn = toErr;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    const code = await runCommand(args);
    return { code, stdout, stderr };
  } finally {
    process.chdir(saved.cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
    Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn, info: saved.info });
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
}
