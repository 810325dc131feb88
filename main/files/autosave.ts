import { mkdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from './atomic';
import { toFileError } from './errors';
import { readTextFile } from './read';

/** A complete project file (it opens like any other), written atomically so a crash mid-save loses nothing. */
export const AUTOSAVE_FILE = 'autosave.netwright.json';

export function autosavePath(dir: string): string {
  return join(dir, AUTOSAVE_FILE);
}

export async function writeAutosave(dir: string, projectText: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw toFileError(err, dir, 'create folder');
  }
  await atomicWriteFile(autosavePath(dir), projectText);
}

/** The last autosave, or null when there is none (clean exit or never autosaved). */
export async function readAutosave(dir: string): Promise<{ text: string; savedAt: Date; path: string } | null> {
  const path = autosavePath(dir);
  let savedAt: Date;
  try {
    savedAt = (await stat(path)).mtime;
  } catch (err) {
    if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT') return null;
    throw toFileError(err, path, 'read');
  }
  return { text: await readTextFile(path), savedAt, path };
}

/** Called after a successful save or a clean exit; no error when nothing was autosaved. */
export async function clearAutosave(dir: string): Promise<void> {
  const path = autosavePath(dir);
  try {
    await unlink(path);
  } catch (err) {
    if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT') return;
    throw toFileError(err, path, 'delete');
  }
}
