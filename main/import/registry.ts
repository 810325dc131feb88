/**
 * Model-file import: the formats as plugins (Netron-style), picked by the file's content. Adding a format
 * = one module exporting an ImportFormat + one entry in FORMATS.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { onnxFormat } from './onnx';
import { tfjsFormat } from './tfjs';
import { ImportError, type ImportFormat, type ImportResult } from './types';

export const importFormats: readonly ImportFormat[] = [tfjsFormat, onnxFormat];

/** The format whose detector accepts these bytes, or undefined. */
export function detectFormat(bytes: Uint8Array): ImportFormat | undefined {
  return importFormats.find((f) => f.detect(bytes));
}

/** Imports model bytes; `file` names the source in messages and in project.meta.importedFrom. */
export async function importModelBytes(bytes: Uint8Array, file: string): Promise<ImportResult> {
  if (bytes.length === 0) throw new ImportError(`${file} is empty`);
  const format = detectFormat(bytes);
  if (!format) throw new ImportError(`${file} is neither an ONNX model nor a TF.js model.json (${importFormats.map((f) => f.label).join(', ')} can be imported)`);
  return format.read(bytes, file);
}

/**
 * Reads and imports an ONNX model or a TF.js Layers model.json (a folder holding a model.json, as
 * `netwright export --format tfjs` writes, works too). Throws ImportError for unusable files.
 */
export async function importModelFile(file: string): Promise<ImportResult> {
  let bytes: Buffer;
  let source = file;
  try {
    if ((await stat(file)).isDirectory()) {
      source = path.join(file, 'model.json');
      if (!existsSync(source)) throw new ImportError(`${file} is a folder without a model.json: pass the model.json or .onnx file`);
    }
    bytes = await readFile(source);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(code === 'ENOENT' ? `${file} does not exist` : `cannot read ${source}: ${(err as Error).message}`);
  }
  return importModelBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), source);
}
