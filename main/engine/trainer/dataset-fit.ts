/**
 * Where a loaded dataset meets the model, for both engines (the built-in loop and the PyTorch engine's
 * preparation): the output heads must fit the labels, and long loads report progress.
 */
import type { ChildMessage } from '../../../shared/contract/training';
import type { LoadedDataset } from '../../datasets/index';
import { TrainingFailure } from './errors';

const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

export interface HeadFit {
  /** Output node id, named in the messages. */
  id: string;
  /** Output shape without the batch axis. */
  shape: readonly number[];
  /** Trained on class labels (else on regression targets). */
  classification: boolean;
}

/**
 * A classification head must be flat with one unit per class; a regression head must give as many values
 * as the dataset has targets. Throws BAD_CONFIG naming the head and the fix.
 */
export function checkHeadsFit(heads: readonly HeadFit[], data: LoadedDataset): void {
  const classes = data.info.classNames.length;
  const targets = data.train.count ? data.train.y.length / data.train.count : 1;
  for (const { id, shape, classification } of heads) {
    const last = shape[shape.length - 1];
    if (classification && shape.length !== 1) {
      throw new TrainingFailure('BAD_CONFIG', `Output '${id}' has shape [${shape.join(',')}]; a classification head must be flat (add Flatten or GlobalAveragePooling).`);
    }
    if (classification && last !== classes) {
      throw new TrainingFailure('BAD_CONFIG', `Output '${id}' has ${last} units but dataset '${data.info.id}' has ${classes} classes: set its units to ${classes}.`);
    }
    if (!classification && sizeOf(shape) !== targets) {
      throw new TrainingFailure(
        'BAD_CONFIG',
        `Output '${id}' gives ${sizeOf(shape)} values per sample but dataset '${data.info.id}' has ${targets} regression target${targets === 1 ? '' : 's'}: set its units to ${targets}.`,
      );
    }
  }
}

/** Loading progress (large image folders) as log messages, at most every 2 s, with the loader's ETA. */
export function progressLogger(emit: (m: ChildMessage) => void): (done: number, total: number, eta?: number) => void {
  let last = 0;
  return (done, total, eta) => {
    const now = performance.now();
    if (now - last < 2000 && done < total) return;
    last = now;
    const left = eta === undefined ? '' : `, about ${Math.ceil(eta)} s left`;
    emit({ type: 'log', level: 'info', message: `loading dataset: ${done}/${total} files${left}` });
  };
}
