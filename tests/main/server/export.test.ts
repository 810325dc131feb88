// Host.exportModel: code files (with a run's training settings), ONNX / TF.js model files (with a run's
// trained weights), unique names under <workspace>/exports/, capability reports as BAD_ARGS.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeServices, type NodeServices } from '../../../main/server/services';
import { defaultCapabilities } from '../../../main/server/wiring';
import { RpcError } from '../../../shared/contract/rpc';
import { createProject, serializeProject } from '../../../shared/format/index';
import { parseTrainingConfig } from '../../../shared/contract/training';
import { buildPreset } from '../../../shared/presets/index';
import { runTraining } from '../../../main/engine/trainer/index';
import { chain } from '../engine/trainer/helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-export-host-'));
const workspace = path.join(tmp, 'ws');
const runDir = path.join(workspace, 'runs', 'lab', 'r1');
const graph = buildPreset('lenet5').graph;
const projectText = serializeProject(createProject(graph, { name: 'LeNet Lab' }));
let services: NodeServices;
beforeAll(async () => {
  fs.mkdirSync(workspace, { recursive: true });
  services = createNodeServices({ workspace, stateDir: path.join(tmp, 'state'), emit: () => undefined, ...(await defaultCapabilities()) });
  const config = parseTrainingConfig({ graph, dataset: { id: 'mnist', limit: 200 }, epochs: 1, batchSize: 32, backend: 'wasm', workers: 1, runDir, optimizer: { type: 'sgd', learningRate: 0.05 } });
  await runTraining(config, { emit: () => undefined });
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const code = (e: unknown) => (e instanceof RpcError ? e.code : String(e));
const exportsDir = () => fs.realpathSync(path.join(workspace, 'exports'));

describe('exportModel in the host', () => {
  it('writes code files under exports/ with unique names, and bakes in a run’s training settings', async () => {
    const a = await services.exportModel({ format: 'pytorch', projectText });
    const b = await services.exportModel({ format: 'pytorch', projectText, runDir: 'lab/r1' });
    expect(a?.path).toBe(path.join(workspace, 'exports', 'lenet_lab.py'));
    expect(b?.path).toBe(path.join(workspace, 'exports', 'lenet_lab-2.py'));
    const plain = fs.readFileSync(a!.path, 'utf8');
    const withRun = fs.readFileSync(b!.path, 'utf8');
    expect(plain).toMatch(/nn\.Module/);
    expect(withRun).toMatch(/SGD/);
    expect(withRun).not.toEqual(plain);
    expect(path.basename((await services.exportModel({ format: 'keras', projectText }))!.path)).toBe('lenet_lab_keras.py');
    expect(path.basename((await services.exportModel({ format: 'tfjs-code', projectText }))!.path)).toBe('lenet_lab.ts');
  });

  it('writes ONNX and TF.js model files with the run’s trained weights (different from initial ones)', async () => {
    const trained = (await services.exportModel({ format: 'onnx', projectText, runDir }))!.path;
    const initial = (await services.exportModel({ format: 'onnx', projectText }))!.path;
    expect(path.dirname(trained)).toBe(path.join(workspace, 'exports'));
    expect([path.basename(trained), path.basename(initial)]).toEqual(['lenet-lab.onnx', 'lenet-lab-2.onnx']);
    const t = fs.readFileSync(trained);
    expect(t.length).toBeGreaterThan(61_706 * 4);
    expect(t.equals(fs.readFileSync(initial))).toBe(false);
    const tfjs = (await services.exportModel({ format: 'tfjs', projectText, runDir }))!.path;
    expect(path.basename(tfjs)).toBe('lenet-lab-tfjs');
    expect(fs.readdirSync(tfjs).sort()).toEqual(['model.json', 'weights.bin']);
    // The TF.js export carries exactly the checkpoint's weights.
    expect(fs.readFileSync(path.join(tfjs, 'weights.bin')).equals(fs.readFileSync(path.join(runDir, 'checkpoints', 'best', 'weights.bin')))).toBe(true);
    expect(exportsDir()).toBe(fs.realpathSync(path.dirname(tfjs)));
  });

  it('refuses with the capability report, bad projects, unknown formats and outside run folders', async () => {
    const lrn = serializeProject(createProject(chain([8, 8, 3], [['LRN', {}], ['Flatten', {}], ['Dense', { units: 2 }]]), { name: 'norm' }));
    const err = await services.exportModel({ format: 'keras', projectText: lrn }).catch((e: unknown) => e);
    expect(code(err)).toBe('BAD_ARGS');
    expect((err as Error).message).toMatch(/LRN/);
    expect(fs.existsSync(path.join(workspace, 'exports', 'norm_keras.py'))).toBe(false);
    expect(code(await services.exportModel({ format: 'onnx', projectText: '{"nope":1}' }).catch((e: unknown) => e))).toBe('BAD_ARGS');
    const unknown = await services.exportModel({ format: 'caffe', projectText }).catch((e: unknown) => e);
    expect((unknown as Error).message).toMatch(/Unknown export format 'caffe' \(expected pytorch, keras, tfjs-code, onnx, tfjs\)/);
    expect(code(await services.exportModel({ format: 'onnx', projectText, runDir: '/etc' }).catch((e: unknown) => e))).toBe('FORBIDDEN');
  });
});
