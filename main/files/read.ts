import { open } from 'node:fs/promises';
import { FileError, toFileError } from './errors';

/** Project files beyond this are refused before reading (the format's own limit is 64 MiB of text). */
export const DEFAULT_MAX_READ_BYTES = 128 * 1024 * 1024;

/** Reads a UTF-8 text file with one-line errors: "File not found: <path>", "Permission denied: …", … */
export async function readTextFile(path: string, opts: { maxBytes?: number } = {}): Promise<string> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw toFileError(err, path, 'read');
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new FileError(`Is a folder, not a file: ${path}`, path, 'EISDIR');
    if (info.size > maxBytes) {
      throw new FileError(`File too large: ${path} is ${info.size.toLocaleString('en-US')} bytes (limit ${maxBytes.toLocaleString('en-US')})`, path, 'EFBIG');
    }
    const text = await handle.readFile({ encoding: 'utf8' });
    // A BOM from Windows editors is not JSON whitespace.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (err) {
    throw toFileError(err, path, 'read');
  } finally {
    await handle.close();
  }
}
