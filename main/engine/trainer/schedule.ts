/** Learning-rate schedules: constant, step, cosine; optional linear warm-up in front of any of them. */
import type { TrainingConfig } from '../../../shared/contract/training';

/**
 * Rate at `progress` epochs into the run (0-based, fractional within an epoch, so warm-up is smooth per
 * batch). Cosine anneals from the base rate to 0 over the epochs after the warm-up.
 */
export function learningRateAt(base: number, s: TrainingConfig['schedule'], progress: number, totalEpochs: number): number {
  if (s.warmupEpochs > 0 && progress < s.warmupEpochs) return (base * (progress + 1e-3)) / s.warmupEpochs;
  const epoch = Math.floor(progress);
  switch (s.type) {
    case 'constant':
      return base;
    case 'step':
      return base * Math.pow(s.gamma, Math.floor(epoch / s.stepSize));
    case 'cosine': {
      const span = Math.max(1e-9, totalEpochs - s.warmupEpochs);
      const t = Math.min(1, Math.max(0, (progress - s.warmupEpochs) / span));
      return 0.5 * base * (1 + Math.cos(Math.PI * t));
    }
  }
}
