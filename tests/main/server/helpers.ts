/** Test helpers: a served temp renderer dir + workspace, and a raw WebSocket RPC client. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer, type ServerOptions } from '../../../main/server';
import type { SocketLike } from '../../../renderer/host/browser';

export interface TestServer extends RunningServer {
  root: string;
  stateDir: string;
}

export async function startTestServer(extra: Partial<ServerOptions> = {}): Promise<TestServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-server-'));
  const staticDir = path.join(root, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Netwright test</title><script src="./assets/app.js"></script>');
  fs.writeFileSync(path.join(staticDir, 'assets/app.js'), 'console.log("hi")');
  const workspace = path.join(root, 'workspace');
  const stateDir = path.join(root, 'state');
  let server: RunningServer;
  try {
    server = await startServer({ staticDir, workspace, stateDir, log: () => undefined, ...extra });
  } catch (e) {
    fs.rmSync(root, { recursive: true, force: true });
    throw e;
  }
  const close = server.close;
  return Object.assign(server, {
    root,
    stateDir,
    close: async () => {
      await close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  });
}

/** Opens a ws connection; resolves with the socket or rejects with the HTTP status the server answered. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends one raw frame and waits for the response with that id. */
export function rawCall(ws: WebSocket, frame: unknown): Promise<{ id: number; ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  const id = typeof (frame as { id?: unknown }).id === 'number' ? (frame as { id: number }).id : -1;
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString());
      if (msg.id === id) {
        ws.off('message', onMsg);
        resolve(msg);
      }
    };
    ws.on('message', onMsg);
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

/** The `ws` client satisfies the DOM-WebSocket subset the browser host uses. */
export const nodeSocket = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;

/** Polls until `cond` holds (or fails after `ms`): robust on a loaded machine, fast on an idle one. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Whether the PyTorch peer (/usr/bin/python3 with torch) is usable. Missing: prints why the caller skips,
 * unless NETWRIGHT_REQUIRE_PEERS=1, where the test must run (and fail).
 */
export function torchPeer(what: string): boolean {
  let ok = false;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    ok = true;
  } catch {
    ok = false;
  }
  if (ok || process.env.NETWRIGHT_REQUIRE_PEERS === '1') return true;
  console.log(`skipping ${what}: /usr/bin/python3 cannot import torch`);
  return false;
}
