/**
 * The wasm kernels we register must agree with the reference cpu backend (max abs error ≤ 1e-4) on random
 * shapes, strides, paddings, dilations and depth multipliers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../main/engine/backend';
import {
  conv2dBackpropFilterImpl,
  conv2dBackpropInputImpl,
  depthwiseBackpropFilterImpl,
  depthwiseBackpropInputImpl,
} from '../../../main/engine/wasm-kernels';

type Shape4 = [number, number, number, number];

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randArray(r: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = r() * 2 - 1;
  return a;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Runs fn on a backend with fresh tensors made from the given arrays; returns the result's values. */
async function on(backend: string, fn: () => tf.Tensor): Promise<{ values: Float32Array; shape: number[] }> {
  await tf.setBackend(backend);
  const out = tf.tidy(fn);
  const values = (await out.data()) as Float32Array;
  const shape = out.shape;
  out.dispose();
  return { values, shape };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

interface Case {
  x: Shape4;
  k: [number, number];
  out: number;
  stride: [number, number];
  dil: [number, number];
  pad: 'valid' | 'same';
}

function randomCase(r: () => number, depthwise: boolean, allowDilation: boolean): Case {
  const pick = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const stride: [number, number] = [pick(1, 3), pick(1, 3)];
  const useDil = allowDilation && r() < 0.5;
  const dil: [number, number] = useDil ? [pick(1, 3), pick(1, 3)] : [1, 1];
  if (useDil) stride.splice(0, 2, 1, 1); // TF.js: strides or dilations must be 1
  const k: [number, number] = [pick(1, 5), pick(1, 5)];
  const eff = [(k[0] - 1) * dil[0] + 1, (k[1] - 1) * dil[1] + 1];
  const x: Shape4 = [pick(1, 3), pick(eff[0], eff[0] + 8), pick(eff[1], eff[1] + 8), pick(1, 5)];
  return { x, k, out: depthwise ? pick(1, 3) : pick(1, 6), stride, dil, pad: r() < 0.5 ? 'valid' : 'same' };
}

function dyShape(c: Case, filter: Shape4, depthwise: boolean): Shape4 {
  const info = tf.backend_util.computeConv2DInfo(c.x, filter, c.stride, c.dil, c.pad, undefined, depthwise);
  return info.outShape as Shape4;
}

const TOL = 1e-4;
const CASES = 24;

beforeAll(async () => {
  const cpu = await initBackend('cpu');
  expect(cpu.backend).toBe('cpu');
  const wasm = await initBackend('wasm');
  expect(wasm.backend).toBe('wasm');
});

describe('wasm Conv2DBackpropFilter / Conv2DBackpropInput (registered kernels)', () => {
  it('match cpu through tf.grads of conv2d on random shapes, strides and paddings', async () => {
    const r = rng(1);
    for (let t = 0; t < CASES; t++) {
      const c = randomCase(r, false, false);
      const fShape: Shape4 = [c.k[0], c.k[1], c.x[3], c.out];
      const dy = dyShape(c, fShape, false);
      const xa = randArray(r, size(c.x));
      const fa = randArray(r, size(fShape));
      const da = randArray(r, size(dy));
      const grads = (which: 0 | 1) => () => {
        const g = tf.grads((x: tf.Tensor, f: tf.Tensor) =>
          tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad),
        )([tf.tensor4d(xa, c.x), tf.tensor4d(fa, fShape)], tf.tensor4d(da, dy));
        return g[which];
      };
      for (const which of [0, 1] as const) {
        const ref = await on('cpu', grads(which));
        const got = await on('wasm', grads(which));
        expect(got.shape).toEqual(ref.shape);
        const err = maxAbsDiff(got.values, ref.values);
        expect(err, `case ${t} ${JSON.stringify(c)} grad ${which ? 'filter' : 'input'}`).toBeLessThanOrEqual(TOL);
      }
    }
  });

  it('dilated conv2d gradients (implementation functions) match cpu via the dilated-filter identity', async () => {
    const r = rng(2);
    for (let t = 0; t < CASES; t++) {
      const c = randomCase(r, false, true);
      c.stride = [1, 1];
      await checkDilated(c, false, t);
    }
  });
});

