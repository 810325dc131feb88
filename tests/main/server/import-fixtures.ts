/** Model files for the import tests (host services and the browser e2e). */
import { encodeModel } from '../../../main/export/onnx/proto';

/** Trainable parameters of hardSwishModel once its HardSwish is left out: two Dense layers, 4 → 8 → 3. */
export const HARD_SWISH_MODEL_PARAMS = 4 * 8 + 8 + 8 * 3 + 3;

/** A Gemm → HardSwish ('act_hs') → Gemm ONNX model: HardSwish has no catalog layer. */
export function hardSwishModel(): Uint8Array {
  const vi = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) } } },
  });
  const init = (name: string, dims: number[]) => ({ name, data_type: 1, dims, float_data: new Array(dims.reduce((a, d) => a * d, 1)).fill(0.5) });
  const transB = [{ name: 'transB', type: 2, i: 1 }];
  return encodeModel({
    ir_version: 7,
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'g',
      node: [
        { op_type: 'Gemm', input: ['x', 'w1', 'b1'], output: ['h'], name: 'fc1', attribute: transB },
        { op_type: 'HardSwish', input: ['h'], output: ['a'], name: 'act_hs', attribute: [] },
        { op_type: 'Gemm', input: ['a', 'w2', 'b2'], output: ['y'], name: 'fc2', attribute: transB },
      ],
      initializer: [init('w1', [8, 4]), init('b1', [8]), init('w2', [3, 8]), init('b2', [3])],
      input: [vi('x', ['N', 4])],
      output: [vi('y', ['N', 3])],
    },
  });
}
