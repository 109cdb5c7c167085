import type { Config } from '../core/config.js';
import type { AuthService } from './auth-service.js';
import type { AuthSchemas } from './schemas.js';

/** What the auth routes work with: the one auth service, and the configuration (CORS origins for cookie mode). */
export interface AuthServices {
  config: Config;
  auth: AuthService;
  /** Bodies and answers with the app's user fields. */
  schemas: AuthSchemas;
}
