/** A dataset problem the user can fix (missing files, bad CSV, shape mismatch); the message says what and where. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}
