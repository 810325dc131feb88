import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import type { GraphData } from '../../../shared/graph/types';
import { initBackend } from '../../../main/engine/backend';
import { ACTIVATION_SUFFIX, buildModel, checkTrainable, lossConfigFor, totalLoss, TRAINABLE_TYPES } from '../../../main/engine/model';
import { chain } from './trainer/helpers';

let tf: typeof TF;

beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});

const lenet = () =>
  chain(
    [28, 28, 1],
    [
      ['Conv2D', { filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }],
      ['MaxPooling2D', { poolSize: 2 }],
      ['Conv2D', { filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu' }],
      ['MaxPooling2D', { poolSize: 2 }],
      ['Flatten', {}],
      ['Dense', { units: 120, activation: 'relu' }],
      ['Dense', { units: 84, activation: 'relu' }],
      ['Dense', { units: 10, activation: 'softmax' }],
    ],
  );

function trainableCount(m: TF.LayersModel): number {
  return m.trainableWeights.reduce((s, w) => s + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/** One SGD step on random data; returns the loss (finite) and checks every trainable weight got a gradient. */
function step(m: TF.LayersModel, inputShape: number[], intInput = false): number {
  return tf.tidy(() => {
    const x = intInput ? tf.randomUniform([2, ...inputShape], 0, 5, 'int32') : tf.randomNormal([2, ...inputShape]);
    const { value, grads } = tf.variableGrads(() => {
      const y = m.apply(x, { training: true }) as TF.Tensor;
      return tf.mean(tf.square(y)) as TF.Scalar;
    });
    const names = m.trainableWeights.map((w) => (w.read() as TF.Variable).name);
    for (const n of names) expect(grads[n], `gradient for ${n}`).toBeDefined();
    return value.dataSync()[0];
  });
}

describe('buildModel', () => {
  it('builds LeNet-5 with 61,706 trainable parameters, layer names = node ids, softmax output', () => {
    const m = buildModel(tf, lenet());
    expect(trainableCount(m)).toBe(61706);
    expect(m.outputs[0].shape).toEqual([null, 10]);
    expect(m.layers.map((l) => l.name)).toEqual(['in', 'n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
    expect(m.getLayer('n0').getWeights().map((w) => w.shape)).toEqual([[5, 5, 1, 6], [6]]);
    expect(Number.isFinite(step(m, [28, 28, 1]))).toBe(true);
    // Optionally the ReLU is split off into a weightless layer (the conv then fuses its bias).
    const s = buildModel(tf, lenet(), { splitActivations: true });
    expect(s.getLayer('n0' + ACTIVATION_SUFFIX).getWeights()).toHaveLength(0);
    expect(trainableCount(s)).toBe(61706);
  });

  it('splitActivations builds the same function', () => {
    const g = lenet();
    const a = buildModel(tf, g);
    const b = buildModel(tf, g, { splitActivations: true });
    b.setWeights(a.getWeights());
    const x = tf.randomNormal([3, 28, 28, 1]);
    const ya = (a.predict(x) as TF.Tensor).dataSync();
    const yb = (b.predict(x) as TF.Tensor).dataSync();
    for (let i = 0; i < ya.length; i++) expect(Math.abs(ya[i]! - yb[i]!)).toBeLessThan(1e-5);
    expect(a.layers.length).toBe(g.nodes.length);
  });

  it('wires branches: residual Add and a Concatenate honouring targetPort order', () => {
    const p = { x: 0, y: 0 };
    const g: GraphData = {
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [8, 8, 4] }, position: p },
        { id: 'a', type: 'Conv2D', params: { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, position: p },
        { id: 'b', type: 'Conv2D', params: { filters: 4, kernelSize: 3, padding: 'same' }, position: p },
        { id: 'add', type: 'Add', params: {}, position: p },
        { id: 'c1', type: 'Conv2D', params: { filters: 2, kernelSize: 1 }, position: p },
        { id: 'c2', type: 'Conv2D', params: { filters: 3, kernelSize: 1 }, position: p },
        { id: 'cat', type: 'Concatenate', params: { axis: -1 }, position: p },
        { id: 'gap', type: 'GlobalAveragePooling2D', params: {}, position: p },
        { id: 'out', type: 'Dense', params: { units: 3, activation: 'softmax' }, position: p },
      ],
      edges: [
        { id: '1', source: 'in', target: 'a', targetPort: 0 },
        { id: '2', source: 'a', target: 'b', targetPort: 0 },
        { id: '3', source: 'b', target: 'add', targetPort: 0 },
        { id: '4', source: 'in', target: 'add', targetPort: 1 },
        { id: '5', source: 'add', target: 'c1', targetPort: 0 },
        { id: '6', source: 'add', target: 'c2', targetPort: 0 },
        // Port 0 gets c2 (3 channels), port 1 gets c1 (2 channels).
        { id: '7', source: 'c1', target: 'cat', targetPort: 1 },
        { id: '8', source: 'c2', target: 'cat', targetPort: 0 },
        { id: '9', source: 'cat', target: 'gap', targetPort: 0 },
        { id: '10', source: 'gap', target: 'out', targetPort: 0 },
      ],
      groups: [],
    };
    const m = buildModel(tf, g);
    const cat = m.getLayer('cat');
    const inbound = (cat.inboundNodes[0].inboundLayers as TF.layers.Layer[]).map((l) => l.name);
    expect(inbound).toEqual(['c2', 'c1']);
    expect(m.outputs[0].shape).toEqual([null, 3]);
    expect(trainableCount(m)).toBe(2 * (3 * 3 * 4 * 4 + 4) + (4 * 2 + 2) + (4 * 3 + 3) + (5 * 3 + 3));
    expect(Number.isFinite(step(m, [8, 8, 4]))).toBe(true);
  });

  it('takes every sink as an output head (multi-output graphs)', () => {
    const g = chain([10], [['Dense', { units: 8, activation: 'relu' }], ['Dense', { units: 3, activation: 'softmax' }]]);
    g.nodes.push({ id: 'aux', type: 'Dense', params: { units: 2, activation: 'softmax' }, position: { x: 0, y: 0 } });
    g.edges.push({ id: 'ea', source: 'n0', target: 'aux', targetPort: 0 });
    const m = buildModel(tf, g);
    expect(m.outputs.map((o) => o.shape)).toEqual([
      [null, 3],
      [null, 2],
    ]);
    expect(m.outputNames.map((n) => n.split('/')[0])).toEqual(['n1', 'aux']);
  });
});

/** One small graph per trainable type; each must build and take a gradient step on wasm. */
const PER_TYPE: Record<string, { shape: number[]; layers: [string, Record<string, unknown>][]; intInput?: boolean }> = {
  Conv2D: { shape: [6, 6, 2], layers: [['Conv2D', { filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu6' }]] },
  Conv1D: { shape: [10, 3], layers: [['Conv1D', { filters: 4, kernelSize: 3, padding: 'causal', activation: 'gelu' }]] },
  Conv2DTranspose: { shape: [4, 4, 3], layers: [['Conv2DTranspose', { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }]] },
  DepthwiseConv2D: { shape: [6, 6, 3], layers: [['DepthwiseConv2D', { kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'swish' }]] },
  SeparableConv2D: { shape: [6, 6, 3], layers: [['SeparableConv2D', { filters: 4, kernelSize: 3, padding: 'same', activation: 'silu' }]] },
  Dense: { shape: [5], layers: [['Dense', { units: 3, activation: 'tanh' }]] },
  MaxPooling2D: { shape: [6, 6, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }]] },
  AveragePooling2D: { shape: [6, 6, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['AveragePooling2D', { poolSize: 2 }]] },
  MaxPooling1D: { shape: [8, 2], layers: [['Conv1D', { filters: 2, kernelSize: 1 }], ['MaxPooling1D', { poolSize: 2 }]] },
  AveragePooling1D: { shape: [8, 2], layers: [['Conv1D', { filters: 2, kernelSize: 1 }], ['AveragePooling1D', { poolSize: 2 }]] },
  GlobalAveragePooling2D: { shape: [4, 4, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['GlobalAveragePooling2D', {}]] },
  GlobalMaxPooling2D: { shape: [4, 4, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['GlobalMaxPooling2D', {}]] },
  GlobalAveragePooling1D: { shape: [5, 2], layers: [['Dense', { units: 2 }], ['GlobalAveragePooling1D', {}]] },
  GlobalMaxPooling1D: { shape: [5, 2], layers: [['Dense', { units: 2 }], ['GlobalMaxPooling1D', {}]] },
  ZeroPadding2D: { shape: [4, 4, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['ZeroPadding2D', { padding: 1 }]] },
  UpSampling2D: { shape: [4, 4, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['UpSampling2D', { size: 2 }]] },
  Cropping2D: { shape: [6, 6, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['Cropping2D', { cropping: 1 }]] },
  Flatten: { shape: [3, 3, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['Flatten', {}]] },
  Reshape: { shape: [6], layers: [['Dense', { units: 6 }], ['Reshape', { targetShape: [2, 3] }]] },
  Permute: { shape: [2, 3], layers: [['Dense', { units: 3 }], ['Permute', { dims: [2, 1] }]] },
  RepeatVector: { shape: [3], layers: [['Dense', { units: 3 }], ['RepeatVector', { n: 2 }]] },
  Dropout: { shape: [4], layers: [['Dense', { units: 4 }], ['Dropout', { rate: 0.5 }]] },
  SpatialDropout1D: { shape: [5, 2], layers: [['Dense', { units: 2 }], ['SpatialDropout1D', { rate: 0.5 }]] },
  SpatialDropout2D: { shape: [4, 4, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['SpatialDropout2D', { rate: 0.5 }]] },
  GaussianNoise: { shape: [4], layers: [['Dense', { units: 4 }], ['GaussianNoise', { stddev: 0.1 }]] },
  GaussianDropout: { shape: [4], layers: [['Dense', { units: 4 }], ['GaussianDropout', { rate: 0.1 }]] },
  AlphaDropout: { shape: [4], layers: [['Dense', { units: 4 }], ['AlphaDropout', { rate: 0.1 }]] },
  BatchNormalization: { shape: [4, 4, 2], layers: [['Conv2D', { filters: 2, kernelSize: 1 }], ['BatchNormalization', {}]] },
  LayerNormalization: { shape: [4], layers: [['Dense', { units: 4 }], ['LayerNormalization', {}]] },
  LRN: { shape: [4, 4, 6], layers: [['Conv2D', { filters: 6, kernelSize: 1 }], ['LRN', { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 }]] },
  Activation: { shape: [4], layers: [['Dense', { units: 4 }], ['Activation', { activation: 'gelu' }]] },
  ReLU: { shape: [4], layers: [['Dense', { units: 4 }], ['ReLU', { maxValue: 6 }]] },
  LeakyReLU: { shape: [4], layers: [['Dense', { units: 4 }], ['LeakyReLU', { alpha: 0.1 }]] },
  PReLU: { shape: [4], layers: [['Dense', { units: 4 }], ['PReLU', {}]] },
  ELU: { shape: [4], layers: [['Dense', { units: 4 }], ['ELU', {}]] },
  Softmax: { shape: [4], layers: [['Dense', { units: 4 }], ['Softmax', {}]] },
  Embedding: { shape: [5], intInput: true, layers: [['Embedding', { inputDim: 6, outputDim: 3 }], ['Flatten', {}]] },
  SimpleRNN: { shape: [4, 3], layers: [['SimpleRNN', { units: 3 }]] },
  LSTM: { shape: [4, 3], layers: [['LSTM', { units: 3, returnSequences: true }]] },
  GRU: { shape: [4, 3], layers: [['GRU', { units: 3, resetAfter: false }]] },
};

describe('every trainable catalog type builds and back-propagates on wasm', () => {
  for (const [type, spec] of Object.entries(PER_TYPE)) {
    it(type, () => {
      const m = buildModel(tf, chain(spec.shape, spec.layers));
      expect(Number.isFinite(step(m, spec.shape, spec.intInput))).toBe(true);
    });
  }

  it('merges (Add, Subtract, Multiply with broadcasting, Average, Maximum, Minimum, Dot) train', () => {
    for (const type of ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Dot']) {
      const p = { x: 0, y: 0 };
      const g: GraphData = {
        nodes: [
          { id: 'in', type: 'Input', params: { shape: [6] }, position: p },
          { id: 'a', type: 'Dense', params: { units: 4 }, position: p },
          { id: 'b', type: 'Dense', params: { units: 4, activation: 'sigmoid' }, position: p },
          { id: 'm', type, params: type === 'Dot' ? { axes: 1 } : {}, position: p },
        ],
        edges: [
          { id: '1', source: 'in', target: 'a', targetPort: 0 },
          { id: '2', source: 'in', target: 'b', targetPort: 0 },
          { id: '3', source: 'a', target: 'm', targetPort: 0 },
          { id: '4', source: 'b', target: 'm', targetPort: 1 },
        ],
        groups: [],
      };
      expect(Number.isFinite(step(buildModel(tf, g), [6])), type).toBe(true);
    }
  });

  it('covers every type the engine declares trainable', () => {
    const covered = new Set([...Object.keys(PER_TYPE), 'Input', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Dot', 'Concatenate']);
    expect(TRAINABLE_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });
});

describe('layer details', () => {
  it("GRU with the catalog's default resetAfter = true is reported (TF.js only has resetAfter = false)", () => {
    const issues = checkTrainable(chain([4, 3], [['GRU', { units: 3 }]]));
    expect(issues.map((i) => i.message)).toEqual([
      "not trainable in the built-in engine: GRU at 'n0' (TF.js' GRU only has resetAfter = false (one bias vector); set resetAfter to false)",
    ]);
  });

  it('leakyRelu (slope 0.2) works as an Activation node and as a Conv/Dense activation', () => {
    const m = buildModel(tf, chain([3], [['Dense', { units: 3, activation: 'leakyRelu', useBias: false }], ['Activation', { activation: 'leakyRelu' }]]));
    m.getLayer('n0').setWeights([tf.eye(3)]);
    const y = (m.predict(tf.tensor2d([[-1, 0, 2]])) as TF.Tensor).dataSync();
    expect(Array.from(y).map((v) => Math.round(v * 1000) / 1000)).toEqual([-0.04, 0, 2]);
    expect(m.getLayer('n0' + ACTIVATION_SUFFIX).getClassName()).toBe('LeakyReLU');
  });

  it('fills catalog defaults before building (a bare Conv2D gets 32 3×3 filters)', () => {
    const m = buildModel(tf, chain([8, 8, 1], [['Conv2D', {}]]));
    expect(m.getLayer('n0').getWeights()[0].shape).toEqual([3, 3, 1, 32]);
  });

  it("Conv1D padding 'causal' keeps the length and only looks back", () => {
    const m = buildModel(tf, chain([10, 1], [['Conv1D', { filters: 1, kernelSize: 3, padding: 'causal', useBias: false }]]));
    expect(m.outputs[0].shape).toEqual([null, 10, 1]);
    m.getLayer('n0').setWeights([tf.ones([3, 1, 1])]);
    const x = tf.tensor3d([[[1], [0], [0], [0], [0], [0], [0], [0], [0], [0]]]);
    // An impulse at t=0 reaches t=0..2 only (no peeking into the future).
    expect(Array.from((m.predict(x) as TF.Tensor).dataSync())).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('dilated convolutions (gradients registered by initBackend)', () => {
  const layers: [string, Record<string, unknown>][] = [
    ['Conv2D', { filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same' }],
    ['Conv2D', { filters: 3, kernelSize: [2, 3], dilationRate: [2, 1], padding: 'valid', activation: 'relu' }],
    ['DepthwiseConv2D', { kernelSize: 3, dilationRate: 2, depthMultiplier: 2, padding: 'same' }],
    ['SeparableConv2D', { filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu' }],
  ];
  const g = () => chain([9, 9, 2], layers);

  it('are trainable and give the same gradients on wasm and cpu', async () => {
    expect(checkTrainable(g())).toEqual([]);
    const m = buildModel(tf, g());
    const weights = m.getWeights().map((w) => ({ v: w.dataSync().slice(), s: w.shape }));
    const xa = Float32Array.from({ length: 2 * 9 * 9 * 2 }, (_, i) => Math.sin(i * 0.7));
    const gradsOn = async (backend: string) => {
      await tf.setBackend(backend);
      const mm = buildModel(tf, g());
      mm.setWeights(weights.map((w) => tf.tensor(w.v, w.s)));
      const out = tf.tidy(() => {
        const { grads } = tf.variableGrads(() =>
          tf.sum(tf.square(mm.apply(tf.tensor4d(xa, [2, 9, 9, 2]), { training: true }) as TF.Tensor)) as TF.Scalar,
        );
        return Object.values(grads).map((t) => Array.from(t.dataSync()));
      });
      mm.dispose();
      return out;
    };
    const onWasm = await gradsOn('wasm');
    const onCpu = await gradsOn('cpu');
    await tf.setBackend('wasm');
    expect(onWasm.length).toBe(m.trainableWeights.length);
    for (let i = 0; i < onCpu.length; i++) {
      const err = Math.max(...onCpu[i].map((v, j) => Math.abs(v - onWasm[i][j]) / Math.max(1, Math.abs(v))));
      expect(err, `weight ${i}`).toBeLessThan(1e-4);
    }
    m.dispose();
  });

  it('a linear dilated Conv2D is a plain Conv2D (same output, standard config)', () => {
    const m = buildModel(tf, chain([7, 7, 1], [['Conv2D', { filters: 1, kernelSize: 3, dilationRate: 2, padding: 'valid' }]]));
    m.getLayer('n0').setWeights([tf.ones([3, 3, 1, 1]), tf.tensor1d([0.5])]);
    const x = tf.tensor4d(Array.from({ length: 49 }, (_, i) => i), [1, 7, 7, 1]);
    const y = (m.predict(x) as TF.Tensor).dataSync();
    // Output (0,0): the 3×3 taps at rows/cols {0, 2, 4} of x, plus the bias.
    let s = 0.5;
    for (const r of [0, 2, 4]) for (const c of [0, 2, 4]) s += r * 7 + c;
    expect(y[0]).toBeCloseTo(s, 4);
    expect(m.getLayer('n0').getClassName()).toBe('Conv2D');
    expect((m.getLayer('n0').getConfig() as { dilation_rate?: unknown; dilationRate?: unknown }).dilationRate).toEqual([2, 2]);
  });
});

describe('checkTrainable', () => {
  it('names unsupported types and settings with the node name, before any training', () => {
    const g = chain([8, 8, 3], [
      ['Conv2D', { filters: 4, kernelSize: 3, dilationRate: 2, strides: 2 }],
      ['MultiHeadAttention', { numHeads: 2 }],
      ['Dense', { units: 2, activation: 'frobnicate' }],
    ]);
    g.nodes[2].name = 'attn block';
    const issues = checkTrainable(g);
    expect(issues.map((i) => i.nodeId)).toEqual(['n0', 'n1', 'n2']);
    expect(issues[1].message).toBe(
      "not trainable in the built-in engine: MultiHeadAttention at 'attn block' (TF.js has no attention layer)",
    );
    expect(issues[0].message).toMatch(/^not trainable in the built-in engine: Conv2D at 'n0' \(strides 2 with dilationRate 2/);
    expect(issues[2].message).toMatch(/invalid params: activation: expected one of .* \(got "frobnicate"\)/);
    expect(() => buildModel(tf, g)).toThrow(/MultiHeadAttention at 'attn block'/);
    expect(checkTrainable(lenet())).toEqual([]);
  });
});

describe('lossConfigFor', () => {
  it('softmax head → categorical cross-entropy; logits head → softmax CE on logits; regression → MSE; weights', async () => {
    const g = chain([10], [['Dense', { units: 8, activation: 'relu' }], ['Dense', { units: 3, activation: 'softmax' }]]);
    g.nodes.push({ id: 'aux', type: 'Dense', params: { units: 3 }, position: { x: 0, y: 0 } });
    g.edges.push({ id: 'ea', source: 'n0', target: 'aux', targetPort: 0 });
    const c = lossConfigFor(g, 'classification', { aux: 0.3 });
    expect(c.heads).toEqual([
      { nodeId: 'n1', loss: 'categoricalCrossentropy', weight: 1, labels: 'onehot' },
      { nodeId: 'aux', loss: 'softmaxCrossEntropyFromLogits', weight: 0.3, labels: 'onehot' },
    ]);
    expect(c.lossWeights).toEqual([1, 0.3]);
    expect(c.metrics).toEqual(['accuracy']);
    const r = lossConfigFor(g, 'regression');
    expect(r.heads.map((h) => h.loss)).toEqual(['meanSquaredError', 'meanSquaredError']);
    // The config compiles and fits one batch.
    const m = buildModel(tf, g);
    m.compile({ optimizer: 'adam', loss: c.compileLoss });
    const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const x = tf.randomNormal([2, 10]);
    const h = (await m.trainOnBatch(x, [y, y])) as number[];
    expect(h.every((v) => Number.isFinite(v))).toBe(true);
    // totalLoss = 1·CE(softmax head) + 0.3·CE(logits head), equal to the compiled total.
    const preds = m.predict(x) as TF.Tensor[];
    const manual =
      -Math.log((preds[0].arraySync() as number[][])[0][0]) / 2 - Math.log((preds[0].arraySync() as number[][])[1][2]) / 2;
    const t = totalLoss(c, [y, y], preds).dataSync()[0];
    const logits = tf.softmax(preds[1]).arraySync() as number[][];
    const aux = (-Math.log(logits[0][0]) - Math.log(logits[1][2])) / 2;
    expect(t).toBeCloseTo(manual + 0.3 * aux, 4);
  });
});
