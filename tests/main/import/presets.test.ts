/**
 * Every preset up to ResNet-50 size: export (ONNX NCHW + TF.js, from one built model) → import gives the
 * same head shapes, the same trainable/total parameter counts and the same shape at every surviving node.
 * The large presets (AlexNet, VGGs, ResNet-34/101/152) are in presets-large/presets-vgg.test.ts.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildPreset, presetNames } from '../../../shared/presets';
import { cleanup, roundTrip } from './helpers';

const LARGE = ['alexnet', 'vgg11', 'vgg16', 'vgg19', 'resnet34', 'resnet101', 'resnet152'];

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(cleanup);

describe('import round trip: presets', () => {
  const small = presetNames.filter((n) => !LARGE.includes(n));
  it('covers every preset between the two files', () => {
    expect(small.length + LARGE.filter((n) => presetNames.includes(n)).length).toBe(presetNames.length);
  });
  for (const name of small) {
    it(`${name}: ONNX and TF.js`, async () => {
      expect(await roundTrip(name, buildPreset(name).graph, ['onnx', 'tfjs'])).toBe(2);
    });
  }
});
