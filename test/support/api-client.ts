import type { RampartApp } from 'rampart';

/** A signed-up user of a test app: its id and access token. */
export interface TestUser {
  id: string;
  token: string;
}

/**
 * Requests through `inject` as named users: `register('ann')` signs up
 * ann@example.com, then `call('GET', url, 'ann')` sends her token.
 *
 * @example
 * const api = apiClient(app);
 * await api.register('ann');
 * const res = await api.call('POST', '/api/v1/articles', 'ann', { title: 'Dragons' });
 */
export function apiClient(app: RampartApp, options: { authPrefix?: string } = {}) {
  const authPrefix = options.authPrefix ?? '/api/v1/auth';
  const users: Record<string, TestUser> = {};
  const call = (method: string, url: string, who?: string, payload?: object) =>
    app.fastify.inject({
      method: method as 'POST',
      url,
      headers: who ? { authorization: `Bearer ${user(who).token}` } : {},
      ...(payload ? { payload } : {}),
    });
  const user = (name: string): TestUser => {
    const found = users[name];
    if (!found) throw new Error(`no test user "${name}": register it first`);
    return found;
  };
  return {
    call,
    user,
    /** Signs `name` up (with `name` as display name unless `displayName` is null). */
    async register(name: string, displayName: string | null = name): Promise<TestUser> {
      const res = await call('POST', `${authPrefix}/register`, undefined, {
        email: `${name}@example.com`,
        password: `${name} long passphrase`,
        ...(displayName === null ? {} : { name: displayName }),
      });
      if (res.statusCode !== 201) throw new Error(`register ${name}: ${res.statusCode} ${res.body}`);
      const data = res.json().data;
      users[name] = { id: data.user.id, token: data.accessToken };
      return users[name];
    },
  };
}
