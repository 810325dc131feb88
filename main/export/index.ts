/**
 * Model-file export: a project's graph (with weights from a run's best/last checkpoint, or freshly
 * initialised) → TF.js Layers files or ONNX (opset 13). Weights always come from the TF.js model built by
 * main/engine/model.ts, so both formats carry exactly what the built-in engine trained.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { NetwrightProject } from '../../shared/format';
import { buildModel } from '../engine/model';
import { loadWeightsInto } from '../runs/checkpoint';
import { modelToOnnx, type Layout } from './onnx/convert';
import { encodeModel } from './onnx/proto';
import { writeTfjsModel } from './tfjs';

export type ModelFileFormat = 'onnx' | 'tfjs';

export interface ModelFileOptions {
  /** Run folder whose checkpoints/best (else checkpoints/last) weights are exported. */
  runDir?: string;
  /** ONNX: the .onnx file. TF.js: a directory, or a .json path. */
  outPath: string;
  /** ONNX input/output layout for rank-4 tensors; default 'nchw'. */
  layout?: Layout;
}

/** The checkpoint folder to export from a run: best when present, else last. */
export function runCheckpointDir(runDir: string): string {
  for (const which of ['best', 'last']) {
    const dir = path.join(runDir, 'checkpoints', which);
    if (existsSync(path.join(dir, 'model.json'))) return dir;
  }
  throw new Error(`Run ${runDir} has no checkpoint (looked for checkpoints/best and checkpoints/last).`);
}

/** Builds the project's TF.js model with the run's weights (or fresh initial weights). */
export async function modelWithWeights(project: NetwrightProject, runDir?: string): Promise<tf.LayersModel> {
  await tf.ready();
  const model = buildModel(tf, project.graph);
  if (runDir) await loadWeightsInto(tf, model, runCheckpointDir(runDir));
  return model;
}

/** Bytes of the ONNX model for a built TF.js model. */
export function onnxBytes(model: tf.LayersModel, project: NetwrightProject, layout: Layout = 'nchw'): Uint8Array {
  const labels = new Map(project.graph.nodes.map((n) => [n.id, n.name ?? n.id]));
  return encodeModel(modelToOnnx(model, { layout, labels }));
}

export async function exportModelFile(project: NetwrightProject, format: ModelFileFormat, opts: ModelFileOptions): Promise<{ files: string[] }> {
  const model = await modelWithWeights(project, opts.runDir);
  try {
    if (format === 'tfjs') return { files: await writeTfjsModel(tf, model, opts.outPath) };
    if (format === 'onnx') {
      const bytes = onnxBytes(model, project, opts.layout ?? 'nchw');
      await mkdir(path.dirname(path.resolve(opts.outPath)), { recursive: true });
      await writeFile(opts.outPath, bytes);
      return { files: [opts.outPath] };
    }
    throw new Error(`Unknown model-file format '${String(format)}' (expected onnx or tfjs).`);
  } finally {
    model.dispose();
  }
}
