import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineConfig, type BaselineConfig } from './config.js';

/** A baseline listening, as its start function returns it (the parity test starts them in-process). */
export interface RunningBaseline {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export type StartBaseline = (config: BaselineConfig) => Promise<RunningBaseline>;

/**
 * Runs `start` with the configuration from the environment when `moduleUrl` is the
 * script node was asked to run (the benchmark starts baselines as processes), and
 * closes it on SIGTERM or SIGINT.
 */
export async function serveWhenMain(moduleUrl: string, start: StartBaseline): Promise<void> {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  const running = await start(baselineConfig());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void running.close().then(() => process.exit(0)));
  }
}

/** The URL a server listening on `address` answers on. */
export function urlOf(address: string | { port: number } | null): string {
  if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
  return `http://127.0.0.1:${address.port}`;
}
