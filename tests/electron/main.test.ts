// electron/main.ts wired against a mocked Electron: the window it creates, the handlers it installs
// (navigation, new windows, CSP, permissions, IPC), the menu and the unsaved-changes close flow.
import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOST_CALLS } from '../../shared/contract/host';
import { CONTENT_SECURITY_POLICY } from '../../electron/policy';

const h = await vi.hoisted(async () => {
  const { EventEmitter: EE } = await import('node:events');
  const state = {
    dir: '',
    app: new EE() as EventEmitter & Record<string, unknown>,
    windows: [] as (EventEmitter & Record<string, unknown>)[],
    windowOptions: [] as Record<string, unknown>[],
    schemes: [] as unknown[],
    ipc: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    headersHook: null as null | ((d: unknown, cb: (r: unknown) => void) => void),
    permissionHook: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    menus: [] as unknown[],
    opened: [] as string[],
    messageBoxAnswer: 2,
    messageBoxes: 0,
    loaded: null as null | Promise<void>,
    resolveLoaded: null as null | (() => void),
  };
  state.loaded = new Promise<void>((r) => (state.resolveLoaded = r));
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter: EE } = await import('node:events');
  const app = h.app;
  Object.assign(app, {
    name: 'Netwright',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getAppPath: () => h.dir,
    getPath: (name: string) => path.join(h.dir, name),
    quit: vi.fn(),
  });
  class BrowserWindow extends EE {
    webContents: EventEmitter & Record<string, unknown>;
    constructor(opts: Record<string, unknown>) {
      super();
      h.windowOptions.push(opts);
      const wc = new EE() as EventEmitter & Record<string, unknown>;
      wc.sent = [] as unknown[];
      wc.send = (channel: string, msg: unknown) => (wc.sent as unknown[]).push([channel, msg]);
      wc.isLoading = () => false;
      this.webContents = wc;
      h.windows.push(this as never);
    }
    static getFocusedWindow = () => null;
    maximize() {}
    isMaximized = () => false;
    isMinimized = () => false;
    isDestroyed = () => false;
    getNormalBounds = () => ({ x: 10, y: 10, width: 1000, height: 700 });
    setTitle = vi.fn();
    setDocumentEdited = vi.fn();
    show = vi.fn();
    focus = vi.fn();
    close = vi.fn();
    async loadURL(url: string) {
      (this as unknown as { url: string }).url = url;
      h.resolveLoaded?.();
    }
  }
  return {
    app,
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: (s: unknown) => h.schemes.push(s), handle: vi.fn() },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: never) => (h.headersHook = fn) },
        setPermissionRequestHandler: (fn: never) => (h.permissionHook = fn),
      },
    },
    ipcMain: { handle: (c: string, fn: never) => h.ipc.set(c, fn), removeHandler: (c: string) => h.ipc.delete(c) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => h.menus.push(m) },
    dialog: {
      showMessageBoxSync: () => {
        h.messageBoxes++;
        return h.messageBoxAnswer;
      },
      showOpenDialog: vi.fn(),
      showSaveDialog: vi.fn(),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: async (u: string) => void h.opened.push(u) },
    net: { fetch: vi.fn() },
    utilityProcess: { fork: vi.fn() },
  };
});

const appFrame = { senderFrame: { url: 'app://netwright/index.html', parent: null } };

beforeAll(async () => {
  h.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-main-'));
  await import('../../electron/main');
  await h.loaded;
  await new Promise((r) => setTimeout(r, 20));
});
afterAll(() => fs.rmSync(h.dir, { recursive: true, force: true }));

