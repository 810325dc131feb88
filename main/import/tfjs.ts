/**
 * TF.js Layers model.json (or a bare Keras model.to_json() topology) → editable graph. The topology is a
 * Keras functional/Sequential config: each layer maps to the catalog class of the same name, node ids are
 * the layer names, edges come from inbound_nodes (Keras 2 lists or Keras 3 keras_history). Weights are
 * not read: the graph is what gets edited, and training starts from fresh weights.
 *
 * The engine's own helper layers fold back: `<id>__act` activations into their Conv/Dense, a
 * NetwrightCausalPad1D + 'valid' Conv1D into a causal Conv1D.
 */
import { GraphBuilder } from './graph-builder';
import { kerasMapper, type Cfg } from './keras-layers';
import { ImportError, type ImportFormat, type ImportResult, type UnsupportedOp } from './types';

interface KerasLayer {
  name: string;
  className: string;
  config: Cfg;
  /** Input layer names, in port order. */
  inputs: string[];
  /** Times the layer is applied (shared layers: > 1). */
  calls: number;
}

const ACTIVATED = new Set(['Conv2D', 'Conv1D', 'Conv2DTranspose', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense']);
const ACT_SUFFIX = '__act';
const CAUSAL_PAD = 'NetwrightCausalPad1D';

function isObj(v: unknown): v is Cfg {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Layer names feeding one call: Keras 2 `[[name, node, tensor, kwargs], …]` or Keras 3 `{args, kwargs}`. */
function callInputs(call: unknown): string[] {
  const names: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') {
        names.push(v[0]);
        // Keras 2 puts extra tensors (attention value/key) in the kwargs slot.
        if (isObj(v[3])) for (const k of ['value', 'key']) if (Array.isArray(v[3][k])) visit(v[3][k]);
        return;
      }
      v.forEach(visit);
    } else if (isObj(v)) {
      const hist = isObj(v.config) ? v.config.keras_history : undefined;
      if (Array.isArray(hist) && typeof hist[0] === 'string') names.push(hist[0]);
      else {
        if ('args' in v) visit(v.args);
        if (isObj(v.kwargs)) for (const k of ['query', 'value', 'key']) if (k in v.kwargs) visit(v.kwargs[k]);
      }
    }
  };
  visit(call);
  return names;
}

/** The Keras topology inside a model.json / to_json() document: { className, layers } or an ImportError. */
function topology(doc: Cfg, file: string): { className: string; layers: unknown[] } {
  if (doc.format === 'graph-model') throw new ImportError(`${file} is a TF.js graph model (a converted SavedModel) with no layer topology: only TF.js Layers models (format "layers-model") can be imported`);
  let topo: unknown = doc.modelTopology ?? doc;
  if (isObj(topo) && isObj(topo.model_config)) topo = topo.model_config;
  if (!isObj(topo) || typeof topo.class_name !== 'string') throw new ImportError(`${file} is not a TF.js Layers model: no modelTopology with a class_name`);
  const cfg = topo.config;
  const layers = Array.isArray(cfg) ? cfg : isObj(cfg) ? cfg.layers : undefined;
  if (!Array.isArray(layers)) throw new ImportError(`${file} is not a TF.js Layers model: the ${topo.class_name} config has no layers list`);
  return { className: topo.class_name, layers };
}

function parseLayers(className: string, raw: unknown[]): KerasLayer[] {
  const sequential = className === 'Sequential';
  const out: KerasLayer[] = [];
  for (const [i, l] of raw.entries()) {
    if (!isObj(l) || typeof l.class_name !== 'string') throw new ImportError(`layer ${i} of the topology has no class_name`);
    const config = isObj(l.config) ? l.config : {};
    const name = String(l.name ?? config.name ?? `layer_${i}`);
    const inbound = Array.isArray(l.inbound_nodes) ? l.inbound_nodes : [];
    out.push({ name, className: l.class_name, config, inputs: sequential ? [] : inbound.length ? callInputs(inbound[0]) : [], calls: inbound.length });
  }
  if (!sequential) return out;
  // Sequential: the input comes from the first layer's batch_input_shape (or a leading InputLayer).
  const first = out[0];
  const chain: KerasLayer[] = [];
  if (first && first.className !== 'InputLayer') {
    const shape = first.config.batch_input_shape ?? first.config.batch_shape;
    if (!Array.isArray(shape)) throw new ImportError(`Sequential model: the first layer '${first.name}' declares no batch_input_shape`);
    chain.push({ name: 'input', className: 'InputLayer', config: { batch_input_shape: shape }, inputs: [], calls: 0 });
  }
  for (const l of out) chain.push({ ...l, inputs: chain.length ? [chain[chain.length - 1].name] : [], calls: 1 });
  return chain;
}

