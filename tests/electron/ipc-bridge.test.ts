// The desktop contract end to end without Electron: preload (with a mocked electron module) → an
// in-process ipcMain double that runs electron/ipc.ts handlers → real Node services on a temp folder,
// read back through renderer/host/electron.ts.
import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOST_CALLS } from '../../shared/contract/host';
import { RpcError } from '../../shared/contract/rpc';
import { createNodeServices } from '../../main/server/services';
import { registerIpc, type IpcEventLike } from '../../electron/ipc';
import { EVENT_CHANNEL } from '../../electron/channels';
import { APP_ENTRY } from '../../electron/policy';
import { createElectronHost, type ElectronBridge } from '../../renderer/host/electron';

type Handler = (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>;
const handlers = new Map<string, Handler>();
const rendererListeners = new Map<string, (e: unknown, m: unknown) => void>();
const exposed: Record<string, unknown> = {};
let senderUrl = APP_ENTRY;

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      const h = handlers.get(channel);
      if (!h) return Promise.reject(new Error(`No handler registered for '${channel}'`));
      // Like Electron, arguments cross as structured clones.
      return h({ senderFrame: { url: senderUrl, parent: null } }, ...structuredClone(args));
    },
    on: (channel: string, l: (e: unknown, m: unknown) => void) => rendererListeners.set(channel, l),
  },
}));

let dir: string;
let bridge: ElectronBridge;
const dataset = { id: 'mnist', name: 'MNIST', kind: 'image' as const, inputShape: [28, 28, 1], classNames: ['0'], split: { train: 1, val: 0, test: 0 }, classCounts: [1], skipped: [] };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-ipc-'));
  const services = createNodeServices({
    workspace: path.join(dir, 'ws'),
    stateDir: path.join(dir, 'state'),
    emit: (ev) => rendererListeners.get(EVENT_CHANNEL)?.({}, ev),
    datasets: async () => [dataset],
    dialogs: { chooseOpen: async () => null, chooseSave: async () => path.join(dir, 'elsewhere', 'picked.netwright.json') },
  });
  fs.mkdirSync(path.join(dir, 'ws'));
  fs.mkdirSync(path.join(dir, 'elsewhere'));
  registerIpc({ handle: (c, h) => handlers.set(c, h as Handler), removeHandler: (c) => handlers.delete(c) }, services);
  await import('../../electron/preload');
  bridge = exposed.netwright as ElectronBridge;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('preload bridge', () => {
  it('exposes exactly the Host calls and the two subscriptions, frozen', () => {
    expect(Object.keys(bridge).sort()).toEqual([...HOST_CALLS, 'onMenuCommand', 'onTrainingMessage'].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });
  it('registers one ipcMain handler per contract method', () => {
    expect([...handlers.keys()].sort()).toEqual(HOST_CALLS.map((m) => `netwright:${m}`).sort());
  });
});

describe('desktop Host through preload + ipc', () => {
  const host = () => createElectronHost(bridge);
  it('saves via the native Save dialog (anywhere the user picks), opens it back, lists recents', async () => {
    const ref = await host().saveProject(null, '{"x":1}');
    expect(ref?.path).toBe(path.join(fs.realpathSync(dir), 'elsewhere', 'picked.netwright.json'));
    expect((await host().openProject(ref!.path))?.text).toBe('{"x":1}');
    expect(await host().recentProjects()).toEqual([ref]);
    expect(await host().openProject()).toBeNull(); // dialog cancelled
    expect(await host().listDatasets()).toEqual([dataset]);
  });
  it('validates arguments in the main process', async () => {
    const raw = (await (bridge.controlTraining as (...a: unknown[]) => Promise<unknown>)('r', 'explode')) as { ok: boolean; error: { code: string } };
    expect(raw.ok).toBe(false);
    expect(raw.error.code).toBe('BAD_ARGS');
    await expect(host().setSetting('bad key!', 1)).rejects.toMatchObject({ code: 'BAD_ARGS' });
  });
  it('refuses paths outside the allowed roots that were not picked', async () => {
    const e = await host().openProject('/etc/passwd.json').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe('FORBIDDEN');
  });
  it('refuses calls from a frame that is not the app', async () => {
    senderUrl = 'https://evil.example/';
    try {
      await expect(host().recentProjects()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      senderUrl = APP_ENTRY;
    }
  });
  it('delivers menu commands and training messages to subscribers, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = host().onMenuCommand((c) => got.push(c));
    const offT = host().onTrainingMessage((r, m) => got.push([r, m]));
    const send = rendererListeners.get(EVENT_CHANNEL)!;
    send({}, { event: 'menuCommand', payload: { command: 'save' } });
    send({}, { event: 'trainingMessage', payload: { runId: 'r1', message: { type: 'epoch' } } });
    off();
    offT();
    send({}, { event: 'menuCommand', payload: { command: 'undo' } });
    expect(got).toEqual(['save', ['r1', { type: 'epoch' }]]);
  });
  it('reports an unwired capability clearly', async () => {
    await expect(host().startTraining({ graph: { nodes: [], edges: [], groups: [] }, dataset: { id: 'mnist' } })).rejects.toThrow(/Training is not available yet/);
  });
});
