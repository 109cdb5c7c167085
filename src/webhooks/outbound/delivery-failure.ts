/** Why an outbound delivery failed, as a stable word for logs, tests and the delivery log. */
export type DeliveryErrorKind =
  /** Not an absolute http: or https: URL; nothing was sent. */
  | 'invalid_url'
  /** The host is, or resolves to, an address the SSRF policy refuses; nothing was sent. */
  | 'address_refused'
  /** The host name did not resolve. */
  | 'dns'
  /** No connection within the connect timeout (DNS included). */
  | 'connect_timeout'
  /** The whole response did not arrive within the response timeout. */
  | 'response_timeout'
  /** The connection failed or broke (refused, reset, TLS error). */
  | 'network'
  /** The receiver answered 3xx; redirects are never followed. */
  | 'redirect'
  /** The receiver answered outside 2xx and 3xx. */
  | 'http_status';

/**
 * A failed delivery step, carried from where it happens to `deliver`, which turns it
 * into a result (deliver never throws for network outcomes).
 *
 * @example
 * throw new DeliveryFailure('address_refused', '10.0.0.1 is a private address');
 */
export class DeliveryFailure extends Error {
  readonly kind: DeliveryErrorKind;

  constructor(kind: DeliveryErrorKind, message: string) {
    super(message);
    this.name = 'DeliveryFailure';
    this.kind = kind;
  }
}
