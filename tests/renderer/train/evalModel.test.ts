import { describe, it, expect } from 'vitest';
import { cellIndices, GALLERY_PAGE, galleryOrder, pageOf, testSamplesRequest } from '../../../renderer/panels/train/evalModel';
import { datasetSamplesRequestSchema } from '../../../shared/contract/runs';

// 6 test samples: true labels, predicted classes, confidence of the prediction.
const p = {
  labels: [0, 1, 1, 2, 0, 2],
  predicted: [0, 2, 1, 2, 1, 1],
  confidence: [0.9, 0.55, 0.6, 0.99, 0.8, 0.55],
};

describe('evaluation drill-down', () => {
  it('lists the test indices of a confusion cell in test order', () => {
    expect(cellIndices(p, 1, 2)).toEqual([1]);
    expect(cellIndices(p, 2, 1)).toEqual([5]);
    expect(cellIndices(p, 0, 0)).toEqual([0]);
    expect(cellIndices(p, 2, 0)).toEqual([]);
    // Every sample sits in exactly one cell.
    const all = [0, 1, 2].flatMap((t) => [0, 1, 2].flatMap((q) => cellIndices(p, t, q)));
    expect(all.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('orders the gallery: mistakes first (most confident first), then correct ones least confident first', () => {
    // wrong: 1 (0.55), 4 (0.8), 5 (0.55) → 4, 1, 5 (tie keeps test order); right: 0 (0.9), 2 (0.6), 3 (0.99) → 2, 0, 3
    expect(galleryOrder(p)).toEqual([4, 1, 5, 2, 0, 3]);
  });

  it('pages with clamping', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect(pageOf(items, 0).items).toHaveLength(GALLERY_PAGE);
    expect(pageOf(items, 2)).toEqual({ items: [96, 97, 98, 99], page: 2, pages: 3 });
    expect(pageOf(items, 9).page).toBe(2);
    expect(pageOf([], 0)).toEqual({ items: [], page: 0, pages: 1 });
  });

  it('asks for the run\'s test split with its dataset ref and seed', () => {
    const req = testSamplesRequest({ graph: { nodes: [], edges: [], groups: [] }, dataset: { id: 'mnist', limit: 500 }, seed: 7 }, [3, 1]);
    expect(req).toEqual({ dataset: { id: 'mnist', limit: 500, validationSplit: 0.1 }, seed: 7, split: 'test', indices: [3, 1] });
    expect(datasetSamplesRequestSchema.parse(req)).toEqual(req);
    const many = testSamplesRequest({ graph: { nodes: [], edges: [], groups: [] }, dataset: { id: 'mnist' } }, Array.from({ length: 300 }, (_, i) => i));
    expect(many.indices).toHaveLength(256);
    expect(many.seed).toBe(42);
  });
});
