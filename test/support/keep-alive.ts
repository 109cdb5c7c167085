import { request, type Agent, type IncomingHttpHeaders } from 'node:http';

/** The answer to one request made through a keep-alive agent. */
export interface KeepAliveResult {
  status: number;
  body: string;
  /** The response's `Connection` header: `close` tells the client not to reuse it. */
  connection: string | undefined;
  /** Whether the request went out on a connection an earlier request had opened. */
  reusedSocket: boolean;
  headers: IncomingHttpHeaders;
}

/**
 * One GET through `agent`, which keeps connections open between requests and reuses
 * them, as load balancers, proxies and undici (fetch) do; `get` in processes.ts opens a
 * fresh connection for each request instead.
 *
 * @example
 * const agent = new Agent({ keepAlive: true });
 * const result = await getWith(agent, port, '/api/v1/slow');
 */
export function getWith(agent: Agent, port: number, path: string): Promise<KeepAliveResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        if (!res.complete) return reject(new Error('response cut short'));
        resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection, reusedSocket: req.reusedSocket, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
