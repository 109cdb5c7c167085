/** One request of a load run; runs cycle through a list of them. */
export interface PreparedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** JSON text; sent with `content-type: application/json`. */
  body?: string;
}

/** The request as bytes on the wire (HTTP/1.1, keep-alive). */
export function wireRequest(host: string, request: PreparedRequest): Buffer {
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `host: ${host}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) {
    lines.push('content-type: application/json', `content-length: ${Buffer.byteLength(request.body)}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`, 'utf8');
}
