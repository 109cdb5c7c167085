import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { checkGithubSignature, githubVerifier } from './github-verifier.js';

const secret = "It's a Secret to Everybody";
// GitHub's documented example: this secret and body give this signature.
const documented = {
  body: 'Hello, World!',
  signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
};

describe('GitHub signatures', () => {
  it("accepts GitHub's documented example", () => {
    expect(checkGithubSignature({ secret, header: documented.signature, rawBody: Buffer.from(documented.body) })).toEqual({ ok: true });
  });

  it.each([
    ['no header', undefined, 'missing X-Hub-Signature-256 header'],
    ['a SHA-1 style header', 'sha1=' + 'a'.repeat(40), 'malformed X-Hub-Signature-256 header'],
    ['a bare hex digest', documented.signature.slice('sha256='.length), 'malformed X-Hub-Signature-256 header'],
    ['a wrong digest', 'sha256=' + 'a'.repeat(64), 'signature does not match'],
  ])('refuses %s', (_name, header, reason) => {
    expect(checkGithubSignature({ secret, header, rawBody: Buffer.from(documented.body) })).toEqual({ ok: false, reason });
  });

  it('refuses a tampered body and another secret', () => {
    expect(checkGithubSignature({ secret, header: documented.signature, rawBody: Buffer.from('Hello, World?') }).ok).toBe(false);
    const other = `sha256=${createHmac('sha256', 'other').update(documented.body).digest('hex')}`;
    expect(checkGithubSignature({ secret, header: other, rawBody: Buffer.from(documented.body) }).ok).toBe(false);
  });

  it('identifies events by X-GitHub-Delivery and X-GitHub-Event', () => {
    const bound = githubVerifier({ env: 'GITHUB_WEBHOOK_SECRET' }).bind({
      config: loadConfig({ NODE_ENV: 'test' }),
      env: { GITHUB_WEBHOOK_SECRET: secret },
      webhook: 'github',
    });
    const headers = { 'x-hub-signature-256': documented.signature, 'x-github-delivery': 'd-1', 'x-github-event': 'push' };
    const request = { headers, rawBody: Buffer.from(documented.body), now: Date.now() };
    expect(bound.check(request)).toEqual({ ok: true });
    expect(bound.identify(request, {})).toEqual({ id: 'd-1', type: 'push' });
  });
});