describe('electron/main.ts', () => {
  it('registers app:// as a privileged scheme and loads the app from it', () => {
    expect(h.schemes).toEqual([[{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]]);
    expect((h.windows[0] as unknown as { url: string }).url).toBe('app://netwright/index.html');
  });
  it('creates one window with the hardened preferences and the sandboxed preload', () => {
    expect(h.windowOptions).toHaveLength(1);
    const prefs = h.windowOptions[0].webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
  });
  it('answers every Host call over IPC, and refuses other senders', async () => {
    expect([...h.ipc.keys()].sort()).toEqual(HOST_CALLS.map((c) => `netwright:${c}`).sort());
    const ok = await h.ipc.get('netwright:getSetting')!(appFrame, 'theme');
    expect(ok).toEqual({ ok: true, result: null });
    const bad = await h.ipc.get('netwright:getSetting')!({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'theme');
    expect(bad).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
  it('sets the CSP header on every response and denies permission requests', () => {
    let headers: unknown;
    h.headersHook!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r));
    expect(headers).toEqual({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    let granted: boolean | undefined;
    h.permissionHook!({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });
  it('blocks navigation and new windows for every web contents; opens only allow-listed links', async () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler(fn: (d: { url: string }) => unknown): void; openHandler?: (d: { url: string }) => unknown };
    contents.setWindowOpenHandler = (fn) => (contents.openHandler = fn);
    h.app.emit('web-contents-created', {}, contents);
    const nav = { preventDefault: vi.fn() };
    contents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const inApp = { preventDefault: vi.fn() };
    contents.emit('will-navigate', inApp, 'app://netwright/index.html');
    expect(inApp.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler!({ url: 'https://arxiv.org/abs/1409.4842' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 10));
    expect(h.opened).toEqual(['https://arxiv.org/abs/1409.4842']);
  });
  it('installs the native menu with recents', () => {
    const last = h.menus.at(-1) as { label?: string }[];
    expect(last.map((m) => m.label)).toEqual(expect.arrayContaining(['&File', '&Edit', '&View']));
  });
  it('asks before closing a dirty document; Cancel keeps the window, Save asks the renderer to save', async () => {
    const win = h.windows[0] as unknown as EventEmitter & { webContents: { sent: unknown[] }; close: ReturnType<typeof vi.fn>; setTitle: ReturnType<typeof vi.fn> };
    const clean = { preventDefault: vi.fn() };
    win.emit('close', clean);
    expect(clean.preventDefault).not.toHaveBeenCalled();
    await h.ipc.get('netwright:setDocumentState')!(appFrame, { title: 'lenet.netwright.json', dirty: true });
    expect(win.setTitle).toHaveBeenCalledWith('• lenet.netwright.json — Netwright');
    h.messageBoxAnswer = 2;
    const cancel = { preventDefault: vi.fn() };
    win.emit('close', cancel);
    expect(cancel.preventDefault).toHaveBeenCalled();
    expect(h.messageBoxes).toBe(1);
    h.messageBoxAnswer = 0;
    win.emit('close', { preventDefault: vi.fn() });
    expect(win.webContents.sent.at(-1)).toEqual(['netwright:event', { event: 'menuCommand', payload: { command: 'save' } }]);
    await h.ipc.get('netwright:setDocumentState')!(appFrame, { title: 'lenet.netwright.json', dirty: false });
    expect(win.close).toHaveBeenCalled();
    expect(fs.existsSync(path.join(h.dir, 'userData', 'window-state.json'))).toBe(true);
  });
  it('opens a project handed over by a second instance in the running window', () => {
    const win = h.windows[0] as unknown as { webContents: { sent: unknown[] } };
    h.app.emit('second-instance', {}, ['/usr/bin/netwright', 'models/x.netwright.json'], '/home/u');
    expect(win.webContents.sent.at(-1)).toEqual(['netwright:event', { event: 'menuCommand', payload: { command: 'openRecent:/home/u/models/x.netwright.json' } }]);
  });
});

describe('desktop: dataset chooser and quitting during training', () => {
  it('chooseDataset asks folder or file (Windows/Linux), opens the picker, and allows the picked path', async () => {
    const { dialog } = await import('electron');
    const csv = path.join(h.dir, 'elsewhere', 'parity.csv');
    fs.mkdirSync(path.dirname(csv), { recursive: true });
    fs.writeFileSync(csv, 'x,label\n' + Array.from({ length: 10 }, (_, i) => `${i},${i % 2}`).join('\n') + '\n');
    expect(await h.ipc.get('netwright:inspectDataset')!(appFrame, csv)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    h.messageBoxAnswer = 1; // "File…" (macOS skips this question)
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({ canceled: false, filePaths: [csv] } as never);
    expect(await h.ipc.get('netwright:chooseDataset')!(appFrame)).toEqual({ ok: true, result: csv });
    if (process.platform !== 'darwin') expect((vi.mocked(dialog.showOpenDialog).mock.calls.at(-1) as unknown[])[1]).toMatchObject({ properties: ['openFile'] });
    expect(await h.ipc.get('netwright:inspectDataset')!(appFrame, csv)).toMatchObject({ ok: true, result: { info: { kind: 'tabular', classNames: ['0', '1'] } } });
    if (process.platform !== 'darwin') {
      h.messageBoxAnswer = 2; // Cancel
      expect(await h.ipc.get('netwright:chooseDataset')!(appFrame)).toEqual({ ok: true, result: null });
    }
  });

  it('chooseModelFile opens the model picker (.onnx / .json) and allows the picked file for importModel', async () => {
    const { dialog } = await import('electron');
    const { hardSwishModel } = await import('../main/server/import-fixtures');
    const file = path.join(h.dir, 'elsewhere', 'hs.onnx');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, hardSwishModel());
    const request = { path: file, allowPartial: true };
    expect(await h.ipc.get('netwright:importModel')!(appFrame, request)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({ canceled: false, filePaths: [file] } as never);
    expect(await h.ipc.get('netwright:chooseModelFile')!(appFrame)).toEqual({ ok: true, result: file });
    const options = (vi.mocked(dialog.showOpenDialog).mock.calls.at(-1) as unknown[])[1] as { filters: { extensions: string[] }[] };
    expect(options).toMatchObject({ title: 'Import a model', properties: ['openFile'] });
    expect(options.filters[0].extensions).toEqual(['onnx', 'json']);
    const imported = (await h.ipc.get('netwright:importModel')!(appFrame, request)) as { ok: boolean; result: { unsupported: { name: string }[] } };
    expect(imported.ok).toBe(true);
    expect(imported.result.unsupported.map((u) => u.name)).toEqual(['act_hs']);
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({ canceled: true, filePaths: [] } as never);
    expect(await h.ipc.get('netwright:chooseModelFile')!(appFrame)).toEqual({ ok: true, result: null });
  });

  it('closing while a run trains asks "Stop training and quit?": Cancel keeps the window, Stop and quit closes and stops the run', async () => {
    const { smallMnist } = await import('../main/engine/trainer/helpers');
    const win = h.windows[0] as unknown as EventEmitter & { webContents: { sent: [string, { event: string; payload: { message?: { type: string } } }][] } };
    const started = (await h.ipc.get('netwright:startTraining')!(appFrame, {
      graph: smallMnist(),
      dataset: { id: 'mnist', limit: 256 },
      epochs: 50,
      backend: 'cpu',
      workers: 1,
    })) as { ok: boolean; error?: unknown };
    expect(started.ok, JSON.stringify(started.error)).toBe(true);
    const boxes = h.messageBoxes;
    h.messageBoxAnswer = 1; // Cancel
    const cancel = { preventDefault: vi.fn() };
    win.emit('close', cancel);
    expect(cancel.preventDefault).toHaveBeenCalled();
    expect(h.messageBoxes).toBe(boxes + 1);
    h.messageBoxAnswer = 0; // Stop and quit (the document is saved: no second question)
    const stop = { preventDefault: vi.fn() };
    win.emit('close', stop);
    expect(stop.preventDefault).not.toHaveBeenCalled();
    expect(h.messageBoxes).toBe(boxes + 2);
    h.app.emit('window-all-closed');
    const end = Date.now() + 60_000;
    const ended = () => win.webContents.sent.some(([, e]) => e.event === 'trainingMessage' && ['done', 'error'].includes(e.payload.message?.type ?? ''));
    while (!ended() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(ended()).toBe(true);
    await vi.waitFor(() => expect(h.app.quit).toHaveBeenCalled(), { timeout: 10_000 });
  }, 90_000);
});
