/**
 * Kernels the TF.js wasm backend lacks (or implements slowly), expressed through the backend's own fast
 * kernels (XNNPACK Conv2D / DepthwiseConv2dNative, BatchMatMul, Pad, StridedSlice, Transpose).
 *
 * - Conv2DBackpropFilter: one conv with batch and channels swapped (x as [Ci,H,W,N], dy as the filter).
 * - Conv2DBackpropInput: replaces wasm's scalar C loop by a Conv2D of the zero-upsampled, padded dy with the
 *   spatially flipped, in/out-swapped filter (the "transposed convolution" identity).
 * - DepthwiseConv2dNativeBackpropInput: same identity with a depthwise conv, then a sum over the multiplier.
 * - DepthwiseConv2dNativeBackpropFilter: one depthwise conv with the (image, channel) pairs as channels.
 * - UnsortedSegmentSum: one-hot MatMul (needed by the gradient of Gather, i.e. Embedding).
 * - MaxPoolGrad: a plain JS loop over the wasm heap (faster than wasm's kernel, TF's first-max tie rule).
 * - BatchMatMul / _FusedMatMul: single matrices through XNNPACK as 1×1 convs (wasm's loop is slow, and its
 *   fused kernel adds the bias wrongly for batch > 1).
 *
 * Kernel functions may call ops: nested ops run with kernelDepth > 0, so they are not recorded on the tape,
 * and returning a Tensor from a kernel hands it to the engine as the output as-is.
 */
import * as tf from '@tensorflow/tfjs';

type Tensor = tf.Tensor;
type Tensor4D = tf.Tensor4D;
type TensorInfo = tf.TensorInfo;
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Pair = number | [number, number];

const BACKEND = 'wasm';

/** Wraps a kernel input (a bare TensorInfo) as a Tensor for op calls; the caller disposes it. */
function asTensor<T extends Tensor>(info: TensorInfo): T {
  // makeTensorFromTensorInfo does not add a reference; take one so disposing the wrapper leaves the input alive.
  tf.engine().backend.incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info) as T;
}

/** Pads (positive) or crops (negative) the two spatial dims of an NHWC tensor. */
function padOrCrop(x: Tensor4D, top: number, bottom: number, left: number, right: number): Tensor4D {
  const [n, h, w, c] = x.shape;
  let y = x;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const t = Math.max(0, -top);
    const l = Math.max(0, -left);
    const hh = h - t - Math.max(0, -bottom);
    const ww = w - l - Math.max(0, -right);
    y = tf.slice(y, [0, t, l, 0], [n, hh, ww, c]);
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    y = tf.pad(y, [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]]);
  }
  return y;
}

type Explicit = [[number, number], [number, number], [number, number], [number, number]];

/**
 * Crops the negative amounts, returns the positive ones as an explicit conv padding: XNNPACK pads inside the
 * conv for free, while a separate PadV2 on wasm costs as much as the conv itself for thin tensors.
 */
function cropForConv(x: Tensor4D, top: number, bottom: number, left: number, right: number): [Tensor4D, Explicit] {
  const y = padOrCrop(x, Math.min(0, top), Math.min(0, bottom), Math.min(0, left), Math.min(0, right));
  return [y, [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]]];
}

/** Inserts (s-1) zeros between rows/cols of dy so a stride-1 conv can stand for a strided one. */
function upsampleZeros(dy: Tensor4D, sh: number, sw: number): Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const r = tf.reshape(dy, [n, h, 1, w, 1, c]);
  const p = tf.pad(r, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  const u = tf.reshape(p, [n, h * sh, w * sw, c]) as Tensor4D;
  return tf.slice(u, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]);
}

/**
 * im2col for an NHWC input: returns [N*outH*outW, kh*kw*C] with columns ordered (i, j, c), the same order
 * as a [kh, kw, C, *] filter flattened, so dW = patchesᵀ · dy reshapes straight to the filter layout.
 */
