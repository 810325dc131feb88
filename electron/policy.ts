/**
 * The Electron security checklist as pure functions (unit-tested without Electron): window options,
 * the app's origin, CSP, navigation / new-window policy, the external-link allow-list and the IPC
 * sender check. main.ts only wires these into Electron's events.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The renderer is served from a privileged custom scheme, so it has a real origin (not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'netwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React Flow and Monaco set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** https hosts the app may open in the system browser (docs, papers, project pages). */
export const EXTERNAL_HOSTS = [
  'github.com',
  'arxiv.org',
  'pytorch.org',
  'docs.pytorch.org',
  'www.tensorflow.org',
  'js.tensorflow.org',
  'keras.io',
  'onnx.ai',
  'netron.app',
  'proceedings.neurips.cc',
  'papers.nips.cc',
  'openaccess.thecvf.com',
] as const;

export interface Bounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: Bounds = { width: 1400, height: 900 };

export function windowOptions(opts: { preload: string; bounds?: Bounds; dark?: boolean; icon?: string }): BrowserWindowConstructorOptions {
  const b = opts.bounds ?? DEFAULT_BOUNDS;
  return {
    ...b,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Netwright',
    backgroundColor: opts.dark ? '#1e1e1e' : '#ffffff',
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: {
      preload: opts.preload,
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
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

function parse(url: string | undefined | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isAppUrl(url: string | undefined | null): boolean {
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** The window only ever shows our own pages; anything else (links, drops, redirects) is blocked. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** Only https URLs on the allow-list go to shell.openExternal; never file:, javascript:, custom schemes. */
export function externalAllowed(url: string): boolean {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username || u.password || u.port) return false;
  return (EXTERNAL_HOSTS as readonly string[]).includes(u.hostname);
}

/** IPC is answered only for our own top-level page (not iframes, not other origins, not about:blank). */
export function senderAllowed(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame) return false;
  return frame.parent === null && isAppUrl(frame.url);
}

/** Adds our CSP to every response the session serves (belt and braces with the page's meta tag). */
export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** Maps app://netwright/<path> to a file under the renderer folder; null for anything outside it. */
export function appUrlToRelativePath(url: string): string | null {
  const u = parse(url);
  if (!u || !isAppUrl(url)) return null;
  let p: string;
  try {
    p = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (p.includes('\0')) return null;
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.some((s) => s === '..' || s.includes('\\'))) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}
