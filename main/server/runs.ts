/** Run-folder helpers for the host services: wire codes for refused operations, error lines on disk. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { RpcError } from '../../shared/contract/rpc';
import { RunFolderError } from '../runs/history';

/** Runs a run-folder operation, turning its refusals (missing folders included: readRun's NOT_A_RUN) into wire errors. */
export async function runFolderAnswer<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RunFolderError) throw new RpcError(e.code === 'OUTSIDE_ROOT' ? 'FORBIDDEN' : 'BAD_ARGS', e.message);
    throw e;
  }
}

/**
 * Appends one protocol message (with a time) to a run's metrics.jsonl. A kill can leave a cut last line;
 * start on a fresh line so this one still parses.
 */
export async function appendRunLine(runDir: string, message: unknown): Promise<void> {
  const file = path.join(runDir, 'metrics.jsonl');
  try {
    // Only runs the engine actually created (config.json written); a run that failed earlier has no folder to speak of.
    await fs.access(path.join(runDir, 'config.json'));
    const handle = await fs.open(file, 'a+');
    try {
      const { size } = await handle.stat();
      let lead = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) lead = '\n';
      }
      await handle.appendFile(`${lead}${JSON.stringify({ ...(message as object), time: new Date().toISOString() })}\n`);
    } finally {
      await handle.close();
    }
  } catch {
    // No run folder (failed before the engine wrote one): the UI still got the message.
  }
}

/** Removes a folder this host reserved for a run that failed before the engine wrote its config.json. */
export async function dropUnusedRunDir(runDir: string): Promise<void> {
  try {
    await fs.access(path.join(runDir, 'config.json'));
  } catch {
    await fs.rm(runDir, { recursive: true, force: true });
  }
}