function patches(x: Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor2D {
  const { padInfo, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow } = info;
  const [n, h, w, c] = x.shape;
  // Pad enough that every strided window is in range, whatever the padding mode.
  const needH = (oh - 1) * sh + (kh - 1) * dh + 1;
  const needW = (ow - 1) * sw + (kw - 1) * dw + 1;
  const xp = padOrCrop(x, padInfo.top, needH - h - padInfo.top, padInfo.left, needW - w - padInfo.left);
  const cols: Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const begin = [0, i * dh, j * dw, 0];
      const end = [n, i * dh + (oh - 1) * sh + 1, j * dw + (ow - 1) * sw + 1, c];
      cols.push(sh === 1 && sw === 1 ? tf.slice(xp, begin, [n, oh, ow, c]) : tf.stridedSlice(xp, begin, end, [1, sh, sw, 1]));
    }
  }
  const cat = cols.length === 1 ? cols[0] : tf.concat(cols, 3);
  return tf.reshape(cat, [n * oh * ow, kh * kw * c]);
}

function convInfo(
  xShape: number[],
  filterShape: number[],
  strides: Pair,
  dilations: Pair,
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
}

function assertNHWC(kernel: string, dataFormat: unknown): void {
  if (dataFormat != null && dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm: only NHWC data format is supported, got '${String(dataFormat)}'.`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Pure implementations (exported so tests and other backends can compare them directly).

export function conv2dBackpropFilterImpl(
  x: Tensor4D,
  dy: Tensor4D,
  filterShape: [number, number, number, number],
  strides: Pair,
  pad: Pad,
  dilations: Pair = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convInfo(x.shape, filterShape, strides, dilations, pad, dimRoundingMode, false);
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    if ((sh > 1 || sw > 1) && (dh > 1 || dw > 1)) {
      // Both strided and dilated: the conv identity below would need both too, which TF.js forbids.
      const cols = patches(x, info);
      return tf.reshape(tf.matMul(cols, tf.reshape(dy, [-1, filterShape[3]]), true, false), filterShape);
    }
    // dW[i,j,ci,co] = Σ_{n,oh,ow} x[n, oh·sh + i·dh − top, …, ci] · dy[n, oh, ow, co]
    // is a conv over (oh, ow) with the batch as the channel axis: input x as [Ci, H, W, N], "filter"
    // dy as [Ho, Wo, N, Co], stride = dilation and dilation = stride. One XNNPACK conv does it all.
    const [kh, kw] = [info.filterHeight, info.filterWidth];
    const needH = (kh - 1) * dh + (info.outHeight - 1) * sh + 1;
    const needW = (kw - 1) * dw + (info.outWidth - 1) * sw + 1;
    const [, h, w] = x.shape;
    const [xc, padding] = cropForConv(x, info.padInfo.top, needH - h - info.padInfo.top, info.padInfo.left, needW - w - info.padInfo.left);
    const xt = tf.transpose(xc, [3, 1, 2, 0]) as Tensor4D;
    const dyt = tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D;
    const out = tf.conv2d(xt, dyt, [dh, dw], padding, 'NHWC', [sh, sw]); // [Ci, kh, kw, Co]
    return tf.transpose(out, [1, 2, 0, 3]) as Tensor4D;
  });
}

export function conv2dBackpropInputImpl(
  xShape: [number, number, number, number],
  dy: Tensor4D,
  filter: Tensor4D,
  strides: Pair,
  pad: Pad,
  dilations: Pair = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convInfo(xShape, filter.shape, strides, dilations, pad, dimRoundingMode, false);
    const { filterHeight: kh, filterWidth: kw, dilationHeight: dh, dilationWidth: dw } = info;
    const [, h, w] = xShape;
    const up = upsampleZeros(dy, info.strideHeight, info.strideWidth);
    // dx[h] = Σ_i up[h + top - i·dh] f[i]  ⇒ correlate padded `up` with the flipped filter.
    const top = (kh - 1) * dh - info.padInfo.top;
    const left = (kw - 1) * dw - info.padInfo.left;
    const bottom = h + (kh - 1) * dh - top - up.shape[1];
    const right = w + (kw - 1) * dw - left - up.shape[2];
    const [cropped, padding] = cropForConv(up, top, bottom, left, right);
    // [kh, kw, Ci, Co] → flip spatially, swap in/out: [kh, kw, Co, Ci].
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as Tensor4D;
    return tf.conv2d(cropped, flipped, 1, padding, 'NHWC', [dh, dw]);
  });
}

export function depthwiseBackpropInputImpl(
  xShape: [number, number, number, number],
  dy: Tensor4D,
  filter: Tensor4D,
  strides: Pair,
  pad: Pad,
  dilations: Pair = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convInfo(xShape, filter.shape, strides, dilations, pad, dimRoundingMode, true);
    const { filterHeight: kh, filterWidth: kw, dilationHeight: dh, dilationWidth: dw } = info;
    const [n, h, w, c] = xShape;
    const m = filter.shape[3];
    const up = upsampleZeros(dy, info.strideHeight, info.strideWidth);
    const top = (kh - 1) * dh - info.padInfo.top;
    const left = (kw - 1) * dw - info.padInfo.left;
    const bottom = h + (kh - 1) * dh - top - up.shape[1];
    const right = w + (kw - 1) * dw - left - up.shape[2];
    const [cropped, padding] = cropForConv(up, top, bottom, left, right);
    // Each of the C·m dy channels is correlated with its own flipped 2-D kernel, then the m copies summed.
    const f = tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, c * m, 1]) as Tensor4D;
    const out = tf.depthwiseConv2d(cropped, f, 1, padding, 'NHWC', [dh, dw]);
    return m === 1 ? out : (tf.sum(tf.reshape(out, [n, h, w, c, m]), 4) as Tensor4D);
  });
}

export function depthwiseBackpropFilterImpl(
  x: Tensor4D,
  dy: Tensor4D,
  filterShape: [number, number, number, number],
  strides: Pair,
  pad: Pad,
  dilations: Pair = 1,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convInfo(x.shape, filterShape, strides, dilations, pad, dimRoundingMode, true);
    const [kh, kw, c, m] = filterShape;
    const [n, h, w] = x.shape;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    if ((sh > 1 || sw > 1) && (dh > 1 || dw > 1)) {
      // Strided and dilated at once (the identity below would need both): im2col + per-channel MatMul.
      const rows = n * info.outHeight * info.outWidth;
      const p = tf.transpose(tf.reshape(patches(x, info), [rows, kh * kw, c]), [2, 1, 0]) as tf.Tensor3D;
      const d = tf.transpose(tf.reshape(dy, [rows, c, m]), [1, 0, 2]) as tf.Tensor3D;
      return tf.reshape(tf.transpose(tf.matMul(p, d), [1, 0, 2]), filterShape);
    }
    // dW[i,j,c,k] = Σ_{n,oh,ow} x[n, oh·sh + i·dh − top, …, c] · dy[n, oh, ow, c·m + k]: one depthwise conv
    // over (oh, ow) with the N·C (image, channel) pairs as channels — x as [1, H, W, N·C], "filter" dy as
    // [Ho, Wo, N·C, m], stride = dilation, dilation = stride — then a sum over the images.
    const needH = (kh - 1) * dh + (info.outHeight - 1) * sh + 1;
    const needW = (kw - 1) * dw + (info.outWidth - 1) * sw + 1;
    const [xc, padding] = cropForConv(x, info.padInfo.top, needH - h - info.padInfo.top, info.padInfo.left, needW - w - info.padInfo.left);
    const [, hc, wc] = xc.shape;
    const xt = tf.reshape(tf.transpose(xc, [1, 2, 0, 3]), [1, hc, wc, n * c]) as Tensor4D;
    const [, oh, ow] = dy.shape;
    const dyt = tf.reshape(tf.transpose(tf.reshape(dy, [n, oh, ow, c, m]), [1, 2, 0, 3, 4]), [oh, ow, n * c, m]) as Tensor4D;
    const out = tf.depthwiseConv2d(xt, dyt, [dh, dw], padding, 'NHWC', [sh, sw]); // [1, kh, kw, N·C·m]
    return tf.sum(tf.reshape(out, [kh, kw, n, c, m]), 2) as Tensor4D;
  });
}

export function unsortedSegmentSumImpl(x: Tensor, segmentIds: tf.Tensor1D, numSegments: number): Tensor {
  return tf.tidy(() => {
    const rows = segmentIds.shape[0];
    const rest = x.shape.slice(1);
    const flat = tf.reshape(x, [rows, -1]);
    const onehot = tf.oneHot(tf.cast(segmentIds, 'int32'), numSegments); // [rows, numSegments]
    const summed = tf.matMul(tf.cast(onehot, 'float32'), tf.cast(flat, 'float32'), true, false);
    const out = tf.reshape(summed, [numSegments, ...rest]);
    return x.dtype === 'int32' ? tf.cast(tf.round(out), 'int32') : out;
  });
}

/** The slice of the wasm backend's API used by the JS kernels below. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

/**
 * MaxPoolGrad in plain JS over the wasm heap (any window, stride, padding; dilation 1): for each output,
 * the first maximum of its window in row-major order (TF's rule, exactly as the cpu backend) receives dy.
 * A JIT-compiled scalar loop beats both wasm's kernel and any composition of wasm ops here.
 */
export function maxPoolGradJs(
  dy: Float32Array,
  x: Float32Array,
  dx: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: kh, effectiveFilterWidth: kw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  dx.fill(0);
  const rowX = w * c;
  const imgX = h * rowX;
  let o = 0;
  for (let b = 0; b < nb; b++) {
    const xb = b * imgX;
    for (let yr = 0; yr < oh; yr++) {
      const r0 = yr * sh - top;
      const rs = Math.max(0, r0);
      const re = Math.min(h, r0 + kh);
      for (let yc = 0; yc < ow; yc++) {
        const c0 = yc * sw - left;
        const cs = Math.max(0, c0);
        const ce = Math.min(w, c0 + kw);
        for (let d = 0; d < c; d++, o++) {
          let best = -Infinity;
          let at = -1;
          for (let r = rs; r < re; r++) {
            let p = xb + r * rowX + cs * c + d;
            for (let cc = cs; cc < ce; cc++, p += c) {
              const v = x[p];
              if (v > best) {
                best = v;
                at = p;
              }
            }
          }
          if (at >= 0) dx[at] += dy[o];
        }
      }
    }
  }
}

/**
 * Single-matrix MatMul as a 1×1 conv: XNNPACK's GEMM is 2–6× faster than wasm's BatchMatMul loop, which is
 * slowest with transposed operands (the weight-gradient case). Transposes are done explicitly first.
 */
function matMulAsConv(
  a: Tensor,
  b: Tensor,
  transposeA: boolean,
  transposeB: boolean,
  fused?: { bias?: Tensor; activation?: tf.fused.Activation; prelu?: Tensor; leakyreluAlpha?: number },
): Tensor {
  return tf.tidy(() => {
    const ra = a.shape.length;
    const rb = b.shape.length;
    let a2 = tf.reshape(a, a.shape.slice(-2) as [number, number]) as tf.Tensor2D;
    let b2 = tf.reshape(b, b.shape.slice(-2) as [number, number]) as tf.Tensor2D;
    if (transposeA) a2 = tf.transpose(a2);
    if (transposeB) b2 = tf.transpose(b2);
    const [m, k] = a2.shape;
    const n = b2.shape[1];
    const x = tf.reshape(a2, [1, 1, m, k]) as Tensor4D;
    const f = tf.reshape(b2, [1, 1, k, n]) as Tensor4D;
    const out = fused
      ? tf.fused.conv2d({
          x,
          filter: f,
          strides: 1,
          pad: 'valid',
          bias: fused.bias,
          activation: fused.activation,
          preluActivationWeights: fused.prelu,
          leakyreluAlpha: fused.leakyreluAlpha,
        })
      : tf.conv2d(x, f, 1, 'valid');
    const lead = new Array(Math.max(ra, rb) - 2).fill(1);
    return tf.reshape(out, [...lead, m, n]);
  });
}

function activate(y: Tensor, activation: tf.fused.Activation | undefined, prelu?: Tensor, alpha?: number): Tensor {
  switch (activation ?? 'linear') {
    case 'linear':
      return y;
    case 'relu':
      return tf.relu(y);
    case 'relu6':
      return tf.relu6(y);
    case 'elu':
      return tf.elu(y);
    case 'sigmoid':
      return tf.sigmoid(y);
    case 'prelu':
      return tf.prelu(y, prelu!);
    case 'leakyrelu':
      return tf.leakyRelu(y, alpha ?? 0.2);
    default:
      throw new Error(`_FusedMatMul on wasm: unsupported fused activation '${String(activation)}'.`);
  }
}

const batchOf = (shape: number[]) => shape.slice(0, -2).reduce((p, d) => p * d, 1);

// ---------------------------------------------------------------------------------------------------------
// Registration.

interface ConvAttrs {
  strides: Pair;
  pad: Pad;
  dataFormat?: string;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: Pair;
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

function req(inputs: tf.NamedTensorInfoMap, name: string): TensorInfo {
  const t = inputs[name];
  if (t == null) throw new Error(`wasm kernel: missing input '${name}'.`);
  return t;
}

function withTensors<R>(infos: TensorInfo[], fn: (...ts: Tensor[]) => R): R {
  const ts = infos.map((i) => asTensor(i));
  try {
    return fn(...ts);
  } finally {
    ts.forEach((t) => t.dispose());
  }
}

function kernels(original: (name: string) => tf.KernelFunc | null): tf.KernelConfig[] {
  const origMatMul = original('BatchMatMul');
  const origFused = original('_FusedMatMul');
  const list: tf.KernelConfig[] = [
    {
      kernelName: 'Conv2DBackpropFilter',
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs }) => {
        const a = attrs as unknown as ConvAttrs;
        assertNHWC('Conv2DBackpropFilter', a.dataFormat);
        return withTensors([req(inputs, 'x'), req(inputs, 'dy')], (x, dy) =>
          conv2dBackpropFilterImpl(x as Tensor4D, dy as Tensor4D, a.filterShape!, a.strides, a.pad, 1, a.dimRoundingMode),
        );
      },
    },
    {
      kernelName: 'Conv2DBackpropInput',
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs }) => {
        const a = attrs as unknown as ConvAttrs;
        assertNHWC('Conv2DBackpropInput', a.dataFormat);
        return withTensors([req(inputs, 'dy'), req(inputs, 'filter')], (dy, filter) =>
          conv2dBackpropInputImpl(a.inputShape!, dy as Tensor4D, filter as Tensor4D, a.strides, a.pad, 1, a.dimRoundingMode),
        );
      },
    },
    {
      kernelName: 'DepthwiseConv2dNativeBackpropFilter',
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs }) => {
        const a = attrs as unknown as ConvAttrs;
        return withTensors([req(inputs, 'x'), req(inputs, 'dy')], (x, dy) =>
          depthwiseBackpropFilterImpl(x as Tensor4D, dy as Tensor4D, a.filterShape!, a.strides, a.pad, a.dilations ?? 1, a.dimRoundingMode),
        );
      },
    },
    {
      kernelName: 'DepthwiseConv2dNativeBackpropInput',
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs }) => {
        const a = attrs as unknown as ConvAttrs;
        return withTensors([req(inputs, 'dy'), req(inputs, 'filter')], (dy, filter) =>
          depthwiseBackpropInputImpl(a.inputShape!, dy as Tensor4D, filter as Tensor4D, a.strides, a.pad, a.dilations ?? 1, a.dimRoundingMode),
        );
      },
    },
    {
      kernelName: 'UnsortedSegmentSum',
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs }) => {
        const { numSegments } = attrs as unknown as { numSegments: number };
        return withTensors([req(inputs, 'x'), req(inputs, 'segmentIds')], (x, ids) => unsortedSegmentSumImpl(x, ids as tf.Tensor1D, numSegments));
      },
    },
  ];
  {
    list.push({
      kernelName: 'MaxPoolGrad',
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const a = attrs as unknown as { filterSize: Pair; strides: Pair; pad: Pad; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
        const x = req(inputs, 'input');
        const dy = req(inputs, 'dy');
        const info = tf.backend_util.computePool2DInfo(
          x.shape as [number, number, number, number],
          a.filterSize,
          a.strides,
          1,
          a.pad,
          a.dimRoundingMode,
        );
        const b = backend as unknown as WasmHeapBackend;
        const out = b.makeOutput(x.shape, 'float32');
        // Views into the wasm heap, taken after makeOutput (which may grow and move the heap).
        maxPoolGradJs(b.typedArrayFromHeap(dy), b.typedArrayFromHeap(x), b.typedArrayFromHeap(out), info);
        return out;
      },
    });
  }
  if (origMatMul) {
    list.push({
      kernelName: 'BatchMatMul',
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
        const [a, b] = [req(inputs, 'a'), req(inputs, 'b')];
        if (batchOf(a.shape) === 1 && batchOf(b.shape) === 1) {
          return withTensors([a, b], (ta, tb) => matMulAsConv(ta, tb, transposeA, transposeB));
        }
        if (!transposeA && !transposeB) return origMatMul({ inputs, attrs, backend });
        // Batched: wasm's loop is fast only without transposes, so transpose the operands explicitly.
        return withTensors([a, b], (ta, tb) => {
          const perm = (r: number) => [...Array(r - 2).keys(), r - 1, r - 2];
          const at = transposeA ? tf.transpose(ta, perm(ta.rank)) : ta;
          const bt = transposeB ? tf.transpose(tb, perm(tb.rank)) : tb;
          try {
            return origMatMul({ inputs: { a: at, b: bt }, attrs: { ...attrs, transposeA: false, transposeB: false }, backend });
          } finally {
            if (at !== ta) at.dispose();
            if (bt !== tb) bt.dispose();
          }
        });
      },
    });
  }
  if (origFused) {
    list.push({
      kernelName: '_FusedMatMul',
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs }) => {
        const a = attrs as unknown as { transposeA: boolean; transposeB: boolean; activation: tf.fused.Activation; leakyreluAlpha?: number };
        const [ia, ib] = [req(inputs, 'a'), req(inputs, 'b')];
        const { bias, preluActivationWeights: prelu } = inputs;
        const n = (a.transposeB ? ib.shape[ib.shape.length - 2] : ib.shape[ib.shape.length - 1]) as number;
        const biasOk = bias == null || bias.shape.reduce((p, d) => p * d, 1) === n;
        const preluOk = prelu == null || prelu.shape.reduce((p, d) => p * d, 1) <= n;
        const infos = [ia, ib, ...(bias ? [bias] : []), ...(prelu ? [prelu] : [])];
        if (batchOf(ia.shape) !== 1 || batchOf(ib.shape) !== 1 || !biasOk || !preluOk) {
          // wasm's own _FusedMatMul adds the bias wrongly for batch > 1: compose it from ops instead.
          return withTensors(infos, (ta, tb, ...rest) =>
            tf.tidy(() => {
              let y = tf.matMul(ta, tb, a.transposeA, a.transposeB);
              if (bias) y = tf.add(y, rest[0]);
              return activate(y, a.activation, prelu ? rest[bias ? 1 : 0] : undefined, a.leakyreluAlpha);
            }),
          );
        }
        return withTensors(infos, (ta, tb, ...rest) => {
          const tBias = bias ? tf.reshape(rest[0], [n]) : undefined;
          const tPrelu = prelu ? rest[bias ? 1 : 0] : undefined;
          try {
            return matMulAsConv(ta, tb, a.transposeA, a.transposeB, {
              bias: tBias,
              activation: a.activation,
              prelu: tPrelu,
              leakyreluAlpha: a.leakyreluAlpha,
            });
          } finally {
            tBias?.dispose();
          }
        });
      },
    });
  }
  return list;
}

/** Kernel names this module provides for the wasm backend. */
export const WASM_KERNEL_NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'UnsortedSegmentSum',
  'BatchMatMul',
  '_FusedMatMul',
  'MaxPoolGrad',
] as const;

let registered = false;

/**
 * Registers (or replaces) the kernels above on the wasm backend. Idempotent. Call before training on wasm;
 * `initBackend` does it for you.
 */
export function registerWasmKernels(): void {
  if (registered) return;
  const original = (name: string) => tf.getKernel(name, BACKEND)?.kernelFunc ?? null;
  for (const k of kernels(original)) {
    const prev = tf.getKernel(k.kernelName, BACKEND);
    if (prev != null) {
      tf.unregisterKernel(k.kernelName, BACKEND);
      // Our fallbacks call the original kernelFunc, which needs its setup (cwrap) run at backend init.
      if (prev.setupFunc) k.setupFunc = prev.setupFunc;
    }
    tf.registerKernel(k);
  }
  registered = true;
}
