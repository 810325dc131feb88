/** Large presets, part 1 (part 2: presets-vgg.test.ts): export → import, ONNX and TF.js (see presets.test.ts). */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildPreset } from '../../../shared/presets';
import { cleanup, roundTrip } from './helpers';

const LARGE = ['alexnet', 'vgg11', 'resnet34', 'resnet101'];

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(cleanup);

describe('import round trip: large presets', () => {
  for (const name of LARGE) {
    it(`${name}: ONNX and TF.js`, async () => {
      expect(await roundTrip(name, buildPreset(name).graph, ['onnx', 'tfjs'])).toBe(2);
    });
  }
});
