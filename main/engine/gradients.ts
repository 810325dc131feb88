/**
 * Gradients for dilated convolutions. TF.js' own Conv2D / DepthwiseConv2dNative gradients reject
 * dilation rates > 1 (and its cpu backprop kernels ignore dilations). These replacements keep TF.js' path for
 * dilation 1 and use our op-composed implementations (wasm-kernels.ts, tested against a dense-filter
 * reference) otherwise, on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import {
  conv2dBackpropFilterImpl,
  conv2dBackpropInputImpl,
  depthwiseBackpropFilterImpl,
  depthwiseBackpropInputImpl,
} from './wasm-kernels';

type Pair = number | [number, number];
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

interface ConvAttrs {
  strides: Pair;
  pad: Pad;
  dilations?: Pair;
  dataFormat?: string;
  dimRoundingMode?: Rounding;
}

const dilated = (d: Pair | undefined) => d != null && (typeof d === 'number' ? d > 1 : d[0] > 1 || d[1] > 1);

function nhwc(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat != null && dataFormat !== 'NHWC') throw new Error(`Gradient of ${kernel}: only NHWC is supported, got ${dataFormat}.`);
}

const conv2dGrad: tf.GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as ConvAttrs;
    nhwc('Conv2D', a.dataFormat);
    const g = dy as tf.Tensor4D;
    const shape = x.shape as [number, number, number, number];
    if (!dilated(a.dilations)) {
      return {
        x: () => tf.conv2dTranspose(g, filter, shape, a.strides, a.pad as 'valid' | 'same', a.dimRoundingMode),
        filter: () =>
          tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: g }, {
            strides: a.strides,
            pad: a.pad,
            dataFormat: 'NHWC',
            dimRoundingMode: a.dimRoundingMode,
            filterShape: filter.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor4D,
      };
    }
    const fShape = filter.shape as [number, number, number, number];
    return {
      x: () => conv2dBackpropInputImpl(shape, g, filter, a.strides, a.pad, a.dilations, a.dimRoundingMode),
      filter: () => conv2dBackpropFilterImpl(x, g, fShape, a.strides, a.pad, a.dilations, a.dimRoundingMode),
    };
  },
};

const depthwiseGrad: tf.GradConfig = {
  kernelName: 'DepthwiseConv2dNative',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as ConvAttrs;
    const g = dy as tf.Tensor4D;
    const shape = x.shape as [number, number, number, number];
    const fShape = filter.shape as [number, number, number, number];
    if (!dilated(a.dilations)) {
      const k = { strides: a.strides, pad: a.pad, dimRoundingMode: a.dimRoundingMode, dilations: [1, 1] };
      return {
        x: () =>
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: g, filter }, {
            ...k,
            inputShape: shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor4D,
        filter: () =>
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy: g }, {
            ...k,
            filterShape: fShape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor4D,
      };
    }
    return {
      x: () => depthwiseBackpropInputImpl(shape, g, filter, a.strides, a.pad, a.dilations, a.dimRoundingMode),
      filter: () => depthwiseBackpropFilterImpl(x, g, fShape, a.strides, a.pad, a.dilations, a.dimRoundingMode),
    };
  },
};

let registered = false;

/** Replaces TF.js' Conv2D and DepthwiseConv2dNative gradients (all backends). Idempotent. */
export function registerDilatedConvGradients(): void {
  if (registered) return;
  tf.registerGradient(conv2dGrad);
  tf.registerGradient(depthwiseGrad);
  registered = true;
}
