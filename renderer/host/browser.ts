/**
 * The browser-mode Host: the contract over a WebSocket to `netwright serve`. Reconnects with backoff,
 * times out calls that get no answer, validates every result against shared/contract/rpc.ts and fans
 * server events (training messages) out to listeners. Browser mode has no native dialogs, so "Open…" and
 * "Save As…" without a path use a small in-page picker over the server's workspace (replaceable).
 */
import type { Host, MenuCommandString, ProjectFileRef } from '../../shared/contract/host';
import {
  RpcError,
  parseResult,
  serverMessageSchema,
  type HostMethodArgs,
  type HostMethodName,
  type HostMethodResult,
  forwardedHostCalls,
} from '../../shared/contract/rpc';

/** The subset of the WebSocket API used here (the DOM one, or `ws` in Node tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface BrowserDialogs {
  chooseOpen(files: ProjectFileRef[]): Promise<string | null>;
  chooseSave(suggested: string): Promise<string | null>;
}

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface BrowserHostOptions {
  socket?: SocketFactory;
  /** Per-call timeout (ms); startTraining gets 4× (the engine may load a dataset first). */
  callTimeoutMs?: number;
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  dialogs?: BrowserDialogs;
  onStatus?(status: ConnectionStatus): void;
}

export interface BrowserHost extends Host {
  readonly kind: 'browser';
  readonly status: ConnectionStatus;
  /** Resolves once the socket is open (or rejects after the call timeout). */
  ready(): Promise<void>;
  close(): void;
}

const OPEN = 1;

/** ws://host:port/rpc?token=… from the page URL (http/https) or a ws URL. */
export function rpcUrl(pageUrl: string, token: string): string {
  const u = new URL(pageUrl);
  const proto = u.protocol === 'https:' || u.protocol === 'wss:' ? 'wss:' : 'ws:';
  return `${proto}//${u.host}/rpc?token=${encodeURIComponent(token)}`;
}

interface Pending {
  method: HostMethodName;
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export function createBrowserHost(url: string, token: string, options: BrowserHostOptions = {}): BrowserHost {
  const target = rpcUrl(url, token);
  const makeSocket: SocketFactory = options.socket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
  const timeoutMs = options.callTimeoutMs ?? 30_000;
  const baseDelay = options.reconnectDelayMs ?? 250;
  const maxDelay = options.maxReconnectDelayMs ?? 5_000;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const trainingListeners = new Set<(runId: string, message: unknown) => void>();
  const menuListeners = new Set<(command: MenuCommandString) => void>();
  const openWaiters = new Set<() => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let status: ConnectionStatus = 'connecting';
  let delay = baseDelay;
  let closedByUser = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  const setStatus = (s: ConnectionStatus) => {
    status = s;
    options.onStatus?.(s);
  };

  const onMessage = (data: unknown) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return;
    }
    const msg = serverMessageSchema.safeParse(raw);
    if (!msg.success) return;
    const m = msg.data;
    if ('event' in m) {
      if (m.event === 'trainingMessage') for (const l of trainingListeners) l(m.payload.runId, m.payload.message);
      else for (const l of menuListeners) l(m.payload.command);
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) {
      try {
        p.resolve(parseResult(p.method, m.result));
      } catch (e) {
        p.reject(e as Error);
      }
    } else {
      p.reject(new RpcError(m.error.code, m.error.message));
    }
  };

  const connect = () => {
    const s = makeSocket(target);
    socket = s;
    s.onopen = () => {
      delay = baseDelay;
      setStatus('open');
      for (const frame of queue.splice(0)) s.send(frame);
      for (const w of openWaiters) w();
      openWaiters.clear();
    };
    s.onmessage = (ev) => onMessage(ev.data);
    s.onerror = () => undefined; // onclose follows and handles it.
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      // A call already sent may or may not have run on the server: fail it rather than guess.
      for (const [id, p] of pending) {
        if (!queue.some((f) => f.startsWith(`{"id":${id},`))) {
          pending.delete(id);
          clearTimeout(p.timer);
          p.reject(new Error(`Connection to the Netwright server was lost during ${p.method}.`));
        }
      }
      if (closedByUser) return setStatus('closed');
      setStatus('reconnecting');
      reconnectTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxDelay);
    };
  };

  const call = <M extends HostMethodName>(method: M, ...args: HostMethodArgs<M>): Promise<HostMethodResult<M>> => {
    if (closedByUser) return Promise.reject(new Error(`Host closed: cannot call ${method}.`));
    const id = nextId++;
    const frame = JSON.stringify({ id, method, args });
    const limit = method === 'startTraining' ? timeoutMs * 4 : timeoutMs;
    return new Promise<HostMethodResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        const i = queue.indexOf(frame);
        if (i >= 0) queue.splice(i, 1);
        reject(new Error(`${method} got no answer from the Netwright server within ${limit} ms (${status}).`));
      }, limit);
      pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      if (socket && socket.readyState === OPEN) socket.send(frame);
      else queue.push(frame);
    });
  };

  const dialogs = (): BrowserDialogs => {
    if (options.dialogs) return options.dialogs;
    if (typeof document === 'undefined') throw new Error('No dialog available: pass a path or BrowserHostOptions.dialogs.');
    return domDialogs(document);
  };

  connect();

  return {
    kind: 'browser',
    get status() {
      return status;
    },
    ready() {
      if (status === 'open') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => {
          openWaiters.delete(done);
          reject(new Error(`Could not connect to the Netwright server at ${target.replace(/token=[^&]+/, 'token=…')} within ${timeoutMs} ms.`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(t);
          resolve();
        };
        openWaiters.add(done);
      });
    },
    close() {
      closedByUser = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`Host closed during ${p.method}.`));
      }
      pending.clear();
      queue.length = 0;
      if (socket) socket.close(1000, 'closed by client');
      else setStatus('closed');
    },
    async openProject(path) {
      if (path !== undefined) return call('openProject', path);
      const files = await call('listProjectFiles');
      const chosen = await dialogs().chooseOpen(files);
      return chosen ? call('openProject', chosen) : null;
    },
    async saveProject(ref, text) {
      if (ref) return call('saveProject', ref, text);
      const name = await dialogs().chooseSave('untitled.netwright.json');
      if (!name) return null;
      return call('saveProject', { path: name, name }, text);
    },
    ...forwardedHostCalls(call),
    openExternal: async (url) => {
      // The page itself can open links; the server has no window to open them in.
      if (!/^https:\/\//.test(url)) throw new Error(`Only https links open from the app: ${url}`);
      window.open(url, '_blank', 'noopener,noreferrer');
    },
    onTrainingMessage(listener) {
      trainingListeners.add(listener);
      return () => void trainingListeners.delete(listener);
    },
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => void menuListeners.delete(listener);
    },
  };
}

