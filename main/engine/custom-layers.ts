/**
 * Layers our catalog has and tfjs-layers lacks: LRN (AlexNet), SpatialDropout2D and Subtract. Registered
 * with tf.serialization so checkpoints saved in TF.js format load back.
 */
import * as tf from '@tensorflow/tfjs';

type Kwargs = Record<string, unknown>;

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

export interface LRNArgs {
  name?: string;
  depthRadius?: number;
  bias?: number;
  alpha?: number;
  beta?: number;
}

/** Local response normalisation across channels (TF semantics: alpha is not divided by the window size). */
export class LRN extends tf.layers.Layer {
  static readonly className = 'NetwrightLRN';
  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;

  constructor(args: LRNArgs) {
    super(args);
    this.depthRadius = args.depthRadius ?? 5;
    this.bias = args.bias ?? 1;
    this.alpha = args.alpha ?? 1;
    this.beta = args.beta ?? 0.5;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() =>
      tf.localResponseNormalization(single(inputs) as tf.Tensor4D, this.depthRadius, this.bias, this.alpha, this.beta),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthRadius: this.depthRadius, bias: this.bias, alpha: this.alpha, beta: this.beta };
  }
}

export interface SpatialDropout2DArgs {
  name?: string;
  rate: number;
  seed?: number;
}

/** Drops whole feature maps (noise shape [batch, 1, 1, channels]); identity at inference. */
export class SpatialDropout2D extends tf.layers.Layer {
  static readonly className = 'NetwrightSpatialDropout2D';
  readonly rate: number;
  readonly seed?: number;

  constructor(args: SpatialDropout2DArgs) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      if (!kwargs.training || this.rate <= 0 || this.rate >= 1) return x.clone();
      const [b, , , c] = x.shape as number[];
      return tf.dropout(x, this.rate, [b, 1, 1, c], this.seed);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const cfg: tf.serialization.ConfigDict = { ...super.getConfig(), rate: this.rate };
    if (this.seed != null) cfg.seed = this.seed;
    return cfg;
  }
}

/** Element-wise a − b of exactly two inputs (Keras' Subtract). */
export class Subtract extends tf.layers.Layer {
  static readonly className = 'NetwrightSubtract';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!Array.isArray(inputs) || inputs.length !== 2) {
      throw new Error(`Subtract expects exactly 2 inputs, got ${Array.isArray(inputs) ? inputs.length : 1}.`);
    }
    return tf.tidy(() => tf.sub(inputs[0], inputs[1]));
  }
}

export interface CausalPad1DArgs {
  name?: string;
  amount: number;
}

/** Left-pads the time axis of [batch, steps, channels]: turns a 'valid' Conv1D into a causal one. */
export class CausalPad1D extends tf.layers.Layer {
  static readonly className = 'NetwrightCausalPad1D';
  readonly amount: number;

  constructor(args: CausalPad1DArgs) {
    super(args);
    this.amount = args.amount;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const s = inputShape as tf.Shape;
    return [s[0], s[1] == null ? null : (s[1] as number) + this.amount, s[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.pad(single(inputs), [[0, 0], [this.amount, 0], [0, 0]]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), amount: this.amount };
  }
}

let registered = false;

/** Registers the custom classes for (de)serialisation. Idempotent. */
export function registerCustomLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(LRN);
  tf.serialization.registerClass(SpatialDropout2D);
  tf.serialization.registerClass(Subtract);
  tf.serialization.registerClass(CausalPad1D);
  registered = true;
}
