/** Small helpers for the host services' state files (atomic writes come from main/files). */
import fs from 'node:fs/promises';

/** Reads a JSON state file; a missing or corrupt file yields the fallback (state is advisory, never fatal). */
export async function readJsonFile<T>(file: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
