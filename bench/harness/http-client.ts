import { connect, type Socket } from 'node:net';

/*
 * A minimal HTTP/1.1 keep-alive connection for latency runs: it writes prepared request
 * bytes and frames responses by Content-Length (or a chunked terminator), with
 * microsecond timing. Autocannon measures peak throughput; its latency histogram has
 * whole-millisecond buckets, too coarse for sub-millisecond routes, and its rate option
 * does not pace requests evenly (see paced-load.ts), so latency runs use this instead.
 */

const headerEnd = Buffer.from('\r\n\r\n');
const chunkedEnd = Buffer.from('\r\n0\r\n\r\n');
const contentLength = /\r\ncontent-length:\s*(\d+)/i;
const chunked = /\r\ntransfer-encoding:\s*chunked/i;

/** One connection carrying one request at a time. */
export class HttpConnection {
  private readonly socket: Socket;
  private buffer: Buffer | null = null;
  private onResponse: ((status: number) => void) | null = null;
  private onFailure: ((error: Error) => void) | null = null;
  private closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Opens a connection to 127.0.0.1:`port`. */
  static open(port: number): Promise<HttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new HttpConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one request; resolves with the status once the whole response has arrived. */
  send(bytes: Buffer): Promise<number> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      this.onResponse = resolve;
      this.onFailure = reject;
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.closed = true;
    const failure = this.onFailure;
    this.onResponse = this.onFailure = null;
    failure?.(error);
  }

  private receive(chunk: Buffer): void {
    const data = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    const end = data.indexOf(headerEnd);
    if (end < 0) {
      this.buffer = data;
      return;
    }
    const head = data.toString('latin1', 0, end);
    const bodyStart = end + 4;
    let total: number;
    const length = contentLength.exec(head);
    if (length) total = bodyStart + Number(length[1]);
    else if (chunked.test(head)) {
      const last = data.indexOf(chunkedEnd, bodyStart - 2);
      if (last < 0) {
        this.buffer = data;
        return;
      }
      total = last + chunkedEnd.length;
    } else total = bodyStart;
    if (data.length < total) {
      this.buffer = data;
      return;
    }
    // One request at a time: nothing may follow the response.
    this.buffer = null;
    const done = this.onResponse;
    this.onResponse = this.onFailure = null;
    done?.(Number(head.slice(9, 12)));
  }
}
