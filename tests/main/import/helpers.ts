/** Round-trip helpers: export a graph to ONNX (both layouts) and TF.js files, import them, compare analyses. */
import { expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createProject } from '../../../shared/format';
import type { GraphData } from '../../../shared/graph/types';
import { analyzeGraph } from '../../../shared/infer';
import { parseLayerParams } from '../../../shared/layers';
import { modelWithWeights, onnxBytes } from '../../../main/export';
import { writeTfjsModel } from '../../../main/export/tfjs';
import { importModelBytes, importModelFile, type ImportResult } from '../../../main/import';

export interface Summary {
  trainable: number;
  total: number;
  /** Output shapes of the heads, sorted. */
  outputs: string[];
  /** Inferred shape per node id. */
  shapes: Map<string, string>;
  errors: string[];
}

export function summarize(graph: GraphData): Summary {
  const a = analyzeGraph(graph);
  const used = new Set(graph.edges.map((e) => e.source));
  const shape = (id: string) => JSON.stringify(a.nodes.get(id)?.outputShape ?? null);
  return {
    trainable: a.totals.trainableParams,
    total: a.totals.params,
    outputs: graph.nodes.filter((n) => !used.has(n.id)).map((n) => shape(n.id)).sort(),
    shapes: new Map(graph.nodes.map((n) => [n.id, shape(n.id)])),
    errors: a.issues.filter((i) => i.severity === 'error').map((i) => i.message),
  };
}

/**
 * The import of `res` matches `want`: no errors, nothing unsupported, same head shapes and parameter
 * counts, and every node id that survived (ids are the layer names) has the same shape.
 */
/** Layers that are identities at inference: ONNX has no trace of them (exported as Identity), nor of a linear Activation. */
const INFERENCE_IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);
/**
 * Same function, different catalog spelling, indistinguishable in ONNX: ReLU() / Activation('relu'),
 * Activation('leakyRelu') / LeakyReLU(0.2), Activation('relu6') / ReLU(6), ELU(1) / Activation('elu'),
 * Activation('softmax') / Softmax().
 */
const SAME_TYPE = new Set(['ReLU>Activation', 'ELU>Activation', 'Softmax>Activation', 'Activation>LeakyReLU', 'Activation>ReLU', 'Activation>Softmax']);

/**
 * Node by node against the original graph: every original layer comes back under its id with its type
 * (TF.js: all of them; ONNX: all but inference-time identities), and nothing else is added.
 */
/** Params in one spelling: catalog defaults filled in, [n, n] → n, pooling strides null → the pool size. */
function canonical(type: string, params: Record<string, unknown>): Record<string, unknown> {
  const r = parseLayerParams(type, params);
  const p: Record<string, unknown> = r.ok ? { ...r.params } : { ...params };
  for (const [k, v] of Object.entries(p)) {
    if (Array.isArray(v) && v.length > 0 && v.every((x) => JSON.stringify(x) === JSON.stringify(v[0])) && typeof v[0] === 'number') p[k] = v[0];
  }
  if ('poolSize' in p && p.strides == null) p.strides = p.poolSize;
  if (typeof p.epsilon === 'number') p.epsilon = Math.fround(p.epsilon);
  if (typeof p.momentum === 'number') p.momentum = Math.fround(p.momentum);
  return p;
}

export function expectSameNodes(label: string, original: GraphData, res: ImportResult, format: string): void {
  const got = new Map(res.project.graph.nodes.map((n) => [n.id, n.type]));
  const gotParams = new Map(res.project.graph.nodes.map((n) => [n.id, n.params]));
  for (const n of original.nodes) {
    const type = got.get(n.id);
    if (type === n.type) {
      const [a, b] = [canonical(type, gotParams.get(n.id)!), canonical(n.type, n.params)];
      // 'same' that pads nothing (1×1 stride 1, 2×2/2 on even sizes) is 'valid': ONNX cannot tell them
      // apart and both are exact; the shape check above covers it.
      if (a.padding !== b.padding && [a.padding, b.padding].sort().join() === 'same,valid') {
        delete a.padding;
        delete b.padding;
      }
      expect(a, `${label}: params of ${n.id}`).toEqual(b);
    }
    const identity = INFERENCE_IDENTITY.has(n.type) || (n.type === 'Activation' && n.params.activation === 'linear');
    if (type === undefined && format !== 'tfjs' && identity) continue;
    expect(type === n.type || SAME_TYPE.has(`${n.type}>${type}`) ? n.type : type, `${label}: node ${n.id}`).toBe(n.type);
  }
  const ids = new Set(original.nodes.map((n) => n.id));
  expect(res.project.graph.nodes.filter((n) => !ids.has(n.id)).map((n) => n.id), `${label}: added nodes`).toEqual([]);
}

export function expectSameModel(label: string, want: Summary, res: ImportResult): void {
  expect(res.unsupported, label).toEqual([]);
  const got = summarize(res.project.graph);
  expect(got.errors, label).toEqual([]);
  expect(got.outputs, label).toEqual(want.outputs);
  expect(got.trainable, label).toBe(want.trainable);
  expect(got.total, label).toBe(want.total);
  let common = 0;
  for (const [id, s] of got.shapes) {
    if (!want.shapes.has(id)) continue;
    common++;
    expect(s, `${label}: ${id}`).toBe(want.shapes.get(id));
  }
  // Laid out top to bottom: every edge points down, no two nodes on the same spot.
  const pos = new Map(res.project.graph.nodes.map((n) => [n.id, n.position]));
  for (const e of res.project.graph.edges) expect(pos.get(e.source)!.y, `${label}: edge ${e.id}`).toBeLessThan(pos.get(e.target)!.y);
  expect(new Set(res.project.graph.nodes.map((n) => `${n.position.x},${n.position.y}`)).size, label).toBe(res.project.graph.nodes.length);
  // Only layout helpers and inference-time identities (dropout) may disappear.
  expect(common, label).toBeGreaterThanOrEqual(Math.floor(want.shapes.size * 0.8));
}

export const tmp = mkdtempSync(path.join(os.tmpdir(), 'nw-import-'));
export function cleanup(): void {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Builds the TF.js model once and round-trips it through the given formats (what exportModelFile writes:
 * onnxBytes / writeTfjsModel of the same model). Returns the number of formats checked.
 */
export async function roundTrip(label: string, graph: GraphData, formats: ('onnx' | 'onnx-nhwc' | 'tfjs')[]): Promise<number> {
  const project = createProject(graph);
  const want = summarize(graph);
  const model = await modelWithWeights(project);
  try {
    for (const f of formats) {
      let res: ImportResult;
      if (f === 'tfjs') {
        const file = path.join(tmp, `${label}.json`);
        await writeTfjsModel(tf, model, file);
        res = await importModelFile(file);
      } else {
        res = await importModelBytes(onnxBytes(model, project, f === 'onnx' ? 'nchw' : 'nhwc'), `${label}.onnx`);
      }
      expectSameModel(`${label} ${f}`, want, res);
      expectSameNodes(`${label} ${f}`, graph, res, f);
    }
  } finally {
    model.dispose();
  }
  return formats.length;
}