export function importKerasTopology(doc: Cfg, file: string): ImportResult {
  const { className, layers: raw } = topology(doc, file);
  const layers = parseLayers(className, raw);
  const b = new GraphBuilder();
  const warnings: string[] = [];
  const unsupported: UnsupportedOp[] = [];
  /** Layer name → node id (folded layers point at the node that absorbed them). */
  const idOf = new Map<string, string>();
  const consumers = new Map<string, number>();
  for (const l of layers) for (const s of l.inputs) consumers.set(s, (consumers.get(s) ?? 0) + 1);
  const byName = new Map(layers.map((l) => [l.name, l]));

  for (const l of layers) {
    if (l.calls > 1) {
      unsupported.push({ name: l.name, op: l.className, reason: `shared layer applied ${l.calls} times (each node of the graph is one call)` });
      continue;
    }
    const ins = l.inputs.map((s) => idOf.get(s));
    const lost = l.inputs.filter((_, i) => ins[i] === undefined);
    if (lost.length) warnings.push(`'${l.name}' lost its input from left-out ${lost.map((s) => `'${s}'`).join(', ')}`);
    const inIds = ins.filter((x): x is string => x !== undefined);
    try {
      if (l.className === 'InputLayer') {
        const shape = l.config.batch_input_shape ?? l.config.batch_shape;
        if (!Array.isArray(shape) || shape.slice(1).some((d) => typeof d !== 'number')) {
          unsupported.push({ name: l.name, op: l.className, reason: `input shape ${JSON.stringify(shape)} has unknown dimensions (the catalog needs fixed sizes)` });
          continue;
        }
        idOf.set(l.name, b.add('Input', { shape: shape.slice(1) }, [], l.name));
        continue;
      }
      // `<id>__act` (split activation) → the Conv/Dense's own activation.
      const src = l.inputs.length === 1 ? byName.get(l.inputs[0]) : undefined;
      if (src && l.name === src.name + ACT_SUFFIX && consumers.get(src.name) === 1 && idOf.has(src.name)) {
        const node = b.node(idOf.get(src.name)!);
        const act = l.className === 'LeakyReLU' && Number(l.config.alpha) === 0.2 ? 'leakyRelu' : l.className === 'Activation' ? l.config.activation : undefined;
        if (ACTIVATED.has(node.type) && node.params.activation === 'linear' && typeof act === 'string') {
          const mapped = kerasMapper('Activation')!({ activation: act }, null);
          if ('type' in mapped) {
            b.update(node.id, { ...node.params, activation: mapped.params.activation });
            idOf.set(l.name, node.id);
            continue;
          }
        }
      }
      if (l.className === CAUSAL_PAD) continue; // folded into the Conv1D that reads it (below)
      const mapper = kerasMapper(l.className);
      if (!mapper) {
        unsupported.push({ name: l.name, op: l.className, reason: `Keras class ${l.className} is not in the Netwright catalog` });
        continue;
      }
      let inputs = inIds;
      let mapped = mapper(l.config, inputs.length === 1 ? b.shape(inputs[0]) : inputs.length ? b.shape(inputs[0]) : null);
      if ('unsupported' in mapped) {
        unsupported.push({ name: l.name, op: l.className, reason: mapped.unsupported });
        continue;
      }
      if (mapped.dropped) unsupported.push({ name: l.name, op: l.className, reason: mapped.dropped });
      const pad = src?.className === CAUSAL_PAD ? src : undefined;
      if (pad) {
        const k = Number(mapped.params.kernelSize);
        const d = Number(mapped.params.dilationRate ?? 1);
        if (mapped.type !== 'Conv1D' || mapped.params.padding !== 'valid' || Number(pad.config.amount) !== (k - 1) * d) {
          unsupported.push({ name: pad.name, op: CAUSAL_PAD, reason: 'a causal pad that is not the left padding of the next Conv1D' });
          continue;
        }
        mapped = { ...mapped, params: { ...mapped.params, padding: 'causal' } };
        const padIn = idOf.get(pad.inputs[0]);
        inputs = padIn ? [padIn] : [];
      }
      idOf.set(l.name, b.add(mapped.type, mapped.params, inputs, l.name));
    } catch (err) {
      unsupported.push({ name: l.name, op: l.className, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  if (!b.nodes.some((n) => n.type === 'Input')) throw new ImportError(`${file}: the model has no usable input layer`);
  const regularised = layers.filter((l) => Object.entries(l.config).some(([k, v]) => /_(regularizer|constraint)$/.test(k) && v != null));
  if (regularised.length) warnings.push(`regularizers and constraints are not imported (${regularised.map((l) => l.name).join(', ')}): set weight decay in the training settings`);
  return { project: b.project({ importedFrom: { format: 'tfjs', file } }), warnings, unsupported };
}

export const tfjsFormat: ImportFormat = {
  id: 'tfjs',
  label: 'TF.js Layers model (model.json)',
  detect(bytes) {
    for (const c of bytes.subarray(0, 64)) {
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xef || c === 0xbb || c === 0xbf) continue;
      return c === 0x7b; // '{'
    }
    return false;
  },
  async read(bytes, file) {
    let doc: unknown;
    try {
      doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new ImportError(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!isObj(doc)) throw new ImportError(`${file}: expected a JSON object (a TF.js model.json)`);
    return importKerasTopology(doc, file);
  },
};
