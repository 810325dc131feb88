/**
 * ONNX protobuf encoding with protobufjs and the official onnx.proto (copied from the onnx project,
 * Apache-2.0). Field names keep the proto's snake_case so objects read like the ONNX spec.
 */
import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

let root: protobuf.Root | null = null;

function loadRoot(): protobuf.Root {
  if (!root) {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'onnx.proto');
    root = new protobuf.Root().loadSync(file, { keepCase: true });
  }
  return root;
}

/** Encodes a plain ModelProto object (snake_case fields) to bytes; throws if it does not verify. */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const type = loadRoot().lookupType('onnx.ModelProto');
  const err = type.verify(model);
  if (err) throw new Error(`Invalid ONNX model: ${err}`);
  return type.encode(type.fromObject(model)).finish();
}

/** Decodes ONNX bytes to a plain object (for tests and inspection). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const type = loadRoot().lookupType('onnx.ModelProto');
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Array }) as Record<string, unknown>;
}

/**
 * Decodes ONNX bytes for reading the graph: int64s as numbers, bytes fields (raw_data) left as views into
 * `bytes` instead of copied arrays, so multi-hundred-MB models decode quickly. Throws on malformed input.
 */
export function decodeModelView(bytes: Uint8Array): Record<string, unknown> {
  const type = loadRoot().lookupType('onnx.ModelProto');
  return type.toObject(type.decode(bytes), { longs: Number }) as Record<string, unknown>;
}
