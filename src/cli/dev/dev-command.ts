import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watch } from 'chokidar';
import { stopSignals, stopWithLaunchers } from '../process/stop-with-launchers.js';

/** Folders whose changes never restart the app: installs, data, output, and what `dev` itself writes. */
const ignoredFolders = new Set(['node_modules', '.git', 'data', 'dist', 'coverage', 'migrations', 'test', 'tests', '.tmp']);
/** The files whose changes restart it: code, JSON (package.json, tsconfig), and `.env`. */
const watchedFile = /\.(?:[cm]?[jt]s|json)$/;
const testFile = /\.(?:test|spec)\.[cm]?[jt]s$/;

/** True when a change to `path` (relative to the watched folder) should restart the app. */
export function restartsOn(path: string): boolean {
  const parts = path.split(sep);
  if (parts.slice(0, -1).some((part) => ignoredFolders.has(part))) return false;
  const name = parts.at(-1) ?? '';
  if (name === '.env') return true;
  return watchedFile.test(name) && !testFile.test(name);
}

const cliBin = fileURLToPath(new URL('../../../bin/rampart.mjs', import.meta.url));
const say = (line: string) => process.stderr.write(`  rampart dev: ${line}\n`);

/**
 * `rampart dev [app.ts]`: serves the app as `rampart start` does, in a child process it
 * restarts when a file of the project changes. The child reads `.env` afresh at every
 * start, applies development migrations at boot (writing them under `migrations/`), and
 * prints the first screen (see first-screen.ts). An app that fails to start is reported
 * and restarted on the next change; the command ends on SIGINT, SIGTERM or SIGHUP,
 * passed on to the app once (the child has a process group of its own, so a terminal's
 * Ctrl-C reaches it through here only, and it drains instead of seeing a second signal).
 */
export async function dev(appPath = 'app.ts'): Promise<number> {
  const file = resolve(appPath);
  if (!existsSync(file)) throw new Error(`no app module at ${file}; pass its path, e.g. rampart dev src/app.ts`);
  const root = process.cwd();
  let child: ChildProcess | undefined;
  let stopping = false;
  let lastExit = 0;

  const startChild = () => {
    const started = spawn(process.execPath, [cliBin, 'start', appPath], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, RAMPART_DEV: '1', NODE_ENV: process.env.NODE_ENV ?? 'development' },
      detached: true,
    });
    child = started;
    started.once('exit', (code, signal) => {
      if (child === started) child = undefined;
      lastExit = code ?? (signal ? 1 : 0);
      if (!stopping && !restarting) say(`the app stopped (${signal ?? `exit ${code}`}); fix what it says above and save a file: it restarts on the next change`);
      exited?.();
    });
  };

  let exited: (() => void) | undefined;
  const stopChild = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((done) => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return done();
      exited = () => {
        clearTimeout(force);
        exited = undefined;
        done();
      };
      running.kill(signal);
      // A restart should not wait on a hung shutdown for long.
      const force = setTimeout(() => running.kill('SIGKILL'), 10_000);
    });

  let restarting = false;
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  const restart = () => {
    timer = undefined;
    if (stopping || restarting) return;
    restarting = true;
    say(`${[...changed].join(', ')} changed: restarting`);
    changed.clear();
    void stopChild().then(() => {
      restarting = false;
      if (!stopping) startChild();
    });
  };

  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (path) => {
      const rel = relative(root, path);
      return rel !== '' && rel.split(sep).some((part) => ignoredFolders.has(part));
    },
  });
  watcher.on('all', (_event, path) => {
    const rel = relative(root, path);
    if (!restartsOn(rel)) return;
    changed.add(rel || basename(path));
    clearTimeout(timer);
    // Editors save in bursts (temp file, rename, chmod): one restart per burst.
    timer = setTimeout(restart, 150);
  });
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  startChild();
  // `npm run dev` dies of some signals without passing them on: stop with it (see there).
  const unwatch = stopWithLaunchers({ onExit: () => say('the process that started rampart dev exited; stopping') });

  return new Promise<number>((finish) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second signal: the person insists.
        child?.kill('SIGKILL');
        return;
      }
      stopping = true;
      unwatch();
      clearTimeout(timer);
      void stopChild(signal).then(async () => {
        for (const s of stopSignals) process.off(s, onSignal);
        await watcher.close();
        finish(lastExit);
      });
    };
    for (const signal of stopSignals) process.on(signal, onSignal);
  });
}
