/**
 * PyTorch runs keep a TF.js-format copy of every checkpoint (model.json + weights.bin next to model.pt), so
 * model-file export, layer inspection and the rest of the app read them like the built-in engine's. The
 * runner writes the weights; this builds what it needs: the TF.js topology of the graph and, per TF.js
 * weight in manifest order, which state_dict tensor it is and how to undo the exporter's layout change.
 */
import type { NetwrightProject } from '../../shared/format/project';
import { torchWeightMap } from '../../shared/export/pytorchWeights';
import { layersModelJson } from '../export/tfjs';

export interface TfjsWeightSpec {
  /** state_dict key. */
  key: string;
  /** TF.js weight shape (what weights.bin holds). */
  shape: number[];
  /** The torch tensor viewed as the permuted shape, then permuted back by invPerm (absent: plain reshape). */
  view?: number[];
  invPerm?: number[];
}

export interface TfjsCheckpointSpec {
  modelJson: Record<string, unknown>;
  weights: TfjsWeightSpec[];
}

function inverse(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/**
 * The spec, or why there is none (a layer whose weights the exporter does not map, e.g. LSTM gates, or a
 * graph the built-in engine cannot build). The TF.js model is built only for its topology and disposed.
 */
export async function tfjsCheckpointSpec(project: NetwrightProject): Promise<TfjsCheckpointSpec | { missing: string }> {
  const map = torchWeightMap(project);
  if (!map) return { missing: 'the graph does not export to PyTorch' };
  const tf = await import('@tensorflow/tfjs');
  const { buildModel } = await import('../engine/model');
  // The model is built only for its topology: the cpu backend's "install tfjs-node" banner would be noise.
  await tf.ready();
  if (tf.getBackend() === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  let model;
  try {
    model = buildModel(tf, project.graph);
  } catch (e) {
    return { missing: `the built-in engine cannot build this graph (${(e as Error).message.split('\n')[0]})` };
  }
  try {
    const weights: TfjsWeightSpec[] = [];
    const manifest: { name: string; shape: number[]; dtype: 'float32' }[] = [];
    for (const layer of model.layers) {
      const mapped = map.get(layer.name) ?? [];
      for (const [i, w] of layer.weights.entries()) {
        const m = mapped.find((t) => t.index === i);
        if (!m) return { missing: `weight '${w.originalName}' of layer '${layer.name}' has no PyTorch counterpart the exporter maps` };
        const shape = w.shape as number[];
        const spec: TfjsWeightSpec = { key: m.key, shape };
        if (m.perm) {
          const pre = m.pre ?? shape;
          spec.view = m.perm.map((p) => pre[p]);
          spec.invPerm = inverse(m.perm);
        }
        weights.push(spec);
        manifest.push({ name: w.originalName, shape, dtype: 'float32' });
      }
    }
    return { modelJson: layersModelJson(tf, model.toJSON(null, false), 'weights.bin', manifest, 'Netwright PyTorch engine'), weights };
  } finally {
    model.dispose();
  }
}
