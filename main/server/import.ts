/**
 * Host.importModel: a model file (ONNX, TF.js model.json) → project text for a new, unsaved document.
 * The path is confined by the host's policy (workspace, allowed roots, files picked in a native dialog);
 * bytes come from a browser file input. Ops the catalog cannot express refuse the import (BAD_ARGS naming
 * them) unless the caller allows a partial import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RpcError } from '../../shared/contract/rpc';
import { IMPORT_UNSUPPORTED_PHRASE, type ImportModelRequest, type ImportModelResult } from '../../shared/contract/host';
import { resolveFolderPath, type PathPolicy } from './paths';

/** The file to read: inside an allowed root after following symlinks, or picked by the user. */
function confinedModelPath(input: string, policy: PathPolicy): string {
  const abs = resolveFolderPath(input, policy.workspace, policy);
  if (!fs.existsSync(abs)) throw new RpcError('BAD_ARGS', `Model file not found: '${input}'.`);
  return abs;
}

/** One line listing the left-out ops by name, for the refusal and the UI's "Import without them" offer. */
export function unsupportedMessage(file: string, unsupported: ImportModelResult['unsupported']): string {
  const list = unsupported.map((u) => `${u.name} (${u.op}: ${u.reason})`).join('; ');
  // The phrase lets the UI tell this refusal from other bad files and offer "Import without them".
  return `${file} has ${IMPORT_UNSUPPORTED_PHRASE} (${unsupported.length}): ${list}. Import without them to get the rest of the graph.`;
}

export async function importForHost(request: ImportModelRequest, policy: PathPolicy): Promise<ImportModelResult> {
  // Loaded on demand: the importers pull in protobufjs and the layer registry.
  const { importModelBytes, importModelFile, ImportError } = await import('../import/index');
  const { serializeProject } = await import('../../shared/format/index');
  const file = request.path !== undefined ? confinedModelPath(request.path, policy) : null;
  const label = file ? path.basename(file) : (request.name ?? 'model');
  let result;
  try {
    result = file ? await importModelFile(file) : await importModelBytes(new Uint8Array(Buffer.from(request.bytesBase64 ?? '', 'base64')), label);
  } catch (e) {
    if (e instanceof ImportError) throw new RpcError('BAD_ARGS', e.message);
    throw e;
  }
  if (result.unsupported.length > 0 && !request.allowPartial) throw new RpcError('BAD_ARGS', unsupportedMessage(label, result.unsupported));
  return {
    projectText: serializeProject(result.project),
    warnings: result.warnings,
    unsupported: result.unsupported.map((u) => ({ name: u.name, op: u.op, reason: u.reason })),
  };
}
