import { createServer, Socket } from 'node:net';

/** A TCP relay that can be cut and restored, as a database that goes down and comes back. */
export interface CuttableRelay {
  readonly port: number;
  /** Ends every relayed connection and refuses new ones (accepted, then reset at once). */
  cut(): void;
  /** Relays new connections again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Relays 127.0.0.1:<port> to `target` (PostgreSQL on 127.0.0.1:5432). Cut, the client
 * sees what a restarting server shows: its open connections drop mid-use and new ones
 * close before the first byte, each failing at once rather than after a timeout.
 */
export async function cuttableRelay(target: { host: string; port: number }): Promise<CuttableRelay> {
  let cut = false;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = new Socket();
    track(upstream);
    upstream.connect(target.port, target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
