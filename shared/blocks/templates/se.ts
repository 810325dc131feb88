import { z } from 'zod';
import { ExpansionBuilder, IN } from '../expansion';
import { count, defineBlock } from '../schema';

const schema = z.strictObject({
  ratio: count(16, 'Reduction ratio r: the hidden dense layer has channels / r units'),
  minUnits: count(1, 'Lower bound on the hidden units for narrow inputs'),
});
export type SeParams = z.infer<typeof schema>;

export const squeezeExcitation = defineBlock<SeParams>({
  template: 'SqueezeExcitation',
  doc:
    'Squeeze-and-Excitation block (SENet, Hu et al. 2017): channel attention. "Squeeze" global-average-' +
    'pools each channel to one number, "excite" passes that vector through two dense layers (C/r units with ' +
    'ReLU, then C units with sigmoid) giving one weight in (0, 1) per channel, and "scale" multiplies the ' +
    'input by those weights (broadcast over height and width). Adds ~2C²/r parameters and almost no MACs; ' +
    'the output has the same shape as the input.',
  paramsSchema: schema,
  expand(p, inputChannels) {
    const b = new ExpansionBuilder();
    const hidden = Math.max(p.minUnits, Math.floor(inputChannels / p.ratio));
    const squeeze = b.add('squeeze', 'GlobalAveragePooling2D', {}, IN);
    const fc1 = b.add('excite_fc1', 'Dense', { units: hidden, activation: 'relu', useBias: true }, squeeze);
    const fc2 = b.add('excite_fc2', 'Dense', { units: inputChannels, activation: 'sigmoid', useBias: true }, fc1);
    const gate = b.add('gate', 'Reshape', { targetShape: [1, 1, inputChannels] }, fc2);
    return b.build(b.add('scale', 'Multiply', {}, [IN, gate]));
  },
});
