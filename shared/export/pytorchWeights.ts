/**
 * How TF.js/Keras weights map onto the exported module's state_dict, so trained weights can be carried
 * over: per node, the Keras weight index (layer.getWeights() order), the state_dict key, and the reshape →
 * permute → reshape that turns the channels-last array into torch's layout.
 */
import type { NetwrightProject } from '../format/project';
import { buildExportModel, pair, type ExportNode } from './model';
import { torchModulePaths } from './pytorch';

export interface TorchWeight {
  /** Index into the Keras/TF.js layer's weights (getWeights() order). */
  index: number;
  /** state_dict key in the exported module. */
  key: string;
  /** Reshape before permuting (e.g. a depthwise kernel's [kh, kw, c, m] → [kh, kw, c·m]). */
  pre?: number[];
  perm?: number[];
  /** Final torch shape when it differs from the permuted one. */
  post?: number[];
}

const CONV = [3, 2, 0, 1]; // [kh, kw, in, out] → [out, in, kh, kw]

/** Keras BN weights are [γ?, β?, mean, variance] depending on scale/center. */
function norm(n: ExportNode, p: string, stats: boolean, perm?: number[]): TorchWeight[] {
  const out: TorchWeight[] = [];
  let i = 0;
  if (n.params.scale !== false) out.push({ index: i++, key: `${p}.weight`, perm });
  if (n.params.center !== false) out.push({ index: i++, key: `${p}.bias`, perm });
  if (stats) out.push({ index: i++, key: `${p}.running_mean` }, { index: i++, key: `${p}.running_var` });
  return out;
}

function depthwise(n: ExportNode, key: string): TorchWeight {
  const [kh, kw] = pair(n.params.kernelSize);
  const c = n.inputShapes[0][2];
  const m = Number(n.params.depthMultiplier);
  return { index: 0, key, pre: [kh, kw, c * m], perm: [2, 0, 1], post: [c * m, 1, kh, kw] };
}

function weightsOf(n: ExportNode, p: string): TorchWeight[] {
  const bias = n.params.useBias !== false;
  switch (n.type) {
    case 'Conv2D':
    case 'Conv2DTranspose': // Keras [kh, kw, out, in] → torch ConvTranspose [in, out, kh, kw]: the same permutation
      return [{ index: 0, key: `${p}.weight`, perm: CONV }, ...(bias ? [{ index: 1, key: `${p}.bias` }] : [])];
    case 'Conv1D':
      return [{ index: 0, key: `${p}.weight`, perm: [2, 1, 0] }, ...(bias ? [{ index: 1, key: `${p}.bias` }] : [])];
    case 'DepthwiseConv2D':
      return [depthwise(n, `${p}.weight`), ...(bias ? [{ index: 1, key: `${p}.bias` }] : [])];
    case 'SeparableConv2D':
      return [depthwise(n, `${p}.0.weight`), { index: 1, key: `${p}.1.weight`, perm: CONV }, ...(bias ? [{ index: 2, key: `${p}.1.bias` }] : [])];
    case 'Dense':
      return [{ index: 0, key: `${p}.weight`, perm: [1, 0] }, ...(bias ? [{ index: 1, key: `${p}.bias` }] : [])];
    case 'BatchNormalization':
      return norm(n, p, true);
    case 'LayerNormalization':
      return norm(n, p, false, n.inputShapes[0].length === 3 && Array.isArray(n.params.axis) && n.params.axis.length === 3 ? [2, 0, 1] : undefined);
    case 'PReLU':
      return [{ index: 0, key: `${p}.alpha`, perm: n.inputShapes[0].length === 3 ? [2, 0, 1] : undefined }];
    case 'Embedding':
      return [{ index: 0, key: `${p}.weight` }];
    default:
      return [];
  }
}

/**
 * Per node id, the weights to copy from the TF.js/Keras layer of the same name into the exported PyTorch
 * module. Recurrent and attention layers are not mapped (their gate layouts differ); null when the
 * project does not export.
 */
export function torchWeightMap(project: NetwrightProject): Map<string, TorchWeight[]> | null {
  const built = buildExportModel(project);
  if (!built.ok) return null;
  const paths = torchModulePaths(built.model);
  const out = new Map<string, TorchWeight[]>();
  for (const n of built.model.nodes) {
    const p = paths.get(n.id);
    if (!p) continue;
    const w = weightsOf(n, p);
    if (w.length) out.set(n.id, w);
  }
  return out;
}
