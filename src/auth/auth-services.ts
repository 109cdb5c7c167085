import type { Config } from '../core/config.js';
import type { AuthService } from './auth-service.js';

/** What the auth routes work with: the one auth service, and the configuration (CORS origins for cookie mode). */
export interface AuthServices {
  config: Config;
  auth: AuthService;
}
