export { runTraining, type LoopOptions } from './loop';
export { TrainingControl } from './control';
export { TrainingFailure } from './errors';
export { learningRateAt } from './schedule';
export { augmentBatch } from './augment';
export { classReport, headLossJs, argmaxRows, predictionsOf, type ClassReport, type Predictions } from './evaluate';
export { makeRng, deriveSeed, permutation } from './random';
export { seedWeights, type Stepper, type Snapshot } from './stepper';