/**
 * TF.js' cpu backprop kernels ignore dilations (its gradients reject them), so the dilated reference is built
 * from the identity "a dilated filter = a dense filter with zeros inserted", differentiated on cpu.
 */
async function checkDilated(c: Case, depthwise: boolean, t: number): Promise<void> {
  const fShape: Shape4 = [c.k[0], c.k[1], c.x[3], c.out];
  const dy = dyShape(c, fShape, depthwise);
  const xa = randArray(rngFor(t), size(c.x));
  const fa = randArray(rngFor(t + 100), size(fShape));
  const da = randArray(rngFor(t + 200), size(dy));
  const effK: [number, number] = [(c.k[0] - 1) * c.dil[0] + 1, (c.k[1] - 1) * c.dil[1] + 1];
  const effShape: Shape4 = [effK[0], effK[1], c.x[3], c.out];
  const at = (i: number, j: number, a: number, b: number) => ((i * effK[1] + j) * c.x[3] + a) * c.out + b;
  const dense = new Float32Array(size(effShape));
  let p = 0;
  for (let i = 0; i < c.k[0]; i++)
    for (let j = 0; j < c.k[1]; j++)
      for (let a = 0; a < c.x[3]; a++)
        for (let b = 0; b < c.out; b++) dense[at(i * c.dil[0], j * c.dil[1], a, b)] = fa[p++];
  const conv = (x: tf.Tensor, f: tf.Tensor) =>
    depthwise
      ? tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad)
      : tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
  const ref = (which: 0 | 1) => () =>
    tf.grads(conv)([tf.tensor4d(xa, c.x), tf.tensor4d(dense, effShape)], tf.tensor4d(da, dy))[which];
  const refDx = await on('cpu', ref(0));
  const refDwFull = await on('cpu', ref(1));
  const refDw = new Float32Array(size(fShape));
  p = 0;
  for (let i = 0; i < c.k[0]; i++)
    for (let j = 0; j < c.k[1]; j++)
      for (let a = 0; a < c.x[3]; a++)
        for (let b = 0; b < c.out; b++) refDw[p++] = refDwFull.values[at(i * c.dil[0], j * c.dil[1], a, b)];
  const dxFn = depthwise ? depthwiseBackpropInputImpl : conv2dBackpropInputImpl;
  const dwFn = depthwise ? depthwiseBackpropFilterImpl : conv2dBackpropFilterImpl;
  const gotDx = await on('wasm', () => dxFn(c.x, tf.tensor4d(da, dy), tf.tensor4d(fa, fShape), c.stride, c.pad, c.dil));
  const gotDw = await on('wasm', () => dwFn(tf.tensor4d(xa, c.x), tf.tensor4d(da, dy), fShape, c.stride, c.pad, c.dil));
  expect(maxAbsDiff(gotDx.values, refDx.values), `dx case ${t} ${JSON.stringify(c)}`).toBeLessThanOrEqual(TOL);
  expect(maxAbsDiff(gotDw.values, refDw), `dw case ${t} ${JSON.stringify(c)}`).toBeLessThanOrEqual(TOL);
}

const rngFor = (seed: number) => rng(seed * 7919 + 17);

