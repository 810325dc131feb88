import { z } from 'zod';
import { ExpansionBuilder, IN, convBnAct, type Src } from '../expansion';
import { bnEpsilon, count, defineBlock, stride } from '../schema';

const schema = z.strictObject({
  filters: count(24, 'Output channels of the linear 1×1 projection'),
  expansion: count(6, 't: the hidden (expanded) width is input channels × t; 1 skips the expand conv'),
  strides: stride('Stride of the depthwise 3×3 conv'),
  bnEpsilon: bnEpsilon(1e-5),
});
export type InvertedResidualParams = z.infer<typeof schema>;

export const invertedResidual = defineBlock<InvertedResidualParams>({
  template: 'InvertedResidual',
  doc:
    'MobileNetV2 inverted residual (Sandler et al. 2018): a 1×1 conv expands the channels t× (BN, ReLU6), ' +
    'a depthwise 3×3 conv filters each channel on its own (BN, ReLU6), and a 1×1 "linear bottleneck" ' +
    'projects back down with BN and no activation — ReLU on the narrow tensor would destroy information. ' +
    'When the stride is 1 and input and output channels are equal, the input is added to the output ' +
    '(residual between the thin ends, the inverse of a ResNet bottleneck).',
  paramsSchema: schema,
  expand(p, inputChannels) {
    const b = new ExpansionBuilder();
    const eps = { epsilon: p.bnEpsilon };
    const hidden = Math.round(inputChannels * p.expansion);
    let x: Src = IN;
    if (p.expansion !== 1) x = convBnAct(b, 'expand', x, { filters: hidden, kernel: 1 }, eps, 'relu6');
    x = convBnAct(b, 'depthwise', x, { filters: hidden, kernel: 3, stride: p.strides, pad: 1, depthwise: true }, eps, 'relu6');
    const project = convBnAct(b, 'project', x, { filters: p.filters, kernel: 1 }, eps, null);
    if (p.strides !== 1 || inputChannels !== p.filters) return b.build(project);
    return b.build(b.add('add', 'Add', {}, [IN, project]));
  },
});
