import { z } from 'zod';
import { ExpansionBuilder, IN, convBnAct, type Pair, type Src } from '../expansion';
import { bnEpsilon, count, defineBlock } from '../schema';

/**
 * The five Inception-v3 modules (Szegedy et al. 2015, "Rethinking the Inception Architecture"), exactly as
 * torchvision's InceptionA–E. Every conv is BasicConv2d: conv without bias → BN(eps 0.001) → ReLU.
 */
const eps = (p: { bnEpsilon: number }) => ({ epsilon: p.bnEpsilon });

function basic(b: ExpansionBuilder, id: string, from: Src, filters: number, kernel: Pair, epsilon: number, stride = 1): string {
  const [kh, kw] = typeof kernel === 'number' ? [kernel, kernel] : kernel;
  // stride-2 convs in these modules are unpadded; stride-1 ones keep the size ('same').
  const pad: Pair = stride === 1 ? [(kh - 1) / 2, (kw - 1) / 2] : 0;
  return convBnAct(b, id, from, { filters, kernel, stride, pad }, { epsilon });
}

/** 3×3 average pool, stride 1, PyTorch pad 1 with count_include_pad: zero padding + 'valid' is exact. */
function avgPool3(b: ExpansionBuilder, id: string, from: Src): string {
  const pad = b.add(`${id}_pad`, 'ZeroPadding2D', { padding: [1, 1] }, from);
  return b.add(id, 'AveragePooling2D', { poolSize: 3, strides: 1, padding: 'valid' }, pad);
}
const maxPool3s2 = (b: ExpansionBuilder, id: string, from: Src) =>
  b.add(id, 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'valid' }, from);
const concat = (b: ExpansionBuilder, parts: string[]) => b.add('concat', 'Concatenate', { axis: -1 }, parts);

const aSchema = z.strictObject({ poolFeatures: count(32, 'Filters of the pool branch 1×1 conv'), bnEpsilon: bnEpsilon(0.001) });
const plainSchema = z.strictObject({ bnEpsilon: bnEpsilon(0.001) });
const cSchema = z.strictObject({ channels7x7: count(128, 'Width of the factorised 1×7 / 7×1 branches'), bnEpsilon: bnEpsilon(0.001) });

export const inceptionV3A = defineBlock<z.infer<typeof aSchema>>({
  template: 'InceptionV3A',
  doc:
    'Inception-v3 module A (35×35 grid): 1×1 (64), 1×1→5×5 (48→64), 1×1→3×3→3×3 (64→96→96) and ' +
    '3×3 avg-pool→1×1 branches, concatenated. Output channels = 224 + pool features.',
  paramsSchema: aSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    const e = eps(p).epsilon;
    const b1 = basic(b, 'b1x1', IN, 64, 1, e);
    const b5 = basic(b, 'b5x5_2', basic(b, 'b5x5_1', IN, 48, 1, e), 64, 5, e);
    const d1 = basic(b, 'b3x3dbl_1', IN, 64, 1, e);
    const d3 = basic(b, 'b3x3dbl_3', basic(b, 'b3x3dbl_2', d1, 96, 3, e), 96, 3, e);
    const bp = basic(b, 'bpool', avgPool3(b, 'bpool_avg', IN), p.poolFeatures, 1, e);
    return b.build(concat(b, [b1, b5, d3, bp]));
  },
});

export const inceptionV3B = defineBlock<z.infer<typeof plainSchema>>({
  template: 'InceptionV3B',
  doc:
    'Inception-v3 grid reduction 35→17: a stride-2 3×3 conv (384), a 1×1→3×3→3×3/2 branch (64→96→96) and a ' +
    'stride-2 3×3 max-pool, concatenated. Output channels = 480 + input channels.',
  paramsSchema: plainSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    const e = p.bnEpsilon;
    const b3 = basic(b, 'b3x3', IN, 384, 3, e, 2);
    const d2 = basic(b, 'b3x3dbl_2', basic(b, 'b3x3dbl_1', IN, 64, 1, e), 96, 3, e);
    const d3 = basic(b, 'b3x3dbl_3', d2, 96, 3, e, 2);
    return b.build(concat(b, [b3, d3, maxPool3s2(b, 'bpool', IN)]));
  },
});

