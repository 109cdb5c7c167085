import { StartupError } from '../errors/app-error.js';

// Node's and PostgreSQL's codes for "the database is not there as configured".
const reasons: Record<string, string> = {
  ECONNREFUSED: 'refused the connection: is the server running and listening there?',
  ENOTFOUND: 'names a host that does not resolve',
  EAI_AGAIN: 'names a host that does not resolve (yet)',
  ETIMEDOUT: 'did not answer in time',
  EHOSTUNREACH: 'names a host that cannot be reached',
  '28P01': 'refused the user or password',
  '28000': 'refused the user (see pg_hba.conf)',
  '3D000': 'names a database that does not exist: create it first',
  SQLITE_CANTOPEN: 'names a file that cannot be opened: does its folder exist and may this user write there?',
};

/**
 * A boot-time database failure as an operator can act on it: which variable to change
 * and why, with the URL's password left out. Undefined for any other error.
 *
 * @example
 * throw databaseStartupError(error, config.databaseUrl) ?? error;
 */
export function databaseStartupError(error: unknown, databaseUrl: string): StartupError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? reasons[code] : undefined;
  if (!reason) return undefined;
  return new StartupError('RAMPART_CONFIG_INVALID', `DATABASE_URL (${withoutPassword(databaseUrl)}) ${reason} [${code}]`);
}

function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
