/**
 * An exclusive lock between processes that build into the same folder (parallel test files, a server and
 * `npm start`): whoever creates the lock folder first builds; the others wait, so nobody empties a folder
 * another is serving or reading.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface DirLockOptions {
  /** A lock this old was left by a killed process and is taken over. */
  staleMs?: number;
  /** Gives up with an error after waiting this long. */
  timeoutMs?: number;
  pollMs?: number;
  /** Called once, when the lock is found held. */
  onWait?: () => void;
}

/** Runs fn while holding the lock folder `lock`; the folder is removed afterwards, also when fn throws. */
export async function withDirLock<T>(lock: string, fn: () => Promise<T>, options: DirLockOptions = {}): Promise<T> {
  const { staleMs = 10 * 60_000, timeoutMs = Infinity, pollMs = 250, onWait } = options;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let t0 = Date.now(), waited = false; ; waited = true) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > staleMs) {
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`Timed out waiting for another build to release ${lock}.`);
    if (!waited) onWait?.();
    await new Promise((r) => setTimeout(r, pollMs));
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
