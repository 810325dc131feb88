import { describe, it, expect } from 'vitest';
import { contentSecurityPolicy, cookieToken, hostAllowed, newToken, originAllowed, tokenMatches } from '../../../main/server/security';

describe('browser-mode security rules', () => {
  it('makes long random tokens and compares them exactly', () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(tokenMatches(a, a)).toBe(true);
    expect(tokenMatches(a, b)).toBe(false);
    expect(tokenMatches(a, a.slice(0, -1))).toBe(false);
    expect(tokenMatches(a, null)).toBe(false);
  });
  it('reads the token cookie among others', () => {
    expect(cookieToken('a=1; netwright_token=abc=; b=2')).toBe('abc=');
    expect(cookieToken('a=1')).toBeNull();
    expect(cookieToken(undefined)).toBeNull();
  });
  it('accepts only loopback Host headers with our port (DNS rebinding)', () => {
    expect(hostAllowed('127.0.0.1:8080', 8080)).toBe(true);
    expect(hostAllowed('localhost:8080', 8080)).toBe(true);
    expect(hostAllowed('127.0.0.1:8081', 8080)).toBe(false);
    expect(hostAllowed('evil.example:8080', 8080)).toBe(false);
    expect(hostAllowed(undefined, 8080)).toBe(false);
  });
  it('accepts only our own page as WebSocket Origin', () => {
    expect(originAllowed('http://127.0.0.1:9000', 9000)).toBe(true);
    expect(originAllowed('http://localhost:9000', 9000)).toBe(true);
    expect(originAllowed('http://evil.example', 9000)).toBe(false);
    expect(originAllowed('http://127.0.0.1:9001', 9000)).toBe(false);
    expect(originAllowed('null', 9000)).toBe(false);
    expect(originAllowed(undefined, 9000)).toBe(true);
  });
  it("CSP allows scripts only from 'self' and sockets only back to the server", () => {
    const csp = contentSecurityPolicy(1234);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain('connect-src \'self\' ws://127.0.0.1:1234');
    expect(csp).toContain("object-src 'none'");
  });
});
