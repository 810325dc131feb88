/**
 * Layer inspection (Host.inspectLayer): one layer's output for one dataset sample, and its kernels, from a
 * run's checkpoint (best, else last) or from freshly initialised weights. Runs in the host process on the
 * wasm backend: one forward pass of one sample, through a sub-model ending at the chosen layer.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { LayerInspection, LayerInspectionRequest } from '../../shared/contract/runs';
import { graphSchema } from '../../shared/format/schema';
import type { GraphData } from '../../shared/graph/types';
import { sampleAt } from '../datasets/index';
import { loadDatasetCached, toSampleImage } from '../datasets/samples';
import { initBackend } from '../engine/backend';
import { ACTIVATION_SUFFIX, buildModel } from '../engine/model';
import { deriveSeed, makeRng } from '../engine/trainer/random';
import { seedWeights } from '../engine/trainer/stepper';
import { loadWeightsInto } from '../runs/checkpoint';
import { readRun, type CheckpointState } from '../runs/store';
import { activationMaps, denseTemplateMaps, kernelMaps } from './maps';

/** A request the inspector cannot answer, with what to do instead. */
export class InspectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InspectError';
  }
}

const KERNEL_KIND: Record<string, 'conv' | 'depthwise' | 'dense'> = {
  Conv2D: 'conv',
  Conv1D: 'conv',
  DepthwiseConv2D: 'depthwise',
  // Separable: its spatial (depthwise) filters are the pictures; the pointwise 1×1 mix has no shape to show.
  SeparableConv2D: 'depthwise',
  Dense: 'dense',
};

interface Weights {
  graph: GraphData;
  source: 'best' | 'last' | 'untrained';
  epoch: number | null;
  checkpointDir: string | null;
  seed: number;
}

async function weightsFor(request: LayerInspectionRequest): Promise<Weights> {
  if (request.runDir === null) {
    const g = graphSchema.safeParse(request.graph);
    if (!g.success) throw new InspectError('Layer inspection without a run needs the graph (request.graph is missing or not a graph).');
    return { graph: g.data as unknown as GraphData, source: 'untrained', epoch: null, checkpointDir: null, seed: request.sample.seed };
  }
  const run = await readRun(request.runDir, { batches: false });
  const config = run.config!.config as unknown as { engine?: string; graph: GraphData; seed?: number };
  // TF.js-format checkpoints: the built-in engine's, or the copy PyTorch runs keep beside model.pt.
  const pick = (which: 'best' | 'last', state: CheckpointState | null) => {
    const checkpointDir = path.join(request.runDir!, 'checkpoints', which);
    return state && existsSync(path.join(checkpointDir, 'model.json')) ? { source: which, epoch: state.epoch, checkpointDir } : null;
  };
  const chosen = pick('best', run.checkpoints.best) ?? pick('last', run.checkpoints.last);
  if (!chosen && config.engine === 'pytorch' && run.checkpoints.last) {
    throw new InspectError(
      `Run ${path.basename(request.runDir)} was trained by the PyTorch engine and its checkpoints hold model.pt only (no TF.js copy, so nothing to load here): activation maps come from built-in-engine runs or PyTorch runs with a TF.js copy. Inspect the untrained graph instead.`,
    );
  }
  if (!chosen) {
    throw new InspectError(`Run ${path.basename(request.runDir)} has no checkpoint yet (no epoch finished): wait for the first epoch, or inspect the untrained graph.`);
  }
  // chosen.epoch: the epoch its state.json (read by readRun) says the checkpoint was saved at.
  return { graph: config.graph, ...chosen, seed: config.seed ?? request.sample.seed };
}

function inputShapeOf(graph: GraphData): number[] {
  const inputs = graph.nodes.filter((n) => n.type === 'Input');
  if (inputs.length !== 1) throw new InspectError(`Layer inspection feeds one sample to one Input; this graph has ${inputs.length} Input nodes.`);
  const s = inputs[0].params.shape ?? inputs[0].params.inputShape;
  if (!Array.isArray(s)) throw new InspectError(`Input '${inputs[0].id}' has no shape.`);
  return s as number[];
}

