import { elementwiseMerge } from './merge';

export const Multiply = elementwiseMerge(
  'Multiply',
  'Multiply takes the element-wise product of its inputs (Keras broadcasting: a [1, 1, c] gate scales a ' +
    '[h, w, c] map). It is the "scale" step of squeeze-and-excitation blocks (Hu et al. 2017), where a ' +
    'sigmoid channel gate re-weights the feature map, and the gating of LSTMs and attention. No weights.',
);
