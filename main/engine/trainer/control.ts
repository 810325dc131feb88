/** Pause / resume / stop flags the loop checks between batches (set from incoming protocol messages). */
export class TrainingControl {
  paused = false;
  stopRequested = false;
  private wake: (() => void) | null = null;

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /** Resolves when resumed or stopped. */
  waitWhilePaused(): Promise<void> {
    if (!this.paused || this.stopRequested) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }
}

/** Lets queued I/O callbacks (IPC messages) run: awaiting a resolved promise alone never does. */
export const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
