// The desktop training launcher with the real process plumbing: a forked Node child speaking the
// training protocol stands in for the engine (the utilityProcess fork is the same interface).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processTrainingLauncher, type ChildLike } from '../../electron/training';
import { bridgeParentPort } from '../../electron/utility-child';

let dir: string;
let childModule: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-train-'));
  childModule = path.join(dir, 'child.cjs');
  // Protocol: start → ready, epochs until stop/crash; 'crash' in the config exits without done.
  fs.writeFileSync(
    childModule,
    `let epoch = 0, timer = null, paused = false;
process.on('message', (m) => {
  if (m.type === 'start') {
    if (m.config.crash) { process.stderr.write('boom: out of memory\\n'); process.exit(3); }
    process.send({ type: 'ready', backend: 'cpu' });
    timer = setInterval(() => { if (!paused) process.send({ type: 'epoch', epoch: ++epoch }); }, 20);
  } else if (m.type === 'pause') { paused = true; process.send({ type: 'paused' }); }
  else if (m.type === 'resume') { paused = false; process.send({ type: 'resumed' }); }
  else if (m.type === 'stop') { clearInterval(timer); process.send({ type: 'done', stopped: true, epochs: epoch }); }
});`,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const nodeFork = (modulePath: string, args: string[]): ChildLike => {
  const c = fork(modulePath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  c.stderr?.on('data', (d: Buffer) => c.emit('stderr', d.toString()));
  return c as unknown as ChildLike;
};

describe('process training launcher', () => {
  it('starts, streams, pauses/resumes and stops a run with the training protocol', async () => {
    const got: { type: string }[] = [];
    const waiters: { type: string; resolve(): void }[] = [];
    const onMessage = (m: unknown) => {
      got.push(m as { type: string });
      for (const w of waiters.filter((x) => x.type === (m as { type: string }).type)) w.resolve();
    };
    // Event-driven, so a slow machine only makes it slower, never flaky.
    const next = (type: string) => new Promise<void>((resolve) => waiters.push({ type, resolve }));
    const launch = processTrainingLauncher(nodeFork, childModule);
    const firstEpoch = next('epoch');
    const run = await launch({ epochs: 5 }, { onMessage });
    expect(run.runId).toMatch(/^run-\d{14}-[0-9a-f]{6}$/);
    await firstEpoch;
    const paused = next('paused');
    run.pause();
    await paused;
    const resumed = next('resumed');
    run.resume();
    await resumed;
    run.stop();
    await run.done;
    const types = got.map((m) => m.type);
    expect(types[0]).toBe('ready');
    expect(types).toContain('epoch');
    expect(types).toContain('paused');
    expect(types).toContain('resumed');
    expect(types.at(-1)).toBe('done');
  });

  it('turns a crash into an error message with the stderr tail, and ends the run', async () => {
    const got: { type: string; code?: string; message?: string }[] = [];
    const run = await processTrainingLauncher(nodeFork, childModule)({ crash: true }, { onMessage: (m) => got.push(m as never) });
    await run.done;
    expect(got.at(-1)).toMatchObject({ type: 'error', code: 'CHILD_CRASHED' });
    expect(got.at(-1)?.message).toMatch(/code 3.*boom: out of memory/);
  });
});

describe('bundled engine child', () => {
  it('dist/electron/training-child.mjs (esbuild bundle of main/engine/child.ts) trains a small model', async () => {
    const { buildElectron } = await import('../../scripts/build-electron');
    const out = await buildElectron(() => undefined);
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
    const withEnv = (m: string, a: string[]): ChildLike => {
      const c = fork(m, a, { env: { ...process.env, NETWRIGHT_TRAINING_CHILD: '1' }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      c.stderr?.on('data', (d: Buffer) => c.emit('stderr', d.toString()));
      return c as unknown as ChildLike;
    };
    const got: { type: string }[] = [];
    const run = await processTrainingLauncher(withEnv, path.join(out, 'training-child.mjs'))(
      { graph, dataset: { id: 'mnist', limit: 256 }, epochs: 1, batchSize: 64, backend: 'cpu', workers: 1 },
      { onMessage: (m) => got.push(m as { type: string }) },
    );
    await run.done;
    expect(got.map((m) => m.type)).toEqual(expect.arrayContaining(['ready', 'batch', 'epoch', 'done']));
    expect(got.at(-1)?.type, JSON.stringify(got.at(-1))).toBe('done');
  });
});

describe('utilityProcess shim', () => {
  it('maps parentPort onto process.send / process.on("message")', () => {
    const port = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void; posted: unknown[] };
    port.posted = [];
    port.postMessage = (m) => port.posted.push(m);
    const proc = new EventEmitter() as unknown as NodeJS.Process & { parentPort: typeof port };
    proc.parentPort = port;
    expect(bridgeParentPort(proc as never)).toBe(true);
    const received: unknown[] = [];
    proc.on('message', (m) => received.push(m));
    port.emit('message', { data: { type: 'start' } });
    proc.send!({ type: 'ready' });
    expect(received).toEqual([{ type: 'start' }]);
    expect(port.posted).toEqual([{ type: 'ready' }]);
    expect(bridgeParentPort(new EventEmitter() as never)).toBe(false);
  });
});
