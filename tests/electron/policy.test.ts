import { describe, it, expect } from 'vitest';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  appUrlToRelativePath,
  externalAllowed,
  isAppUrl,
  navigationAllowed,
  senderAllowed,
  windowOptions,
  withCsp,
} from '../../electron/policy';

describe('window options (Electron security checklist)', () => {
  const o = windowOptions({ preload: '/app/preload.cjs' });
  it('isolates and sandboxes the renderer with no Node', () => {
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });
  it('uses saved bounds and hides until ready', () => {
    expect(o.show).toBe(false);
    expect(windowOptions({ preload: 'p', bounds: { x: 10, y: 20, width: 900, height: 700 } })).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
  });
});

describe('CSP', () => {
  it("allows scripts only from 'self' — no inline, no eval", () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|\*)/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
  it('replaces any CSP header a response carries', () => {
    const h = withCsp({ 'content-security-policy': ["script-src *"], 'X-Other': 'a' });
    expect(h['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(h['content-security-policy']).toBeUndefined();
    expect(h['X-Other']).toEqual(['a']);
  });
});

describe('navigation and external links', () => {
  it('keeps the window on the app origin', () => {
    expect(navigationAllowed(APP_ENTRY)).toBe(true);
    expect(navigationAllowed('app://netwright/index.html#/x')).toBe(true);
    for (const bad of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'about:blank', 'app://u:p@netwright/']) {
      expect(navigationAllowed(bad), bad).toBe(false);
    }
  });
  it('opens only allow-listed https hosts externally', () => {
    expect(externalAllowed('https://arxiv.org/abs/1512.03385')).toBe(true);
    expect(externalAllowed('https://github.com/netwright')).toBe(true);
    for (const bad of ['http://arxiv.org/', 'https://arxiv.org.evil.example/', 'https://evil.example/', 'file:///bin/sh', 'smb://host/share', 'https://user@github.com/', 'https://github.com:8443/', 'not a url']) {
      expect(externalAllowed(bad), bad).toBe(false);
    }
  });
});

describe('IPC sender check', () => {
  it('accepts only the top-level app frame', () => {
    expect(senderAllowed({ url: APP_ENTRY, parent: null })).toBe(true);
    expect(senderAllowed({ url: APP_ENTRY, parent: {} })).toBe(false);
    expect(senderAllowed({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(senderAllowed({ url: 'file:///x/index.html', parent: null })).toBe(false);
    expect(senderAllowed(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('app:// protocol mapping', () => {
  it('maps to files under the renderer folder only', () => {
    expect(appUrlToRelativePath('app://netwright/')).toBe('index.html');
    expect(appUrlToRelativePath('app://netwright/assets/index-abc.js')).toBe('assets/index-abc.js');
    // The URL parser already folds dot segments, so this stays inside the renderer folder.
    expect(appUrlToRelativePath('app://netwright/a/%2e%2e/%2e%2e/etc/passwd')).toBe('etc/passwd');
    expect(appUrlToRelativePath('app://netwright/a%2F..%2F..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(appUrlToRelativePath('app://netwright/..%5c..%5cwin.ini')).toBeNull();
    expect(appUrlToRelativePath('app://other/index.html')).toBeNull();
  });
});