describe('wasm DepthwiseConv2dNativeBackpropFilter / BackpropInput (registered kernels)', () => {
  it('match the cpu kernels on random shapes, strides, paddings and depth multipliers', async () => {
    const r = rng(3);
    for (let t = 0; t < CASES; t++) {
      const c = randomCase(r, true, false);
      const fShape: Shape4 = [c.k[0], c.k[1], c.x[3], c.out];
      const dy = dyShape(c, fShape, true);
      const xa = randArray(r, size(c.x));
      const fa = randArray(r, size(fShape));
      const da = randArray(r, size(dy));
      const attrs = { strides: c.stride, pad: c.pad, dilations: c.dil } as const;
      const dF = () =>
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor4d(xa, c.x), dy: tf.tensor4d(da, dy) }, {
          ...attrs,
          filterShape: fShape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      const dX = () =>
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor4d(da, dy), filter: tf.tensor4d(fa, fShape) }, {
          ...attrs,
          inputShape: c.x,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      for (const [name, fn] of [['filter', dF], ['input', dX]] as const) {
        const ref = await on('cpu', fn);
        const got = await on('wasm', fn);
        expect(got.shape).toEqual(ref.shape);
        expect(maxAbsDiff(got.values, ref.values), `case ${t} ${JSON.stringify(c)} ${name}`).toBeLessThanOrEqual(TOL);
      }
    }
  });

  it('support dilations (checked against the dilated-filter identity on cpu)', async () => {
    const r = rng(6);
    for (let t = 0; t < CASES; t++) {
      const c = randomCase(r, true, true);
      await checkDilated(c, true, t);
    }
  });

  it('the exported implementations agree with tf.grads of depthwiseConv2d on cpu', async () => {
    const r = rng(4);
    for (let t = 0; t < 8; t++) {
      const c = randomCase(r, true, false);
      const fShape: Shape4 = [c.k[0], c.k[1], c.x[3], c.out];
      const dy = dyShape(c, fShape, true);
      const xa = randArray(r, size(c.x));
      const fa = randArray(r, size(fShape));
      const da = randArray(r, size(dy));
      const g = (which: 0 | 1) => () =>
        tf.grads((x: tf.Tensor, f: tf.Tensor) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad))(
          [tf.tensor4d(xa, c.x), tf.tensor4d(fa, fShape)],
          tf.tensor4d(da, dy),
        )[which];
      const refDx = await on('cpu', g(0));
      const refDw = await on('cpu', g(1));
      const gotDx = await on('wasm', () =>
        depthwiseBackpropInputImpl(c.x, tf.tensor4d(da, dy), tf.tensor4d(fa, fShape), c.stride, c.pad),
      );
      const gotDw = await on('wasm', () =>
        depthwiseBackpropFilterImpl(tf.tensor4d(xa, c.x), tf.tensor4d(da, dy), fShape, c.stride, c.pad),
      );
      expect(maxAbsDiff(gotDx.values, refDx.values)).toBeLessThanOrEqual(TOL);
      expect(maxAbsDiff(gotDw.values, refDw.values)).toBeLessThanOrEqual(TOL);
    }
  });
});

describe('wasm UnsortedSegmentSum (gradient of Gather / Embedding)', () => {
  it('matches cpu', async () => {
    const r = rng(5);
    const ids = Int32Array.from({ length: 13 }, () => Math.floor(r() * 7));
    const xa = randArray(r, 13 * 4);
    const fn = () => tf.unsortedSegmentSum(tf.tensor2d(xa, [13, 4]), tf.tensor1d(ids, 'int32'), 7);
    const ref = await on('cpu', fn);
    const got = await on('wasm', fn);
    expect(got.shape).toEqual([7, 4]);
    expect(maxAbsDiff(got.values, ref.values)).toBeLessThanOrEqual(TOL);
  });

  it('lets an Embedding layer train on wasm (gather gradient)', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const table = tf.tidy(() => tf.variable(tf.randomNormal([10, 3], 0, 1, 'float32', 7)));
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([1, 1, 4], 'int32'))))(table));
    const v = Array.from(await g.data());
    expect(v.slice(3, 6)).toEqual([2, 2, 2]);
    expect(v.slice(12, 15)).toEqual([1, 1, 1]);
    expect(v.filter((x) => x !== 0).length).toBe(6);
    g.dispose();
    table.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('no tensor leaks from the composite kernels', () => {
  it('keeps numTensors constant across repeated gradient steps', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 9, 9, 3]);
    const f = tf.variable(tf.randomNormal([3, 3, 3, 4]));
    const d = tf.variable(tf.randomNormal([3, 3, 4, 2]));
    const step = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() =>
          tf.sum(tf.depthwiseConv2d(tf.conv2d(x as tf.Tensor4D, f as unknown as tf.Tensor4D, 2, 'same'), d as unknown as tf.Tensor4D, 1, 'valid')),
        );
        return tf.addN(Object.values(grads).map((g) => tf.sum(g)));
      }).dispose();
    step();
    const n = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(n);
    x.dispose();
    f.dispose();
    d.dispose();
  });
});

