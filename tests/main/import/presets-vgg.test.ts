/** Large presets, part 2 (VGG-19: 143.7 M parameters, 0.57 GB per file): export → import, ONNX and TF.js. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildPreset } from '../../../shared/presets';
import { cleanup, roundTrip } from './helpers';

const LARGE = ['vgg16', 'vgg19', 'resnet152'];

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(cleanup);

describe('import round trip: large presets (VGG-16/19, ResNet-152)', () => {
  for (const name of LARGE) {
    it(`${name}: ONNX and TF.js`, async () => {
      expect(await roundTrip(name, buildPreset(name).graph, ['onnx', 'tfjs'])).toBe(2);
    });
  }
});
