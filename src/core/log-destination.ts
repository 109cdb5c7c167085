// sonic-boom is CommonJS: its class is a property of the module object.
import sonicBoom from 'sonic-boom';
import type { DestinationStream } from 'pino';

/** A log destination that writes in batches; pino calls `write` once per line. */
export interface BatchedDestination extends DestinationStream {
  /** Writes what is pending now (pino's `logger.flush`). */
  flush(callback?: (error?: Error) => void): void;
  /** Writes what is pending now. */
  flushSync(): void;
}

// A burst that outruns the event loop's turns still goes out in bounded writes.
const maxPendingChars = 64 * 1024;

const live = new Set<BatchedDestination>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Lines of the last turn before `process.exit` or a crash still go out.
  process.on('exit', () => {
    for (const destination of live) destination.flushSync();
  });
}

/**
 * Log lines to a file descriptor (stdout by default), written together at the end of
 * the event loop's turn that logged them: one write for all the requests a turn
 * finished, rather than one per line, and a lone line still shows at once.
 *
 * Batched here rather than with sonic-boom's own `minLength`, which measures its whole
 * pending text again on every line it appends (a `Buffer.byteLength` of a growing
 * string): 2.1 µs a line with 8 KiB pending, against 0.9 µs for pino's formatting plus
 * this list (measured). sonic-boom still does the writing: synchronously, so a reader
 * that stops reading slows the server rather than growing its memory without bound, and
 * retrying a full non-blocking pipe.
 *
 * @example
 * const logger = pino({ level: 'info' }, createBatchedDestination());
 */
export function createBatchedDestination(fd = 1): BatchedDestination {
  const out = new sonicBoom.SonicBoom({ fd, sync: true });
  let pending: string[] = [];
  let pendingChars = 0;
  let scheduled = false;
  const flushSync = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const batch = pending.join('');
    pending = [];
    pendingChars = 0;
    out.write(batch);
  };
  const destination: BatchedDestination = {
    write(line: string) {
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= maxPendingChars) flushSync();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flushSync);
      }
    },
    flush(callback) {
      flushSync();
      callback?.();
    },
    flushSync,
  };
  live.add(destination);
  installExitHook();
  return destination;
}
