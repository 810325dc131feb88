import type { TrainingErrorCode } from '../../../shared/contract/training';

/** A failure the loop reports as an `error` message with this code. */
export class TrainingFailure extends Error {
  constructor(
    readonly code: TrainingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrainingFailure';
  }
}
