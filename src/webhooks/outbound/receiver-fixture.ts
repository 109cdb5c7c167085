import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A real HTTP server on loopback for outbound-webhook tests: it records every request
 * and counts every TCP connection, so a test can prove that a refused target was never
 * even connected to.
 */

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running test receiver. */
export interface Receiver {
  readonly port: number;
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Answers one request; the body is already read into `received.body`. */
export type ReceiverHandler = (received: ReceivedRequest, res: ServerResponse, req: IncomingMessage) => void;

const ok: ReceiverHandler = (_received, res) => {
  res.writeHead(204).end();
};

/**
 * Starts a receiver on `host` (default 127.0.0.1) at a free port.
 *
 * @example
 * const receiver = await startReceiver((req, res) => res.writeHead(503, { 'retry-after': '7' }).end());
 * // ... deliver to receiver.url ...
 * await receiver.close();
 */
export async function startReceiver(handler: ReceiverHandler = ok, host = '127.0.0.1'): Promise<Receiver> {
  let connections = 0;
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      handler(received, res, req);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
