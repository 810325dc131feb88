/** What the layer inspector asks the host for, and how it labels where the weights came from. */
import type { LayerInspection, LayerInspectionRequest } from '../../../shared/contract/runs';
import { datasetRefSchema, type TrainingConfigInput } from '../../../shared/contract/training';
import type { GraphData } from '../../../shared/graph/types';
import { isActive, type TrainState } from '../train/model';

export const MAX_MAPS = 32;

export interface InspectSource {
  /** Run folder with a checkpoint (current or last run), or null for freshly initialised weights. */
  runDir: string | null;
  /** Dataset ref + seed the sample comes from: the run's config, else the panel's settings. */
  dataset: TrainingConfigInput['dataset'];
  seed: number;
}

export function inspectionRequest(graph: GraphData, nodeId: string, source: InspectSource, index: number): LayerInspectionRequest {
  return {
    runDir: source.runDir,
    graph,
    nodeId,
    sample: { dataset: datasetRefSchema.parse(source.dataset), seed: source.seed, split: 'test', index },
    maxMaps: MAX_MAPS,
  };
}

export function weightsLabel(r: Pick<LayerInspection, 'weights' | 'epoch'>): string {
  if (r.weights === 'untrained') return 'Untrained weights (fresh initialisation, no run yet)';
  const epoch = r.epoch !== null ? ` after epoch ${r.epoch}` : '';
  return r.weights === 'best' ? `Trained weights (best checkpoint${epoch})` : `Trained weights (last checkpoint${epoch})`;
}

/**
 * Epochs whose checkpoint is surely on disk. The engine saves an epoch's checkpoint after sending its
 * epoch message, so while a run is active an epoch counts once a batch of a later epoch has arrived; once
 * the run has ended, every recorded epoch counts.
 */
export function checkpointedEpochs(run: Pick<TrainState, 'phase' | 'epoch' | 'epochs_'>): number {
  if (!isActive(run.phase)) return run.epochs_.length;
  return run.epochs_.filter((e) => e.epoch < run.epoch).length;
}