/** The image shape feeding a Dense layer through a Flatten, if that is what feeds it. */
function flattenedImage(model: TF.LayersModel, graph: GraphData, nodeId: string): [number, number, number] | null {
  const edge = graph.edges.find((e) => e.target === nodeId);
  const src = edge && graph.nodes.find((n) => n.id === edge.source);
  if (!src || src.type !== 'Flatten') return null;
  const shape = (model.getLayer(src.id).input as TF.SymbolicTensor).shape.slice(1);
  return shape.length === 3 && shape.every((d) => typeof d === 'number') ? (shape as [number, number, number]) : null;
}

export async function inspectLayer(request: LayerInspectionRequest): Promise<LayerInspection> {
  const w = await weightsFor(request);
  const node = w.graph.nodes.find((n) => n.id === request.nodeId);
  if (!node) {
    const where = request.runDir ? `run ${path.basename(request.runDir)}'s graph (the graph may have changed since it trained)` : 'the graph';
    throw new InspectError(`Node '${request.nodeId}' is not in ${where}.`);
  }
  if (node.type === 'Input') throw new InspectError(`'${node.name ?? node.id}' is the Input: its output is the sample itself. Pick a layer after it.`);
  const inputShape = inputShapeOf(w.graph);

  // The sample first: a dataset that does not fit the Input fails before a big model is built.
  const ds = await loadDatasetCached(request.sample.dataset, request.sample.seed, inputShape);
  const split = ds[request.sample.split];
  if (request.sample.index >= split.count) {
    throw new InspectError(`Sample ${request.sample.index} is out of range: the ${request.sample.split} split has ${split.count} samples.`);
  }
  const { tf } = await initBackend('wasm');
  let model: TF.LayersModel;
  try {
    model = buildModel(tf, w.graph);
  } catch (e) {
    throw new InspectError(`Cannot build the graph for inspection: ${(e as Error).message}`);
  }
  // The sample as the model sees it (e.g. MNIST padded to LeNet's 32×32); tabular rows have no picture.
  const image = ds.info.kind === 'image' && inputShape.length === 3 && (inputShape[2] === 1 || inputShape[2] === 3);
  const sample = image ? toSampleImage(sampleAt(ds, request.sample.split, request.sample.index)) : null;
  const size = inputShape.reduce((a, b) => a * b, 1);
  const x = split.x.slice(request.sample.index * size, (request.sample.index + 1) * size);

  try {
    if (w.checkpointDir) await loadWeightsInto(tf, model, w.checkpointDir);
    else seedWeights(tf, model, makeRng(deriveSeed(w.seed, 'init')));
    // The node's output after its activation (split-off activation layers carry the suffix).
    const layer = model.layers.find((l) => l.name === node.id + ACTIVATION_SUFFIX) ?? model.getLayer(node.id);
    const out = layer.output as TF.SymbolicTensor | TF.SymbolicTensor[];
    const sub = tf.model({ inputs: model.inputs, outputs: Array.isArray(out) ? out[0] : out });
    const t = tf.tensor(x, [1, ...inputShape]);
    const y = sub.predict(t) as TF.Tensor;
    const data = (await y.data()) as Float32Array;
    const shape = y.shape.slice(1);
    tf.dispose([t, y]);
    const { maps, values } = activationMaps(data, shape, request.maxMaps);

    let filters: LayerInspection['filters'] = null;
    const kind = KERNEL_KIND[node.type];
    if (kind) {
      const kernel = model.getLayer(node.id).getWeights()[0];
      const kdata = (await kernel.data()) as Float32Array;
      const kshape = kernel.shape;
      if (kind === 'dense') {
        const img = flattenedImage(model, w.graph, node.id);
        if (img) filters = { shape: kshape, maps: denseTemplateMaps(kdata, kshape[1] ?? 0, img, request.maxMaps) };
      } else {
        filters = { shape: kshape, maps: kernelMaps(kdata, kshape, kind, request.maxMaps) };
      }
    }
    return { nodeId: node.id, weights: w.source, epoch: w.epoch, sample, activation: { shape, maps, values }, filters };
  } finally {
    model.dispose();
  }
}
