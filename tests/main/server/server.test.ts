import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type WebSocket from 'ws';
import type { DatasetInfo } from '../../../shared/contract/datasets';
import type { TrainingLauncher } from '../../../main/server';
import { openSocket, rawCall, startTestServer, until, type TestServer } from './helpers';

const MNIST: DatasetInfo = {
  id: 'mnist',
  name: 'MNIST',
  kind: 'image',
  inputShape: [28, 28, 1],
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  split: { train: 8, val: 1, test: 1 },
  classCounts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  skipped: [],
};

// A launcher double that behaves like the engine client: messages before and after launch, pause/stop control.
const controls: string[] = [];
const CONFIG = { graph: { nodes: [], edges: [], groups: [] }, dataset: { id: 'mnist' } };
let launchedWith: { runDir?: string; dataset: { id: string } } | null = null;
const fakeTraining: TrainingLauncher = async (config, { onMessage }) => {
  launchedWith = config as typeof launchedWith;
  onMessage({ type: 'started' });
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  setTimeout(() => onMessage({ type: 'epoch', epoch: 1, loss: 0.5 }), 10);
  return {
    runId: 'run-1',
    pause: () => controls.push('pause'),
    resume: () => controls.push('resume'),
    stop: () => {
      controls.push('stop');
      onMessage({ type: 'stopped' });
      finish();
    },
    done,
  };
};

let server: TestServer;
let ws: WebSocket;
let nextId = 1;
const call = async (method: string, ...args: unknown[]) => rawCall(ws, { id: nextId++, method, args });

beforeAll(async () => {
  server = await startTestServer({ capabilities: { datasets: async () => [MNIST], training: fakeTraining, exporter: { unavailable: 'exporters not built' } } });
  ws = await openSocket(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`);
});
afterAll(async () => {
  ws?.close();
  await server?.close();
});

describe('browser-mode server: HTTP', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });
  it('refuses a non-loopback Host header (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: server.port, path: `/?token=${server.token}`, headers: { Host: `evil.example:${server.port}` } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(403);
  });
  it('refuses the page without the token (401) and with a wrong one', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${server.port}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${server.port}/assets/app.js`)).status).toBe(401);
  });
  it('serves the page with the token, sets a strict cookie and a CSP, then serves assets by cookie', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Netwright test');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await fetch(`http://127.0.0.1:${server.port}/assets/app.js`, { headers: { cookie: cookie.split(';')[0] } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
  });
  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/..%2f..%2fworkspace%2fx.json?token=${server.token}`);
    expect(res.status).toBe(404);
  });
});

describe('browser-mode server: WebSocket access', () => {
  it('refuses an upgrade without or with a wrong token (401)', async () => {
    await expect(openSocket(`ws://127.0.0.1:${server.port}/rpc`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`ws://127.0.0.1:${server.port}/rpc?token=nope`)).rejects.toThrow('HTTP 401');
  });
  it('refuses a foreign Origin even with the token (403)', async () => {
    const url = `ws://127.0.0.1:${server.port}/rpc?token=${server.token}`;
    await expect(openSocket(url, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    const ok = await openSocket(url, { Origin: `http://127.0.0.1:${server.port}` });
    ok.close();
  });
});

