/**
 * Graph-level repairs that a single layer spec cannot know about: they look at the shapes arriving at a
 * node. Pure functions of shapes, used by the analyzer when it builds issues.
 */
import type { Shape } from '../graph/types';
import type { FixHint } from '../layers/types';

const ELEMENTWISE_MERGES = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum']);

/**
 * Merge of feature maps whose shapes differ: project the input that disagrees with the smallest grid onto
 * it with a 1×1 conv (stride = grid ratio, filters = reference channels), as ResNet does. Undefined when
 * no integer stride maps one grid onto the other. Used when the spec's error carries no fix itself.
 */
export function mergeProjectionFix(type: string, inputs: Shape[]): FixHint | undefined {
  if (!ELEMENTWISE_MERGES.has(type) || inputs.length < 2 || inputs.some((s) => s.length !== 3)) return undefined;
  let ref = 0;
  for (let i = 1; i < inputs.length; i++) if (inputs[i][0] < inputs[ref][0]) ref = i;
  const [h, w, c] = inputs[ref];
  for (let port = 0; port < inputs.length; port++) {
    const s = inputs[port];
    if (s[0] === h && s[1] === w && s[2] === c) continue;
    const sh = s[0] / h;
    const sw = s[1] / w;
    // 'same' padding: out = ceil(in / stride) must land exactly on the reference grid.
    const stride = Math.max(1, Math.floor(sh));
    if (Math.ceil(s[0] / stride) !== h || Math.ceil(s[1] / stride) !== w || !Number.isFinite(sw)) return undefined;
    return {
      kind: 'insertBefore',
      label: 'Insert 1×1 conv projection',
      port,
      type: 'Conv2D',
      params: { filters: c, kernelSize: 1, strides: stride, padding: 'same', useBias: false },
    };
  }
  return undefined;
}

/**
 * Dense on a feature map is legal (Keras applies it to the last axis), but right after a conv/pool it is
 * almost always a missing Flatten: the classifier would output one vector per pixel.
 */
export function flattenAdvice(type: string, sourceType: string | undefined, input: Shape | undefined, output: Shape): { message: string; fix: FixHint } | undefined {
  if (type !== 'Dense' || !input || input.length < 3 || sourceType === 'Dense') return undefined;
  return {
    message: `gets a [${input.join(',')}] input from {in0} and acts on its last axis only, giving [${output.join(',')}]; a classifier needs Flatten (or global pooling) first`,
    fix: { kind: 'insertBefore', label: 'Insert Flatten', port: 0, type: 'Flatten', params: {} },
  };
}
