import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { atomicWriteFile } from './atomic';
import { toFileError } from './errors';

export const MAX_RECENT_FILES = 10;
export const RECENT_FILE = 'recent-files.json';

/**
 * Most-recent-first list of opened/saved project paths, stored as `{"version":1,"files":[…]}` in the
 * settings folder. A missing or corrupt list reads as empty: recents are a convenience, never a reason
 * to fail opening the app.
 */
export async function readRecentFiles(settingsDir: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(join(settingsDir, RECENT_FILE), 'utf8');
  } catch {
    return [];
  }
  try {
    const doc: unknown = JSON.parse(text);
    const files = typeof doc === 'object' && doc !== null && 'files' in doc ? doc.files : undefined;
    if (!Array.isArray(files)) return [];
    return files.filter((f): f is string => typeof f === 'string' && f !== '').slice(0, MAX_RECENT_FILES);
  } catch {
    return [];
  }
}

// Read-modify-write per settings folder is serialised so two quick saves cannot drop an entry.
const queues = new Map<string, Promise<unknown>>();

function update(settingsDir: string, change: (files: string[]) => string[]): Promise<string[]> {
  const key = resolve(settingsDir);
  const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(async () => {
    const files = change(await readRecentFiles(settingsDir)).slice(0, MAX_RECENT_FILES);
    try {
      await mkdir(settingsDir, { recursive: true });
    } catch (err) {
      throw toFileError(err, settingsDir, 'create folder');
    }
    await atomicWriteFile(join(settingsDir, RECENT_FILE), `${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    return files;
  });
  queues.set(key, run);
  return run;
}

/** Moves (or inserts) `filePath`, made absolute, to the front; keeps at most MAX_RECENT_FILES. */
export function addRecentFile(settingsDir: string, filePath: string): Promise<string[]> {
  const abs = resolve(filePath);
  return update(settingsDir, (files) => [abs, ...files.filter((f) => f !== abs)]);
}

/** E.g. after "open recent" found the file gone. */
export function removeRecentFile(settingsDir: string, filePath: string): Promise<string[]> {
  const abs = resolve(filePath);
  return update(settingsDir, (files) => files.filter((f) => f !== abs));
}

export function clearRecentFiles(settingsDir: string): Promise<string[]> {
  return update(settingsDir, () => []);
}