describe('browser-mode server: contract', () => {
  it('rejects malformed frames, unknown methods and invalid arguments with clear errors', async () => {
    const notJson = await rawCall(ws, 'not json');
    expect(notJson.error?.code).toBe('BAD_REQUEST');
    const unknown = await call('deleteEverything');
    expect(unknown.error).toMatchObject({ code: 'UNKNOWN_METHOD' });
    const bad = await call('saveProject', { path: 5 }, 'x');
    expect(bad.error?.code).toBe('BAD_ARGS');
    expect(bad.error?.message).toMatch(/saveProject: args\[0/);
    const badAction = await call('controlTraining', 'run-1', 'explode');
    expect(badAction.error?.code).toBe('BAD_ARGS');
    const badKey = await call('setSetting', '../x', 1);
    expect(badKey.error?.code).toBe('BAD_ARGS');
  });

  it('round-trips save → list → open → recent, autosave and settings', async () => {
    const saved = await call('saveProject', null, '{"v":1}');
    expect(saved.ok).toBe(true);
    const ref = saved.result as { path: string; name: string };
    expect(ref.name).toBe('untitled.netwright.json');
    expect(fs.readFileSync(ref.path, 'utf8')).toBe('{"v":1}');
    const named = await call('saveProject', { path: 'lenet.netwright.json', name: 'lenet' }, '{"v":2}');
    expect((named.result as { path: string }).path).toBe(path.join(fs.realpathSync(server.workspace), 'lenet.netwright.json'));
    const list = await call('listProjectFiles');
    expect((list.result as { name: string }[]).map((f) => f.name)).toEqual(['lenet.netwright.json', 'untitled.netwright.json']);
    const opened = await call('openProject', ref.path);
    expect(opened.result).toEqual({ ref, text: '{"v":1}' });
    const recent = await call('recentProjects');
    expect((recent.result as { name: string }[]).map((r) => r.name)).toEqual(['untitled.netwright.json', 'lenet.netwright.json']);
    const again = await call('saveProject', null, '{}');
    expect((again.result as { name: string }).name).toBe('untitled-2.netwright.json');

    expect((await call('readAutosave')).result).toBeNull();
    expect((await call('writeAutosave', 'draft')).ok).toBe(true);
    expect((await call('readAutosave')).result).toBe('draft');
    expect((await call('clearAutosave')).ok).toBe(true);
    expect((await call('readAutosave')).result).toBeNull();

    expect((await call('setSetting', 'theme', 'dark')).ok).toBe(true);
    expect((await call('setSetting', 'grid.snap', { on: true })).ok).toBe(true);
    expect((await call('getSetting', 'theme')).result).toBe('dark');
    expect((await call('getSetting', 'grid.snap')).result).toEqual({ on: true });
    expect((await call('getSetting', 'unset')).result).toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(server.stateDir, 'settings.json'), 'utf8'))).toEqual({ theme: 'dark', 'grid.snap': { on: true } });
  });

  it('refuses path traversal and files outside the workspace', async () => {
    fs.writeFileSync(path.join(server.root, 'secret.json'), '{"secret":true}');
    for (const p of ['../secret.json', path.join(server.root, 'secret.json'), '/etc/passwd', 'sub/../../secret.json']) {
      const r = await call('openProject', p);
      expect(r.error?.code, p).toBe('FORBIDDEN');
    }
    const write = await call('saveProject', { path: '../evil.json', name: 'evil' }, 'x');
    expect(write.error?.code).toBe('FORBIDDEN');
    expect(fs.existsSync(path.join(server.root, 'evil.json'))).toBe(false);
    const noDialog = await call('openProject');
    expect(noDialog.error?.message).toMatch(/listProjectFiles/);
  });

  it('lists datasets and streams training messages as events, with control', async () => {
    const ds = await call('listDatasets');
    expect(ds.result).toEqual([MNIST]);
    const events: { runId: string; message: { type: string } }[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.event === 'trainingMessage') events.push(m.payload);
    });
    const started = await call('startTraining', { ...CONFIG, runDir: 'lenet-1' });
    expect(launchedWith?.runDir).toBe(path.join(fs.realpathSync(server.workspace), 'runs', 'lenet-1'));
    expect(started.result).toEqual({ runId: 'run-1' });
    expect((await call('controlTraining', 'run-1', 'pause')).ok).toBe(true);
    await until(() => events.length >= 2, 5000, 'the epoch event');
    expect((await call('controlTraining', 'run-1', 'stop')).ok).toBe(true);
    await until(() => events.length >= 3, 5000, 'the stopped event');
    expect(events.map((e) => e.message.type)).toEqual(['started', 'epoch', 'stopped']);
    expect(events.every((e) => e.runId === 'run-1')).toBe(true);
    expect(controls).toEqual(['pause', 'stop']);
    expect((await call('controlTraining', 'run-1', 'resume')).error?.message).toMatch(/No running training run/);
  });

  it('validates training configs and keeps run and dataset folders inside the workspace', async () => {
    const bad = await call('startTraining', { graph: {}, dataset: {} });
    expect(bad.error?.code).toBe('BAD_ARGS');
    expect(bad.error?.message).toMatch(/Invalid training config: .*dataset\.id/);
    for (const escape of [{ runDir: '../../../tmp/x' }, { resumeFrom: '/etc' }, { dataset: { id: 'path:/etc' } }, { dataset: { id: '/root' } }, { dataset: { id: '../../..' } }]) {
      const r = await call('startTraining', { ...CONFIG, ...escape });
      expect(r.error?.code, JSON.stringify(escape)).toBe('FORBIDDEN');
    }
  });

  it('reports a capability that is not wired as NOT_AVAILABLE with the reason', async () => {
    const r = await call('exportModel', { format: 'onnx', projectText: '{}' });
    expect(r.error).toEqual({ code: 'NOT_AVAILABLE', message: 'Export to onnx is not available yet: exporters not built' });
  });
});

describe('browser-mode server: binding', () => {
  it('refuses to listen on a non-loopback address', async () => {
    await expect(startTestServer({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/loopback only/);
  });
});
