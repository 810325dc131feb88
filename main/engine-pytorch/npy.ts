/** Minimal .npy (format 1.0) writer for the arrays the PyTorch runner reads with numpy.load. */
import { open } from 'node:fs/promises';

/**
 * Writes a little-endian float32 array of `shape` (C order). The header is padded so the data starts on a
 * 64-byte boundary, as numpy does.
 */
export async function writeNpyF32(file: string, data: Float32Array, shape: readonly number[]): Promise<void> {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`writeNpyF32 ${file}: shape [${shape.join(', ')}] holds ${count} values, got ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('writeNpyF32 needs a little-endian machine');
  const fh = await open(file, 'w');
  try {
    await fh.write(Buffer.concat([prefix, Buffer.from(header, 'latin1')]));
    // Large splits (Fashion-MNIST: 200+ MB) go out in slices rather than one huge copy.
    const slice = 64 << 20;
    for (let at = 0; at < body.length; at += slice) await fh.write(body.subarray(at, Math.min(body.length, at + slice)));
  } finally {
    await fh.close();
  }
}
