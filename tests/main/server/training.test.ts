// Real training through browser mode: the page's startTraining runs the engine's forked child
// (main/engine/client.ts) and its protocol messages stream back as WebSocket events.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import WebSocket from 'ws';
import { defaultCapabilities } from '../../../main/server/wiring';
import { openSocket, rawCall, startTestServer, type TestServer } from './helpers';

const graph = {
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [28, 28, 1] }, position: { x: 0, y: 0 } },
    { id: 'f', type: 'Flatten', params: {}, position: { x: 0, y: 100 } },
    { id: 'd', type: 'Dense', params: { units: 10, activation: 'softmax' }, position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'f', targetPort: 0 },
    { id: 'e2', source: 'f', target: 'd', targetPort: 0 },
  ],
  groups: [],
};

let server: TestServer;
let ws: WebSocket;
beforeAll(async () => {
  server = await startTestServer({ capabilities: await defaultCapabilities() });
  ws = await openSocket(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`);
});
afterAll(async () => {
  ws?.close();
  await server?.close();
});

describe('training in browser mode', () => {
  it('runs a small model on MNIST in a child process and streams ready → batch → epoch → done', async () => {
    const messages: { type: string }[] = [];
    const finished = new Promise<void>((resolve) => {
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.event !== 'trainingMessage') return;
        messages.push(m.payload.message);
        if (m.payload.message.type === 'done' || m.payload.message.type === 'error') resolve();
      });
    });
    const res = await rawCall(ws, {
      id: 1,
      method: 'startTraining',
      args: [{ graph, dataset: { id: 'mnist', limit: 256 }, epochs: 1, batchSize: 64, backend: 'cpu', workers: 1, runDir: 'tiny' }],
    });
    expect(res.ok, JSON.stringify(res.error)).toBe(true);
    const runId = (res.result as { runId: string }).runId;
    expect(server.services.runs.has(runId)).toBe(true);
    await finished;
    const types = messages.map((m) => m.type);
    expect(types[0]).toBe('ready');
    expect(types).toContain('batch');
    expect(types).toContain('epoch');
    expect(types.at(-1), JSON.stringify(messages.at(-1))).toBe('done');
    // The run folder was confined to <workspace>/runs.
    expect(fs.existsSync(`${server.workspace}/runs/tiny`)).toBe(true);
  });
});
