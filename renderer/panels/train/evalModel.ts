/** Evaluation drill-down: which test samples sit in a confusion cell, and the gallery's order and pages. */
import { MAX_SAMPLES_PER_CALL, type DatasetSamplesRequest } from '../../../shared/contract/runs';
import { datasetRefSchema, type TrainingConfigInput } from '../../../shared/contract/training';

export interface Predictions {
  labels: number[];
  predicted: number[];
  confidence: number[];
}

export const GALLERY_PAGE = 48;

/** Test-set indices whose true class is `truth` and predicted class is `predicted`, in test order. */
export function cellIndices(p: Predictions, truth: number, predicted: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.labels.length; i++) if (p.labels[i] === truth && p.predicted[i] === predicted) out.push(i);
  return out;
}

/**
 * Gallery order: misclassified samples first, the most confident mistakes leading (they teach the most),
 * then the correct ones from least to most confident. Ties keep test order.
 */
export function galleryOrder(p: Predictions): number[] {
  const idx = p.labels.map((_, i) => i);
  const wrong = idx.filter((i) => p.predicted[i] !== p.labels[i]).sort((a, b) => p.confidence[b] - p.confidence[a] || a - b);
  const right = idx.filter((i) => p.predicted[i] === p.labels[i]).sort((a, b) => p.confidence[a] - p.confidence[b] || a - b);
  return [...wrong, ...right];
}

/** One page of a list (page is 0-based, clamped into range). */
export function pageOf<T>(items: readonly T[], page: number, size = GALLERY_PAGE): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * size, (p + 1) * size), page: p, pages };
}

/** The datasetSamples request for test-set indices of the run started with `config` (same split, same seed). */
export function testSamplesRequest(config: TrainingConfigInput, indices: number[]): DatasetSamplesRequest {
  return { dataset: datasetRefSchema.parse(config.dataset), seed: config.seed ?? 42, split: 'test', indices: indices.slice(0, MAX_SAMPLES_PER_CALL) };
}
