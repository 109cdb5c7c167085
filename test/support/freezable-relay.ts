import { createServer, Socket } from 'node:net';

/** A TCP relay whose traffic can be stopped and resumed, as a frozen or partitioned server would behave. */
export interface FreezableRelay {
  readonly port: number;
  /** Connections currently relayed (each an accepted socket with its upstream). */
  readonly open: number;
  /**
   * Stops passing bytes both ways; connections stay open and new ones are accepted, as
   * the kernel does for a stopped process. `hold` keeps the bytes for the thaw (SIGSTOP
   * then SIGCONT); `drop` loses them (a partition, or a server that came back without
   * the connections' state), so a statement sent meanwhile is never answered.
   */
  freeze(mode?: 'hold' | 'drop'): void;
  /** Passes what was held back, then relays again. */
  resume(): void;
  close(): Promise<void>;
}

/**
 * Relays 127.0.0.1:<port> to `target` (PostgreSQL on 127.0.0.1:5432). Frozen, it reads
 * on and passes nothing, so the peers see what a SIGSTOP'd database or a link dropping
 * packets shows them: writes succeed, nothing comes back. Closing is
 * passed on at once, so a client that gives up on a connection frees it upstream, and
 * `open` counts the connections a client still holds.
 */
export async function freezableRelay(target: { host: string; port: number }): Promise<FreezableRelay> {
  let frozen: false | 'hold' | 'drop' = false;
  const held: (() => void)[] = [];
  const pairs = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(target.port, target.host);
    pairs.add(client);
    const relay = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (!frozen) to.write(chunk);
        else if (frozen === 'hold') held.push(() => to.write(chunk));
      });
      from.on('error', () => from.destroy());
      from.on('close', () => {
        to.destroy();
        pairs.delete(client);
      });
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    get open() {
      return pairs.size;
    },
    freeze(mode = 'hold') {
      frozen = mode;
    },
    resume() {
      frozen = false;
      for (const write of held.splice(0)) write();
    },
    async close() {
      for (const client of pairs) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
