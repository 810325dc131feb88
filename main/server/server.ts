/**
 * Browser mode: serves the renderer and the whole Host contract over a WebSocket, on loopback only,
 * behind a random per-start token. Training runs in the same child processes as the CLI.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { WebSocketServer, WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, dispatchCall, requestSchema, type HostEvent } from '../../shared/contract/rpc';
import { createNodeServices, type NodeServices } from './services';
import { defaultCapabilities, type Capabilities } from './wiring';
import { buildRenderer, rendererBuilt, RENDERER_DIST, serveStatic } from './static';
import {
  COOKIE_NAME,
  contentSecurityPolicy,
  hostAllowed,
  isLoopbackAddress,
  newToken,
  originAllowed,
  requestToken,
  tokenMatches,
} from './security';

export interface ServerOptions {
  /** 0 or absent = a free port. */
  port?: number;
  /** Loopback only; anything else is refused. */
  host?: '127.0.0.1' | 'localhost' | '::1';
  /** Folder for projects (default: ~/Netwright). Paths from the page are confined to it. */
  workspace?: string;
  /** recent/settings/autosave folder (default: ~/.config/netwright). */
  stateDir?: string;
  /** Open the URL in the system browser. */
  open?: boolean;
  /** Folder with the built renderer (default dist/renderer, built on demand). */
  staticDir?: string;
  /** Build the renderer with Vite when staticDir has no index.html (default true). */
  build?: boolean;
  log?: (line: string) => void;
  /** Observes every contract call (method, outcome) — logging, tests. */
  onCall?(method: string, ok: boolean): void;
  /** Override engine capabilities (tests); default = main/server/wiring.ts. */
  capabilities?: Capabilities;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  workspace: string;
  services: NodeServices;
  close(): Promise<void>;
}

function openInBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(cmd, [url], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  } catch {
    // No opener: the printed URL is enough.
  }
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host)) throw new Error(`Browser mode listens on loopback only (got host '${host}').`);
  const staticDir = path.resolve(options.staticDir ?? RENDERER_DIST);
  if (!rendererBuilt(staticDir)) {
    if (options.build === false || options.staticDir) throw new Error(`No renderer build at ${staticDir} (run npm run build:renderer).`);
    await buildRenderer(log);
  }
  const workspace = path.resolve(options.workspace ?? path.join(os.homedir(), 'Netwright'));
  await fs.mkdir(workspace, { recursive: true });
  const stateDir = path.resolve(options.stateDir ?? path.join(os.homedir(), '.config', 'netwright'));
  const token = newToken();
  const clients = new Set<WebSocket>();
  const broadcast = (event: HostEvent) => {
    const data = JSON.stringify(event);
    for (const c of clients) if (c.readyState === WebSocket.OPEN) c.send(data);
  };
  const services = createNodeServices({
    workspace,
    stateDir,
    emit: broadcast,
    ...(options.capabilities ?? (await defaultCapabilities())),
  });

  let port = 0;
  const baseHeaders = () => ({
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  const refuse = (res: http.ServerResponse, status: number, message: string) => {
    res.writeHead(status, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(message + '\n');
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req.headers.host, port)) return refuse(res, 403, 'Forbidden: unexpected Host header.');
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (!tokenMatches(token, requestToken(url, req.headers.cookie))) {
        return refuse(res, 401, 'Unauthorized: open the URL with ?token=… that `netwright serve` printed.');
      }
      const headers: Record<string, string> = baseHeaders();
      if (url.searchParams.has('token')) {
        // Lets the page's own assets load without the token in every URL; Strict keeps other sites out.
        headers['Set-Cookie'] = `${COOKIE_NAME}=${token}; Path=/; HttpOnly; SameSite=Strict`;
      }
      if (!(await serveStatic(staticDir, url.pathname, res, headers))) refuse(res, 404, 'Not found.');
    })().catch((e: unknown) => {
      if (!res.headersSent) refuse(res, 500, `Server error: ${e instanceof Error ? e.message : String(e)}`);
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const deny = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(req.headers.host, port)) return deny(403, 'Forbidden');
    if (!originAllowed(req.headers.origin, port)) return deny(403, 'Forbidden');
    if (url.pathname !== '/rpc') return deny(404, 'Not Found');
    if (!tokenMatches(token, requestToken(url, req.headers.cookie))) return deny(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let raw: unknown;
        try {
          raw = JSON.parse(isBinary ? '' : data.toString());
        } catch {
          ws.send(JSON.stringify({ id: -1, ok: false, error: { code: 'BAD_REQUEST', message: 'Message is not JSON text.' } }));
          return;
        }
        const req = requestSchema.safeParse(raw);
        if (!req.success) {
          const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
          ws.send(JSON.stringify({ id, ok: false, error: { code: 'BAD_REQUEST', message: 'Expected {id, method, args[]}.' } }));
          return;
        }
        const outcome = await dispatchCall(services, req.data.method, req.data.args);
        options.onCall?.(req.data.method, outcome.ok);
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: req.data.id, ...outcome }));
      })();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  const hostForUrl = host === '::1' ? '[::1]' : host;
  const url = `http://${hostForUrl}:${port}/?token=${token}`;
  if (options.open) openInBrowser(url);

  let closed: Promise<void> | null = null;
  return {
    url,
    token,
    port,
    workspace,
    services,
    close() {
      closed ??= (async () => {
        await services.dispose();
        for (const c of clients) c.terminate();
        await new Promise<void>((r) => wss.close(() => r()));
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      })();
      return closed;
    },
  };
}
