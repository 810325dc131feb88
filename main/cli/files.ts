/** File paths and writes as every command treats them: relative to the working directory, errors exit 2. */
import { isAbsolute, resolve } from 'node:path';
import { atomicWriteFile } from '../files/atomic';
import { FileError } from '../files/errors';
import { CliError } from './errors';

/** `p` as given when absolute, else resolved against `cwd` (the CLI's working directory). */
export function cliPath(p: string, cwd: string): string {
  return isAbsolute(p) ? p : resolve(cwd, p);
}

/** Writes `text` atomically; a FileError (no such folder, no permission, …) becomes a CliError with exit 2. */
export async function writeCliFile(path: string, text: string): Promise<void> {
  try {
    await atomicWriteFile(path, text);
  } catch (err) {
    if (err instanceof FileError) throw new CliError(err.message, 2);
    throw err;
  }
}
