// Host.importModel on the real Node services: ONNX and TF.js files exported from a preset (by path and as
// bytes), the unsupported-ops refusal and allowPartial, path confinement, and a picked file outside.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeServices, type NodeServices } from '../../../main/server/services';
import { exportModelFile } from '../../../main/export/index';
import { HARD_SWISH_MODEL_PARAMS, hardSwishModel } from './import-fixtures';
import { IMPORT_UNSUPPORTED_PHRASE } from '../../../shared/contract/host';
import { RpcError } from '../../../shared/contract/rpc';
import { createProject, loadProject } from '../../../shared/format/index';
import { analyzeGraph } from '../../../shared/infer/index';
import { buildPreset } from '../../../shared/presets/index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-import-host-'));
const workspace = path.join(tmp, 'ws');
const outside = path.join(tmp, 'elsewhere');
const lenet = buildPreset('lenet5').graph;
const lenetTotals = analyzeGraph(lenet).totals;
let services: NodeServices;

const totalsOf = (projectText: string) => {
  const loaded = loadProject(projectText);
  if (!loaded.ok) throw new Error(`imported project does not load: ${JSON.stringify(loaded.errors[0])}`);
  return { graph: loaded.project.graph, totals: analyzeGraph(loaded.project.graph).totals, meta: loaded.project.meta };
};
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof RpcError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) };
  }
  return { code: 'none', message: '' };
};

beforeAll(async () => {
  fs.mkdirSync(path.join(workspace, 'models'), { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  const project = createProject(lenet, { name: 'LeNet' });
  await exportModelFile(project, 'onnx', { outPath: path.join(workspace, 'models', 'lenet.onnx') });
  await exportModelFile(project, 'tfjs', { outPath: path.join(workspace, 'models', 'lenet-tfjs') });
  fs.writeFileSync(path.join(workspace, 'hs.onnx'), hardSwishModel());
  fs.copyFileSync(path.join(workspace, 'models', 'lenet.onnx'), path.join(outside, 'lenet.onnx'));
  fs.symlinkSync(outside, path.join(workspace, 'escape'));
  services = createNodeServices({ workspace, stateDir: path.join(tmp, 'state'), emit: () => undefined });
}, 60_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('importModel in the host', () => {
  it('imports an ONNX file by workspace-relative path: the preset’s parameter counts, warnings listed', async () => {
    const r = await services.importModel({ path: 'models/lenet.onnx', allowPartial: false });
    const { graph, totals, meta } = totalsOf(r.projectText);
    expect(totals.trainableParams).toBe(61_706);
    expect(totals.params).toBe(lenetTotals.params);
    expect(graph.nodes.length).toBeGreaterThanOrEqual(lenet.nodes.length - 2);
    expect(meta.importedFrom).toMatchObject({ format: 'onnx', file: path.join(fs.realpathSync(workspace), 'models', 'lenet.onnx') });
    expect(r.unsupported).toEqual([]);
    expect(Array.isArray(r.warnings)).toBe(true);
  });

  it('imports a TF.js export by its model.json path and by its folder', async () => {
    for (const p of ['models/lenet-tfjs/model.json', path.join(workspace, 'models', 'lenet-tfjs')]) {
      const r = await services.importModel({ path: p, allowPartial: false });
      const { totals, meta } = totalsOf(r.projectText);
      expect(totals.trainableParams).toBe(61_706);
      expect(meta.importedFrom).toMatchObject({ format: 'tfjs' });
    }
  });

  it('imports bytes (base64, as a browser file input sends them) with the given file name', async () => {
    const onnx = fs.readFileSync(path.join(workspace, 'models', 'lenet.onnx')).toString('base64');
    const a = totalsOf((await services.importModel({ name: 'upload.onnx', bytesBase64: onnx, allowPartial: false })).projectText);
    expect(a.totals.params).toBe(lenetTotals.params);
    expect(a.meta.importedFrom).toMatchObject({ format: 'onnx', file: 'upload.onnx' });
    // model.json alone is enough: the topology, no weights file.
    const json = fs.readFileSync(path.join(workspace, 'models', 'lenet-tfjs', 'model.json')).toString('base64');
    const b = totalsOf((await services.importModel({ name: 'model.json', bytesBase64: json, allowPartial: false })).projectText);
    expect(b.totals.trainableParams).toBe(61_706);
  });

  it('refuses unsupported ops by name (BAD_ARGS) unless allowPartial, which lists them and keeps the rest', async () => {
    const f = await failure(services.importModel({ path: 'hs.onnx', allowPartial: false }));
    expect(f.code).toBe('BAD_ARGS');
    expect(f.message).toContain(IMPORT_UNSUPPORTED_PHRASE);
    expect(f.message).toMatch(/act_hs \(HardSwish: /);
    const r = await services.importModel({ path: 'hs.onnx', allowPartial: true });
    expect(r.unsupported.map((u) => [u.name, u.op])).toEqual([['act_hs', 'HardSwish']]);
    expect(r.warnings.join('\n')).toMatch(/act_hs/);
    const { graph, totals } = totalsOf(r.projectText);
    expect(graph.nodes.filter((n) => n.type === 'Dense')).toHaveLength(2);
    expect(totals.trainableParams).toBe(HARD_SWISH_MODEL_PARAMS);
  });

  it('confines paths like openProject: outside, ../ and symlink escapes are FORBIDDEN; missing files and junk are BAD_ARGS', async () => {
    for (const p of [path.join(outside, 'lenet.onnx'), '../elsewhere/lenet.onnx', 'escape/lenet.onnx']) {
      const f = await failure(services.importModel({ path: p, allowPartial: false }));
      expect(f.code, p).toBe('FORBIDDEN');
      expect(f.message, p).toMatch(/outside the workspace/);
    }
    const missing = await failure(services.importModel({ path: 'models/none.onnx', allowPartial: false }));
    expect(missing).toMatchObject({ code: 'BAD_ARGS', message: expect.stringMatching(/not found: 'models\/none\.onnx'/) });
    const junk = await failure(services.importModel({ name: 'junk.onnx', bytesBase64: Buffer.from('hello there').toString('base64'), allowPartial: false }));
    expect(junk.code).toBe('BAD_ARGS');
    expect(junk.message).toMatch(/junk\.onnx/);
  });

  it('a file picked in the native dialog is allowed wherever it is; without a dialog chooseModelFile is NOT_AVAILABLE', async () => {
    const picked = path.join(outside, 'lenet.onnx');
    const desktop = createNodeServices({
      workspace,
      stateDir: path.join(tmp, 'state2'),
      emit: () => undefined,
      dialogs: { chooseOpen: async () => null, chooseSave: async () => null, chooseModelFile: async () => picked },
    });
    const chosen = await desktop.chooseModelFile();
    expect(chosen).toBe(picked);
    const r = await desktop.importModel({ path: chosen!, allowPartial: false });
    expect(totalsOf(r.projectText).totals.trainableParams).toBe(61_706);
    expect((await failure(services.chooseModelFile())).code).toBe('NOT_AVAILABLE');
  });
});
