import { elementwiseMerge } from './merge';

export const Add = elementwiseMerge(
  'Add',
  'Add sums its inputs element-wise. It is the residual connection of ResNet (He et al. 2015): ' +
    'y = F(x) + x lets gradients flow through the identity, which is why 152-layer networks still train. ' +
    'Shapes must be equal (or broadcast: a 1 stretches); when a stride or channel change breaks the ' +
    'shortcut, a 1×1 conv "projection shortcut" fixes it. No weights.',
);
