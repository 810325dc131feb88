import { describe, it, expect } from 'vitest';
import { decodeBase64, toRgba } from '../../../renderer/panels/inspect/pixels';
import { checkpointedEpochs, inspectionRequest, MAX_MAPS, weightsLabel } from '../../../renderer/panels/inspect/inspectModel';
import { layerInspectionRequestSchema } from '../../../shared/contract/runs';

describe('layer inspection helpers', () => {
  it('decodes base64 gray and RGB pixels to RGBA and rejects a size mismatch', () => {
    const gray = decodeBase64(Buffer.from([0, 128, 255, 7]).toString('base64'));
    expect([...toRgba(gray, 2, 2, 1)]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 7, 7, 7, 255]);
    const rgb = decodeBase64(Buffer.from([1, 2, 3]).toString('base64'));
    expect([...toRgba(rgb, 1, 1, 3)]).toEqual([1, 2, 3, 255]);
    expect(() => toRgba(gray, 3, 3, 1)).toThrow(/4 bytes, expected 9/);
  });

  it('asks for the run checkpoint (or untrained weights) and a test sample, and labels the source', () => {
    const graph = { nodes: [], edges: [], groups: [] };
    const req = inspectionRequest(graph, 'conv1', { runDir: '/runs/p/r1', dataset: { id: 'mnist', limit: 500 }, seed: 3 }, 12);
    expect(layerInspectionRequestSchema.parse(req)).toEqual(req);
    expect(req.sample).toEqual({ dataset: { id: 'mnist', limit: 500, validationSplit: 0.1 }, seed: 3, split: 'test', index: 12 });
    expect(req.maxMaps).toBe(MAX_MAPS);
    expect(inspectionRequest(graph, 'conv1', { runDir: null, dataset: { id: 'mnist' }, seed: 42 }, 0).runDir).toBeNull();
    expect(weightsLabel({ weights: 'untrained', epoch: null })).toMatch(/untrained/i);
    expect(weightsLabel({ weights: 'best', epoch: 2 })).toBe('Trained weights (best checkpoint after epoch 2)');
    expect(weightsLabel({ weights: 'last', epoch: null })).toBe('Trained weights (last checkpoint)');
  });

  it('counts an epoch as checkpointed once a later epoch started, or the run ended', () => {
    const ep = (epoch: number) => ({ epoch, step: epoch * 10, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.5 });
    expect(checkpointedEpochs({ phase: 'running', epoch: 1, epochs_: [] })).toBe(0);
    expect(checkpointedEpochs({ phase: 'running', epoch: 1, epochs_: [ep(1)] })).toBe(0); // epoch message came, save may not have
    expect(checkpointedEpochs({ phase: 'running', epoch: 2, epochs_: [ep(1)] })).toBe(1);
    expect(checkpointedEpochs({ phase: 'paused', epoch: 3, epochs_: [ep(1), ep(2)] })).toBe(2);
    expect(checkpointedEpochs({ phase: 'done', epoch: 2, epochs_: [ep(1), ep(2)] })).toBe(2);
    expect(checkpointedEpochs({ phase: 'stopped', epoch: 1, epochs_: [] })).toBe(0);
  });
});
