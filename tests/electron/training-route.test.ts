// The desktop launcher sends built-in runs to the bundled TF.js child (utilityProcess) and PyTorch runs to
// the Node capability (main/engine-pytorch starts its own Python process).
import { describe, it, expect, afterAll } from 'vitest';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronTrainingLauncher, type ChildLike } from '../../electron/training';
import type { TrainingHandle } from '../../main/server/services';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-route-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('desktop training route', () => {
  it('PyTorch configs go to the Node capability, built-in ones to the bundled child; no bundle = Node for all', async () => {
    const forked: string[] = [];
    const fakeFork = (modulePath: string): ChildLike => {
      forked.push(modulePath);
      const c = new EventEmitter() as ChildLike;
      c.send = () => true;
      c.kill = () => true;
      return c;
    };
    const nodeCalls: unknown[] = [];
    const handle: TrainingHandle = { runId: 'node-run', pause() {}, resume() {}, stop() {}, done: Promise.resolve() };
    const node = async (config: unknown) => {
      nodeCalls.push(config);
      return handle;
    };
    expect(electronTrainingLauncher(node, dir, fakeFork)).toBe(node);
    fs.writeFileSync(path.join(dir, 'training-child.mjs'), '');
    const launch = electronTrainingLauncher(node, dir, fakeFork) as Exclude<ReturnType<typeof electronTrainingLauncher>, { unavailable: string } | undefined>;
    const torch = await launch({ engine: 'pytorch' }, { onMessage: () => undefined });
    expect(torch.runId).toBe('node-run');
    expect(nodeCalls).toEqual([{ engine: 'pytorch' }]);
    expect(forked).toEqual([]);
    const builtin = await launch({ engine: 'builtin' }, { onMessage: () => undefined });
    expect(builtin.runId).toMatch(/^run-/);
    expect(forked).toEqual([path.join(dir, 'training-child.mjs')]);
    const none = electronTrainingLauncher({ unavailable: 'no engine' }, dir, fakeFork) as typeof launch;
    await expect(none({ engine: 'pytorch' }, { onMessage: () => undefined })).rejects.toThrow('The PyTorch engine is not available: no engine');
  });
});
