/**
 * IDX files (the MNIST family's format): magic 0x0000 <type> <ndims>, ndims big-endian uint32 sizes, then
 * the data. Gzipped files (.gz, or the gzip magic) are inflated with node:zlib.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './errors';

export interface IdxArray {
  dims: number[];
  /** Values as floats (uint8 data kept as 0..255). */
  data: Float32Array;
}

const TYPES: Record<number, { bytes: number; read(v: DataView, o: number): number }> = {
  0x08: { bytes: 1, read: (v, o) => v.getUint8(o) },
  0x09: { bytes: 1, read: (v, o) => v.getInt8(o) },
  0x0b: { bytes: 2, read: (v, o) => v.getInt16(o) },
  0x0c: { bytes: 4, read: (v, o) => v.getInt32(o) },
  0x0d: { bytes: 4, read: (v, o) => v.getFloat32(o) },
  0x0e: { bytes: 8, read: (v, o) => v.getFloat64(o) },
};

export function parseIdx(buf: Uint8Array, file = 'IDX data'): IdxArray {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) {
    throw new DatasetError(`${file} is not an IDX file (it must start with two zero bytes, a type byte and a rank byte).`);
  }
  const type = TYPES[buf[2]];
  if (!type) throw new DatasetError(`${file}: unknown IDX element type 0x${buf[2].toString(16)}.`);
  const rank = buf[3];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 4 + 4 * rank) throw new DatasetError(`${file}: truncated IDX header.`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * rank;
  if (buf.length < start + count * type.bytes) {
    throw new DatasetError(`${file}: truncated IDX data (header says ${dims.join('×')} values, file holds fewer).`);
  }
  const data = new Float32Array(count);
  if (type.bytes === 1 && buf[2] === 0x08) {
    data.set(buf.subarray(start, start + count));
  } else {
    for (let i = 0; i < count; i++) data[i] = type.read(view, start + i * type.bytes);
  }
  return { dims, data };
}

export async function readIdxFile(path: string): Promise<IdxArray> {
  let buf: Uint8Array;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new DatasetError(`Cannot read IDX file ${path}: ${(e as Error).message}`);
  }
  try {
    return parseIdx(buf, path);
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`Cannot decode IDX file ${path}: ${(e as Error).message}`);
  }
}
