/**
 * Browser-mode access control, as pure functions so each rule is unit-tested: a random per-start token
 * (URL query or the session cookie set when the token URL is opened), loopback Host header (defeats DNS
 * rebinding) and an exact Origin match on the WebSocket (defeats cross-site WebSocket hijacking).
 */
import crypto from 'node:crypto';

export const COOKIE_NAME = 'netwright_token';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function cookieToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE_NAME) return v.join('=');
  }
  return null;
}

/** The token from `?token=` or, for assets the page loads, the cookie. */
export function requestToken(url: URL, cookieHeader: string | undefined): string | null {
  return url.searchParams.get('token') ?? cookieToken(cookieHeader);
}

/** Host header must be a loopback name with our port. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const m = /^(.*):(\d+)$/.exec(hostHeader);
  if (!m || Number(m[2]) !== port) return false;
  return LOOPBACK.has(m[1].toLowerCase());
}

/**
 * Browsers always send Origin on a WebSocket; it must be our own page. A client with no Origin is not a
 * browser (CLI, tests) and still needs the token.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function isLoopbackAddress(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

/** CSP for the served page: scripts only from us; the WebSocket only back to us. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React Flow and Monaco set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
