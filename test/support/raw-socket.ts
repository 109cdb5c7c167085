import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 response as read off the wire. */
export interface RawResponse {
  status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/**
 * A raw TCP connection to a listening server: what is written goes out byte for byte
 * (malformed requests, bodies held back, pipelining), and responses are read one at a
 * time as they arrive. Responses must carry Content-Length, as every Rampart answer does.
 *
 * @example
 * const conn = await RawConnection.open(port);
 * conn.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
 * const res = await conn.next(); // { status: 200, ... }
 */
export class RawConnection {
  private buffer = '';
  private ended = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake?.();
    });
    const end = () => {
      this.ended = true;
      this.wake?.();
    };
    socket.on('end', end);
    socket.on('close', end);
    // A reset after the answer (the server closing on an unread body) is an end, not a failure.
    socket.on('error', end);
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Whether the server has closed the connection. */
  get closed(): boolean {
    return this.ended;
  }

  /** The next complete response; rejects after `timeoutMs` or when the connection ends first. */
  async next(timeoutMs = 3000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.take();
      if (parsed) return parsed;
      if (this.ended) throw new Error(`connection ended before a full response: ${JSON.stringify(this.buffer.slice(0, 200))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Waits until the server closes the connection (or `timeoutMs` passes); true if it did. */
  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return this.ended;
  }

  close(): void {
    this.socket.destroy();
  }

  private take(): RawResponse | undefined {
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd === -1) return undefined;
    const [statusLine = '', ...lines] = this.buffer.slice(0, headEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = headEnd + 4;
    if (this.buffer.length < bodyStart + length) return undefined;
    const body = Buffer.from(this.buffer.slice(bodyStart, bodyStart + length), 'latin1').toString('utf8');
    this.buffer = this.buffer.slice(bodyStart + length);
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }
}
