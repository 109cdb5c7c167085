/**
 * What a resource or route declares for `rampart audit`: the checks it is exempt from,
 * each with the reason, next to the code it excuses, so a reviewer reads both together.
 * A waiver without a reason, or naming an unknown check, is itself an error (RA019);
 * one that excuses nothing is reported (RA020) so stale waivers do not pile up.
 *
 * @example
 * resource('contact-messages', {
 *   fields,
 *   access: { create: allow.public, list: allow.role('admin') },
 *   audit: { waive: { RA002: 'the contact form is for visitors without an account' } },
 * });
 */
export interface AuditDeclaration {
  /** Check id → why it does not apply here, e.g. `{ RA010: 'at most a few hundred rows' }`. */
  waive?: Readonly<Record<string, string>>;
}
