/**
 * Shared by the ONNX export tests: graphs from steps, onnxruntime-node vs TF.js on random weights, and the
 * files a test file wrote, checked by onnx.checker in one python process at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { createProject } from '../../../shared/format';
import type { GraphData, GraphNode } from '../../../shared/graph/types';
import { modelWithWeights, onnxBytes } from '../../../main/export';
import { peersRequired, PYTHON, pythonWith } from '../../shared/export/peers';

/** A linear chain graph from [type, params] steps (ids n0, n1, …; n0 is the Input). */
export function chain(shape: number[], steps: [string, Record<string, unknown>][]): GraphData {
  const nodes: GraphNode[] = [{ id: 'n0', type: 'Input', params: { shape }, position: { x: 0, y: 0 } }];
  steps.forEach(([type, params], i) => nodes.push({ id: `n${i + 1}`, type, params, position: { x: 0, y: (i + 1) * 80 } }));
  const edges = steps.map((_, i) => ({ id: `e${i}`, source: `n${i}`, target: `n${i + 1}`, targetPort: 0 }));
  return { nodes, edges, groups: [] };
}

export function randomize(model: tf.LayersModel, seed: number): void {
  // Non-trivial BN statistics / biases, so a wrong mapping cannot hide behind zeros and ones.
  model.weights.forEach((w, i) => {
    const name = w.originalName;
    const t = name.endsWith('variance') ? tf.randomUniform(w.shape as number[], 0.5, 2, 'float32', seed + i) : tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', seed + i);
    w.write(t);
    t.dispose();
  });
}

/** `input.int`: feed whole numbers in [0, int) (Embedding indices) instead of N(0, 1). */
export async function maxErr(graph: GraphData, seed: number, layout: 'nchw' | 'nhwc', batch = 2, input?: { int: number }): Promise<{ err: number; bytes: Uint8Array }> {
  const project = createProject(graph);
  const model = await modelWithWeights(project);
  randomize(model, seed);
  const bytes = onnxBytes(model, project, layout);
  const inShape = model.inputs[0].shape.map((d) => (d == null ? batch : d));
  const x = input ? tf.floor(tf.randomUniform(inShape, 0, input.int, 'float32', seed)) : tf.randomNormal(inShape, 0, 1, 'float32', seed);
  const y = model.predict(x) as tf.Tensor;
  const feedShape = layout === 'nchw' && inShape.length === 4 ? [inShape[0], inShape[3], inShape[1], inShape[2]] : inShape;
  const feedData = layout === 'nchw' && inShape.length === 4 ? tf.transpose(x, [0, 3, 1, 2]) : x;
  const session = await ort.InferenceSession.create(bytes);
  const res = await session.run({ [model.inputNames[0]]: new ort.Tensor('float32', feedData.dataSync() as Float32Array, feedShape) });
  const got = res[model.outputNames[0]];
  let expected = y;
  if (layout === 'nchw' && y.rank === 4) expected = tf.transpose(y, [0, 3, 1, 2]);
  expect(got.dims).toEqual(expected.shape);
  const e = expected.dataSync();
  const g = got.data as Float32Array;
  let err = 0;
  for (let i = 0; i < e.length; i++) err = Math.max(err, Math.abs(e[i] - g[i]));
  expect(Number.isFinite(err)).toBe(true);
  tf.dispose([x, y, expected, feedData]);
  model.dispose();
  await session.release();
  return { err, bytes };
}


/** The ONNX files a test file wrote (in a fresh temp folder) and the largest error against TF.js seen. */
export class WrittenOnnx {
  readonly dir: string;
  readonly files: string[] = [];
  maxErr = 0;

  constructor(prefix: string) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  }

  /** Writes `name.onnx` and lists it for the checker; returns its path. */
  write(name: string, bytes: Uint8Array): string {
    const file = path.join(this.dir, `${name}.onnx`);
    writeFileSync(file, bytes);
    this.files.push(file);
    return file;
  }

  /** A maxErr result: expects ≤ 1e-4 (labelled), remembers the error and writes the file. */
  keepMatching(name: string, label: string, { err, bytes }: { err: number; bytes: Uint8Array }): void {
    expect(err, label).toBeLessThanOrEqual(1e-4);
    this.maxErr = Math.max(this.maxErr, err);
    this.write(name, bytes);
  }

  /**
   * onnx.checker.check_model(full_check) on every file in one python process. Without python3-onnx it
   * prints why and returns, except under NETWRIGHT_REQUIRE_PEERS=1 where it fails.
   */
  checkAll(minFiles: number): void {
    const peer = pythonWith('onnx');
    if (!peer.ok) {
      const why = `skipped: ${peer.reason} (apt-get install python3-onnx)`;
      if (peersRequired) throw new Error(why);
      console.warn(why);
      return;
    }
    expect(this.files.length).toBeGreaterThan(minFiles);
    const script = 'import sys, onnx\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\nprint("ok", len(sys.argv) - 1)';
    const r = spawnSync(PYTHON, ['-c', script, ...this.files], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`ok ${this.files.length}`);
    console.log(`checked ${this.files.length} ONNX files; max abs error vs TF.js ${this.maxErr.toExponential(2)}`);
  }
}
