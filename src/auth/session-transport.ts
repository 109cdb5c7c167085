// Brings request.cookies and reply.setCookie into Fastify's types.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

/** The HttpOnly cookie that carries the refresh token for browser clients. */
export const refreshCookie = 'rampart_refresh';
/**
 * The header that opts a request into cookie mode. A custom header cannot be sent
 * cross-site without a CORS preflight the app only grants to CORS_ORIGINS, so
 * requiring it on cookie-based refresh is the CSRF defence (OWASP "custom request
 * headers"), together with SameSite=Strict and the Origin check below.
 */
export const cookieModeHeader = 'x-refresh-token-transport';

/**
 * The auth group's prefix (`/api/v1/auth` by default): the session routes sit directly
 * under it wherever the app mounts the group, so the cookie goes to them and nowhere else.
 */
function cookiePath(reply: FastifyReply): string {
  const url = reply.request.routeOptions.url ?? '/';
  return url.slice(0, url.lastIndexOf('/')) || '/';
}

/** Whether the client asked for the refresh token in a cookie rather than the body. */
export function wantsCookie(request: FastifyRequest): boolean {
  return request.headers[cookieModeHeader] === 'cookie';
}

/**
 * The refresh token of a request: from the body, or in cookie mode from the cookie,
 * after the CSRF checks. A missing token is a 401 like any unusable one.
 */
export function presentedRefreshToken(request: FastifyRequest, body: { refreshToken?: string } | null | undefined, allowedOrigins: readonly string[]): string {
  if (body?.refreshToken) return body.refreshToken;
  const header = request.headers.cookie;
  const fromCookie = header ? request.server.parseCookie(header)[refreshCookie] : undefined;
  if (fromCookie && wantsCookie(request)) {
    const origin = request.headers.origin;
    const sameOrigin = origin !== undefined && URL.canParse(origin) && new URL(origin).host === request.headers.host;
    if (origin !== undefined && !sameOrigin && !allowedOrigins.includes(origin)) {
      throw new AppError('RAMPART_FORBIDDEN', 'Cookie-based session requests are not allowed from this origin.');
    }
    return fromCookie;
  }
  throw new AppError('RAMPART_UNAUTHENTICATED', 'The refresh token is invalid or expired.', {
    headers: { 'www-authenticate': 'Bearer' },
  });
}

/** The refresh cookie's attributes; only its value and expiry change. */
function refreshCookieOptions(reply: FastifyReply, expires: Date) {
  return { httpOnly: true, secure: true, sameSite: 'strict' as const, path: cookiePath(reply), expires };
}

/*
 * The Set-Cookie header is written here rather than through reply.setCookie: the cookie
 * plugin is registered without its hooks (create-auth.ts), and whether setCookie then
 * writes anything differs between its releases (11.1.0 writes nothing). Fastify appends
 * each set-cookie header, so other cookies an app sets survive.
 */

/** Sets the refresh cookie (cookie mode); the token then stays out of the body. */
export function setRefreshCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.header('set-cookie', reply.server.serializeCookie(refreshCookie, token, refreshCookieOptions(reply, expiresAt)));
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.header('set-cookie', reply.server.serializeCookie(refreshCookie, '', { ...refreshCookieOptions(reply, new Date(0)), maxAge: 0 }));
}
