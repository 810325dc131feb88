/**
 * What the importer refuses or leaves out, and how it says so: unsupported ONNX ops and Keras layers by
 * name and op type (the rest of the graph still imported), corrupt and foreign files with one clear
 * message each.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeModel } from '../../../main/export/onnx/proto';
import { ImportError, importModelBytes, importModelFile } from '../../../main/import';
import { summarize } from './helpers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nw-import-err-'));
const FLOAT = 1;

/** A small hand-written ONNX model: `nodes` as [op, inputs, output, name, attrs]. */
function onnxModel(nodes: [string, string[], string, string, Record<string, unknown>[]?][], inits: [string, number[]][], opset = 13): Uint8Array {
  const vi = (name: string, dims: (number | string)[]) => ({ name, type: { tensor_type: { elem_type: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) } } } });
  return encodeModel({
    ir_version: 7,
    producer_name: 'hand',
    opset_import: [{ domain: '', version: opset }],
    graph: {
      name: 'g',
      node: nodes.map(([op_type, input, out, name, attribute]) => ({ op_type, input, output: [out], name, attribute: attribute ?? [] })),
      initializer: inits.map(([name, dims]) => ({ name, data_type: FLOAT, dims, float_data: new Array(dims.reduce((a, d) => a * d, 1)).fill(0.1) })),
      input: [vi('x', ['N', 3, 8, 8])],
      // Every tensor nothing reads is a graph output (nodes that reach no output are skipped).
      output: nodes.filter(([, , o]) => !nodes.some(([, ins]) => ins.includes(o))).map(([, , o]) => vi(o, ['N', 5])),
    },
  });
}
const ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });

describe('import: unsupported operators', () => {
  it('ONNX: lists each unsupported op by node name and op type, keeps the rest', async () => {
    const bytes = onnxModel(
      [
        ['Conv', ['x', 'w', 'b'], 'c', 'stem_conv', [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1])]],
        ['HardSwish', ['c'], 'h', 'stem_hswish'],
        ['GlobalAveragePool', ['h'], 'p', 'pool'],
        ['Flatten', ['p'], 'f', 'flat'],
        ['Einsum', ['f'], 'e', 'mystery', [{ name: 'equation', type: 3, s: new TextEncoder().encode('ij->ij') }]],
        ['Gemm', ['f', 'fw', 'fb'], 'y', 'head', [{ name: 'transB', type: 2, i: 1 }]],
      ],
      [['w', [4, 3, 3, 3]], ['b', [4]], ['fw', [5, 4]], ['fb', [5]]],
    );
    const res = await importModelBytes(bytes, 'hand.onnx');
    expect(res.unsupported.map((u) => [u.name, u.op])).toEqual([
      ['stem_hswish', 'HardSwish'],
      ['mystery', 'Einsum'],
    ]);
    expect(res.unsupported[0].reason).toMatch(/no Netwright layer/);
    // HardSwish keeps the shape: left out, its consumer reads its input, so the head survives.
    expect(res.warnings.join('\n')).toMatch(/left out 'stem_hswish'/);
    const g = res.project.graph;
    expect(g.nodes.map((n) => n.type)).toEqual(['Input', 'Conv2D', 'GlobalAveragePooling2D', 'Dense']);
    expect(g.nodes.find((n) => n.type === 'Conv2D')!.params).toMatchObject({ filters: 4, kernelSize: 3, padding: 'same', useBias: true });
    const s = summarize(g);
    expect(s.outputs).toEqual(['[5]']);
    expect(s.trainable).toBe(4 * 27 + 4 + 4 * 5 + 5);
  });

  it('TF.js: an unknown Keras class and an activation outside the catalog are reported by layer name', async () => {
    const topo = {
      class_name: 'Sequential',
      config: {
        name: 'seq',
        layers: [
          { class_name: 'Dense', config: { name: 'hidden', units: 8, activation: 'softplus', use_bias: true, batch_input_shape: [null, 4] } },
          { class_name: 'Lambda', config: { name: 'custom_fn', function: 'x => x' } },
          { class_name: 'Dense', config: { name: 'out', units: 2, activation: 'softmax' } },
        ],
      },
    };
    const file = path.join(dir, 'model.json');
    writeFileSync(file, JSON.stringify({ format: 'layers-model', modelTopology: topo, weightsManifest: [] }));
    const res = await importModelFile(file);
    expect(res.unsupported.map((u) => [u.name, u.op])).toEqual([
      ['hidden', 'Dense'],
      ['custom_fn', 'Lambda'],
    ]);
    expect(res.unsupported[0].reason).toMatch(/activation 'softplus'.*imported as linear/);
    expect(res.warnings.join('\n')).toMatch(/'out' lost its input from left-out 'custom_fn'/);
    expect(res.project.graph.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['input:Input', 'hidden:Dense', 'out:Dense']);
  });
});

describe('import: files that cannot be imported', () => {
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['empty.onnx', '', /is empty/],
    ['text.onnx', 'hello world', /neither an ONNX model nor a TF\.js model\.json/],
    ['broken.json', '{ "modelTopology": ', /not valid JSON/],
    ['other.json', '{ "a": 1 }', /not a TF\.js Layers model/],
    ['graph.json', '{ "format": "graph-model", "modelTopology": { "node": [] } }', /graph model .* only TF\.js Layers models/],
    ['truncated.onnx', onnxModel([['Relu', ['x'], 'y', 'r']], []).slice(0, 40), /not a valid ONNX model/],
    ['old.onnx', onnxModel([['Relu', ['x'], 'y', 'r']], [], 9), /opset 9: opset 13 or newer/],
  ];
  for (const [name, content, message] of cases) {
    it(`${name}: ${message.source}`, async () => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      const err = await importModelFile(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toContain(name);
    });
  }

  it('a missing file and a folder without a model.json', async () => {
    await expect(importModelFile(path.join(dir, 'nope.onnx'))).rejects.toThrow(/nope\.onnx does not exist/);
    mkdirSync(path.join(dir, 'folder'));
    await expect(importModelFile(path.join(dir, 'folder'))).rejects.toThrow(/folder is a folder without a model\.json: pass the model\.json or \.onnx file/);
  });
});