/** A minimal in-page file picker / name prompt (keyboard: Enter = OK, Escape = cancel). */
export function domDialogs(doc: Document): BrowserDialogs {
  const show = (title: string, build: (body: HTMLElement, finish: (v: string | null) => void) => HTMLElement | null) =>
    new Promise<string | null>((resolve) => {
      const overlay = doc.createElement('div');
      overlay.setAttribute('role', 'dialog');
      overlay.setAttribute('aria-modal', 'true');
      overlay.setAttribute('aria-label', title);
      overlay.dataset.testid = 'host-dialog';
      overlay.style.cssText =
        'position:fixed;inset:0;z-index:10000;display:flex;align-items:center;justify-content:center;background:rgba(0,0,0,.35);font:14px system-ui,sans-serif';
      const box = doc.createElement('div');
      box.style.cssText = 'min-width:320px;max-width:520px;max-height:70vh;overflow:auto;padding:16px;border-radius:8px;background:Canvas;color:CanvasText;box-shadow:0 8px 32px rgba(0,0,0,.3)';
      const h = doc.createElement('h2');
      h.textContent = title;
      h.style.cssText = 'margin:0 0 12px;font-size:16px';
      box.append(h);
      const finish = (v: string | null) => {
        overlay.remove();
        resolve(v);
      };
      const focus = build(box, finish);
      const cancel = doc.createElement('button');
      cancel.textContent = 'Cancel';
      cancel.onclick = () => finish(null);
      box.append(cancel);
      overlay.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') finish(null);
      });
      overlay.append(box);
      doc.body.append(overlay);
      (focus ?? cancel).focus();
    });
  return {
    chooseOpen: (files) =>
      show('Open project', (box, finish) => {
        if (files.length === 0) {
          const p = doc.createElement('p');
          p.textContent = 'No project files in the workspace yet.';
          box.append(p);
          return null;
        }
        let first: HTMLElement | null = null;
        for (const f of files) {
          const b = doc.createElement('button');
          b.textContent = f.name;
          b.title = f.path;
          b.style.cssText = 'display:block;width:100%;text-align:left;margin:0 0 4px';
          b.onclick = () => finish(f.path);
          box.append(b);
          first ??= b;
        }
        return first;
      }),
    chooseSave: (suggested) =>
      show('Save project as', (box, finish) => {
        const input = doc.createElement('input');
        input.value = suggested;
        input.setAttribute('aria-label', 'File name');
        input.style.cssText = 'width:100%;box-sizing:border-box;margin:0 0 8px';
        const ok = doc.createElement('button');
        ok.textContent = 'Save';
        const submit = () => {
          const name = input.value.trim();
          if (!name) return;
          finish(/\.json$/i.test(name) ? name : `${name}.netwright.json`);
        };
        ok.onclick = submit;
        input.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') submit();
        });
        box.append(input, ok);
        return input;
      }),
  };
}
