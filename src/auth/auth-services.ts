import type { Config } from '../core/config.js';
import type { AttemptLimiter } from './limits/index.js';
import type { TokenService } from './tokens/index.js';
import type { UserRepository } from './users/index.js';

/** What the auth routes work with; built once per app by `createAuth`. */
export interface AuthServices {
  config: Config;
  tokens: TokenService;
  users: UserRepository;
  /** The absolute lifetime of a session (refresh-token family). */
  refreshTtlSeconds: number;
  /** Login attempts per account (any source address), reset by a successful login. */
  accountLogins: AttemptLimiter;
}
