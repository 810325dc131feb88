// The renderer's browser Host against the real server (Node `ws` stands in for the DOM WebSocket).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import WebSocket from 'ws';
import { createBrowserHost, rpcUrl, type BrowserHost, type SocketLike } from '../../../renderer/host/browser';
import type { TrainingLauncher } from '../../../main/server';
import { RpcError } from '../../../shared/contract/rpc';
import { nodeSocket, startTestServer, until, type TestServer } from './helpers';

const CONFIG = { graph: { nodes: [], edges: [], groups: [] }, dataset: { id: 'mnist' } };
const training: TrainingLauncher = async (_config, { onMessage }) => {
  setTimeout(() => onMessage({ type: 'epoch', epoch: 1 }), 5);
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { runId: 'r1', pause() {}, resume() {}, stop: () => finish(), done };
};

let server: TestServer;
let host: BrowserHost;
beforeAll(async () => {
  server = await startTestServer({ capabilities: { datasets: async () => [], training } });
  host = createBrowserHost(server.url, server.token, {
    socket: nodeSocket,
    callTimeoutMs: 2000,
    dialogs: { chooseOpen: async (files) => files[0]?.path ?? null, chooseSave: async () => 'picked.netwright.json' },
  });
  await host.ready();
});
afterAll(async () => {
  host?.close();
  await server?.close();
});

describe('browser Host over the WebSocket', () => {
  it('derives the socket URL from the page URL', () => {
    expect(rpcUrl('http://127.0.0.1:5000/?token=abc#x', 'abc')).toBe('ws://127.0.0.1:5000/rpc?token=abc');
    expect(rpcUrl('https://example.test/app', 't+/')).toBe('wss://example.test/rpc?token=t%2B%2F');
  });

  it('saves via the save dialog, opens via the open dialog, and calls with explicit paths', async () => {
    const ref = await host.saveProject(null, '{"a":1}');
    expect(ref?.name).toBe('picked.netwright.json');
    const opened = await host.openProject();
    expect(opened?.text).toBe('{"a":1}');
    expect(await host.recentProjects()).toEqual([ref]);
    await host.setSetting('theme', 'light');
    expect(await host.getSetting('theme')).toBe('light');
    expect(await host.listDatasets()).toEqual([]);
    await host.writeAutosave('x');
    expect(await host.readAutosave()).toBe('x');
  });

  it('surfaces server errors as RpcError with the code', async () => {
    const err = await host.openProject('../x.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe('FORBIDDEN');
  });

  it('delivers training events to listeners and stops delivering after unsubscribe', async () => {
    const got: unknown[] = [];
    const off = host.onTrainingMessage((runId, message) => got.push([runId, message]));
    expect(await host.startTraining(CONFIG)).toEqual({ runId: 'r1' });
    await until(() => got.length > 0, 5000, 'a training event');
    expect(got).toEqual([['r1', { type: 'epoch', epoch: 1 }]]);
    off();
    await host.startTraining(CONFIG);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toHaveLength(1);
  });

  it('reconnects after the connection drops and fails calls that were in flight', async () => {
    const statuses: string[] = [];
    const made: WebSocket[] = [];
    const socket = (url: string) => {
      const ws = new WebSocket(url);
      made.push(ws);
      return ws as unknown as SocketLike;
    };
    const h = createBrowserHost(server.url, server.token, { socket, reconnectDelayMs: 20, onStatus: (s) => statuses.push(s) });
    await h.ready();
    const inFlight = h.readAutosave();
    made[0].terminate(); // the network drops before the answer arrives
    await expect(inFlight).rejects.toThrow(/lost during readAutosave/);
    await until(() => h.status === 'open', 5000, 'the reconnect');
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
    expect(made).toHaveLength(2);
    expect(await h.readAutosave()).toBe('x');
    h.close();
  });

  it('times out a call that gets no answer', async () => {
    const h = createBrowserHost('http://127.0.0.1:1/', 'nope', { socket: nodeSocket, callTimeoutMs: 100, reconnectDelayMs: 1000 });
    await expect(h.listDatasets()).rejects.toThrow(/no answer .* within 100 ms/);
    h.close();
  });

  it('rejects results that do not match the contract', async () => {
    // A server that answers every call with a malformed result.
    const { WebSocketServer } = await import('ws');
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => ws.on('message', (d) => ws.send(JSON.stringify({ id: JSON.parse(d.toString()).id, ok: true, result: [{ id: 3 }] }))));
    const port = (wss.address() as { port: number }).port;
    const h = createBrowserHost(`http://127.0.0.1:${port}/`, 't', { socket: nodeSocket, callTimeoutMs: 1000 });
    await expect(h.listDatasets()).rejects.toThrow(/invalid result for listDatasets/);
    h.close();
    await new Promise((r) => wss.close(r));
  });
});

