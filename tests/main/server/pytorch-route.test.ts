// startTraining with engine 'pytorch' goes to main/engine-pytorch and keeps the host's run folder layout.
// Peer: /usr/bin/python3 with torch (skipped with a reason when missing unless NETWRIGHT_REQUIRE_PEERS=1).
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultCapabilities } from '../../../main/server/wiring';
import { createNodeServices } from '../../../main/server/services';
import { smallMnist } from '../engine/trainer/helpers';
import { createProject, serializeProject } from '../../../shared/format/index';
import { torchPeer, until } from './helpers';

const run = torchPeer('the PyTorch route test');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-ptroute-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.runIf(run)('PyTorch engine route', () => {
  it('trains a tiny run with the PyTorch engine into runs/<project>/ and lists it with engine pytorch', async () => {
    const messages: { type: string; [k: string]: unknown }[] = [];
    const services = createNodeServices({
      workspace: tmp,
      stateDir: path.join(tmp, 'state'),
      emit: (e) => {
        if (e.event === 'trainingMessage') messages.push(e.payload.message as { type: string });
      },
      ...(await defaultCapabilities()),
    });
    await services.startTraining({ graph: smallMnist(), dataset: { id: 'mnist', limit: 128 }, epochs: 1, batchSize: 32, engine: 'pytorch', device: 'cpu', project: 'Torch' });
    await until(() => messages.some((m) => m.type === 'done' || m.type === 'error'), 120_000, 'PyTorch run end');
    expect(messages.at(-1)?.type, JSON.stringify(messages.at(-1))).toBe('done');
    const ready = messages.find((m) => m.type === 'ready')!;
    expect(ready.runDir).toMatch(/[/\\]runs[/\\]torch[/\\]\d{8}-\d{6}-torch-adam-lr0\.001$/);
    const [row] = await services.listRuns('Torch');
    expect(row).toMatchObject({ dir: ready.runDir, engine: 'pytorch', status: 'done', lastEpoch: 1 });
    // Its TF.js checkpoint copy feeds layer inspection and model-file export like a built-in run's.
    const sample = { dataset: { id: 'mnist', limit: 128, validationSplit: 0.1 }, seed: 42, split: 'test' as const, index: 0 };
    const insp = await services.inspectLayer({ runDir: ready.runDir as string, nodeId: 'n0', sample, maxMaps: 4 });
    expect(insp).toMatchObject({ epoch: 1, activation: { shape: [14, 14, 4] }, filters: { shape: [3, 3, 1, 4] } });
    const projectText = serializeProject(createProject(smallMnist(), { name: 'torch run' }));
    const onnx = await services.exportModel({ format: 'onnx', projectText, runDir: ready.runDir as string });
    expect(fs.statSync(onnx!.path).size).toBeGreaterThan(0);
    await services.dispose();
  }, 180_000);
});