describe('wasm BatchMatMul / _FusedMatMul (re-routed through XNNPACK conv)', () => {
  it('match cpu for every transpose combination, batched and single, fused with bias and activations', async () => {
    const r = rng(8);
    for (const batch of [1, 3]) {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          const [m, k, n] = [5 + Math.floor(r() * 20), 3 + Math.floor(r() * 30), 2 + Math.floor(r() * 17)];
          const aShape: [number, number, number] = [batch, ...((tA ? [k, m] : [m, k]) as [number, number])];
          const bShape: [number, number, number] = [batch, ...((tB ? [n, k] : [k, n]) as [number, number])];
          const aa = randArray(r, size(aShape));
          const ba = randArray(r, size(bShape));
          const biasA = randArray(r, n);
          const plain = () => tf.matMul(tf.tensor(aa, aShape) as tf.Tensor3D, tf.tensor(ba, bShape) as tf.Tensor3D, tA, tB);
          const ref = await on('cpu', plain);
          const got = await on('wasm', plain);
          expect(got.shape).toEqual(ref.shape);
          expect(maxAbsDiff(got.values, ref.values), `matMul b${batch} ${tA} ${tB}`).toBeLessThanOrEqual(TOL);
          for (const activation of ['linear', 'relu', 'relu6', 'sigmoid'] as const) {
            const fused = () =>
              tf.fused.matMul({
                a: tf.tensor(aa, aShape) as tf.Tensor3D,
                b: tf.tensor(ba, bShape) as tf.Tensor3D,
                transposeA: tA,
                transposeB: tB,
                bias: tf.tensor1d(biasA),
                activation,
              });
            const fr = await on('cpu', fused);
            const fg = await on('wasm', fused);
            expect(maxAbsDiff(fg.values, fr.values), `fused ${activation} b${batch} ${tA} ${tB}`).toBeLessThanOrEqual(TOL);
          }
        }
      }
    }
  });
});

describe('wasm MaxPoolGrad (JS kernel over the wasm heap)', () => {
  it('matches cpu, including ties (ReLU zeros) and windows that do not divide the input', async () => {
    const r = rng(9);
    const configs: { x: Shape4; k: number; s: number; pad: 'valid' | 'same' }[] = [
      { x: [2, 8, 8, 3], k: 2, s: 2, pad: 'valid' },
      { x: [2, 9, 7, 2], k: 2, s: 2, pad: 'valid' },
      { x: [1, 9, 9, 2], k: 3, s: 3, pad: 'valid' },
      { x: [2, 8, 8, 3], k: 2, s: 2, pad: 'same' },
      { x: [2, 9, 9, 3], k: 2, s: 2, pad: 'same' },
      { x: [2, 9, 9, 3], k: 3, s: 2, pad: 'valid' },
      { x: [2, 10, 9, 3], k: 3, s: 2, pad: 'same' },
      { x: [1, 7, 7, 1], k: 3, s: 1, pad: 'same' },
    ];
    for (const cfg of configs) {
      // Quantised then ReLU'd values: plenty of exact ties, where TF routes the gradient to the first max.
      const xa = randArray(r, size(cfg.x)).map((v) => Math.max(0, Math.round(v * 3) / 3));
      const f = () =>
        tf.grad((x: tf.Tensor) => tf.mul(tf.maxPool(x as tf.Tensor4D, cfg.k, cfg.s, cfg.pad), tf.range(1, 1 + size(tf.maxPool(x as tf.Tensor4D, cfg.k, cfg.s, cfg.pad).shape)).reshape(tf.maxPool(x as tf.Tensor4D, cfg.k, cfg.s, cfg.pad).shape)))(
          tf.tensor4d(xa, cfg.x),
        );
      const ref = await on('cpu', f);
      const got = await on('wasm', f);
      expect(got.shape).toEqual(ref.shape);
      expect(maxAbsDiff(got.values, ref.values), JSON.stringify(cfg)).toBeLessThanOrEqual(TOL);
    }
  });
});