export const inceptionV3C = defineBlock<z.infer<typeof cSchema>>({
  template: 'InceptionV3C',
  doc:
    'Inception-v3 module C (17×17 grid) with factorised 7×7 convolutions: 1×7 followed by 7×1 sees a 7×7 ' +
    'window with 2·7 instead of 49 weights per channel pair. Branches: 1×1 (192); 1×1→1×7→7×1; ' +
    '1×1→7×1→1×7→7×1→1×7; 3×3 avg-pool→1×1 (192). Output channels = 768.',
  paramsSchema: cSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    const [e, c7] = [p.bnEpsilon, p.channels7x7];
    const b1 = basic(b, 'b1x1', IN, 192, 1, e);
    let s = basic(b, 'b7x7_1', IN, c7, 1, e);
    s = basic(b, 'b7x7_3', basic(b, 'b7x7_2', s, c7, [1, 7], e), 192, [7, 1], e);
    let d = basic(b, 'b7x7dbl_1', IN, c7, 1, e);
    d = basic(b, 'b7x7dbl_2', d, c7, [7, 1], e);
    d = basic(b, 'b7x7dbl_3', d, c7, [1, 7], e);
    d = basic(b, 'b7x7dbl_4', d, c7, [7, 1], e);
    d = basic(b, 'b7x7dbl_5', d, 192, [1, 7], e);
    const bp = basic(b, 'bpool', avgPool3(b, 'bpool_avg', IN), 192, 1, e);
    return b.build(concat(b, [b1, s, d, bp]));
  },
});

export const inceptionV3D = defineBlock<z.infer<typeof plainSchema>>({
  template: 'InceptionV3D',
  doc:
    'Inception-v3 grid reduction 17→8: 1×1→3×3/2 (192→320), 1×1→1×7→7×1→3×3/2 (192 each) and a stride-2 ' +
    '3×3 max-pool, concatenated. Output channels = 512 + input channels.',
  paramsSchema: plainSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    const e = p.bnEpsilon;
    const b3 = basic(b, 'b3x3_2', basic(b, 'b3x3_1', IN, 192, 1, e), 320, 3, e, 2);
    let s = basic(b, 'b7x7x3_1', IN, 192, 1, e);
    s = basic(b, 'b7x7x3_2', s, 192, [1, 7], e);
    s = basic(b, 'b7x7x3_3', s, 192, [7, 1], e);
    s = basic(b, 'b7x7x3_4', s, 192, 3, e, 2);
    return b.build(concat(b, [b3, s, maxPool3s2(b, 'bpool', IN)]));
  },
});

export const inceptionV3E = defineBlock<z.infer<typeof plainSchema>>({
  template: 'InceptionV3E',
  doc:
    'Inception-v3 module E (8×8 grid), widened for high-dimensional representations: 1×1 (320); 1×1 (384) ' +
    'then parallel 1×3 and 3×1 (384 each); 1×1 (448)→3×3 (384) then parallel 1×3 and 3×1; 3×3 avg-pool→1×1 ' +
    '(192). Output channels = 2048.',
  paramsSchema: plainSchema,
  expand(p) {
    const b = new ExpansionBuilder();
    const e = p.bnEpsilon;
    const b1 = basic(b, 'b1x1', IN, 320, 1, e);
    const s = basic(b, 'b3x3_1', IN, 384, 1, e);
    const s2 = b.add('b3x3_cat', 'Concatenate', { axis: -1 }, [
      basic(b, 'b3x3_2a', s, 384, [1, 3], e),
      basic(b, 'b3x3_2b', s, 384, [3, 1], e),
    ]);
    const d = basic(b, 'b3x3dbl_2', basic(b, 'b3x3dbl_1', IN, 448, 1, e), 384, 3, e);
    const d2 = b.add('b3x3dbl_cat', 'Concatenate', { axis: -1 }, [
      basic(b, 'b3x3dbl_3a', d, 384, [1, 3], e),
      basic(b, 'b3x3dbl_3b', d, 384, [3, 1], e),
    ]);
    const bp = basic(b, 'bpool', avgPool3(b, 'bpool_avg', IN), 192, 1, e);
    return b.build(concat(b, [b1, s2, d2, bp]));
  },
});
