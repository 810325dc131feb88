import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { toFileError } from './errors';

/** The file-system calls atomicWriteFile makes; injectable so tests can simulate a failure at each step. */
export interface AtomicFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
}

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, unlink: fsp.unlink };

/** Temp files are hidden siblings, so the rename stays on one file system (rename is atomic only there). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes `data` so that `path` holds either the old content or the complete new content, never a
 * half-written file: write a temp file in the same folder, fsync it, rename over the target, then fsync
 * the folder so the rename itself survives a power cut. On any failure the temp file is removed.
 */
export async function atomicWriteFile(path: string, data: string | Uint8Array, fs: AtomicFs = realFs): Promise<void> {
  const tmp = tempPathFor(path);
  let created = false;
  try {
    const handle = await fs.open(tmp, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
    created = false;
  } catch (err) {
    if (created) await fs.unlink(tmp).catch(() => undefined);
    throw toFileError(err, path, 'write');
  }
  await syncDir(dirname(path));
}

async function syncDir(dir: string): Promise<void> {
  // Directory fsync is unsupported on some platforms (Windows, some FUSE); the data is already safe there.
  try {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}
