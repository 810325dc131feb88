import { describe, it, expect } from 'vitest';
import { buildConfig, DEFAULT_SETTINGS, importId, settingsFromConfig } from '../../../renderer/panels/train/model';
import { trainingConfigSchema } from '../../../shared/contract/training';

const graph = { nodes: [], edges: [], groups: [] };

describe('train settings → config', () => {
  it('carries schedule, augmentation, regularisation, early stopping and the built-in backend', () => {
    const s = {
      ...DEFAULT_SETTINGS, optimizer: 'sgd' as const, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4,
      schedule: 'step' as const, stepSize: 3, gamma: 0.5, warmupEpochs: 1, patience: 2,
      flip: true, shift: 2, rotate: 10, scale: 0.1, backend: 'wasm' as const, epochs: 4, limit: 800,
    };
    const cfg = trainingConfigSchema.parse(buildConfig(graph, s));
    expect(cfg.optimizer).toEqual({ type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: false, weightDecay: 5e-4 });
    expect(cfg.schedule).toEqual({ type: 'step', stepSize: 3, gamma: 0.5, warmupEpochs: 1 });
    expect(cfg.augmentation).toEqual({ flip: true, shift: 2, rotate: 10, scale: 0.1 });
    expect(cfg.earlyStopping.patience).toBe(2);
    expect(cfg.engine).toBe('builtin');
    expect(cfg.backend).toBe('wasm');
    expect(cfg.device).toBe('auto');
    expect(cfg.dataset).toEqual({ id: 'mnist', limit: 800, validationSplit: 0.1 });
    // Round trip: the settings a reattached run shows are the ones it was started with.
    expect(settingsFromConfig(cfg, DEFAULT_SETTINGS)).toEqual(s);
  });

  it('sends the PyTorch device (not a TF.js backend) and drops momentum for Adam', () => {
    const cfg = buildConfig(graph, { ...DEFAULT_SETTINGS, engine: 'pytorch', device: 'cuda:0', momentum: 0.9 });
    expect(cfg.engine).toBe('pytorch');
    expect(cfg.device).toBe('cuda:0');
    expect(cfg.backend).toBeUndefined();
    expect(cfg.optimizer?.momentum).toBe(0);
    expect(trainingConfigSchema.safeParse(cfg).success).toBe(true);
  });

  it('turns a typed path into a path dataset id', () => {
    expect(importId(' datasets/digits ')).toBe('path:datasets/digits');
    expect(importId('path:/data/x.csv')).toBe('path:/data/x.csv');
  });
});
