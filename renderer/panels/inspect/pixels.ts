/**
 * Sample images and layer maps travel as base64 row-major H×W×C bytes (shared/contract/runs.ts). These
 * turn them into RGBA for a canvas; pure so they are testable without a DOM.
 */
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Gray (C=1) or RGB (C=3) bytes → RGBA. Throws when the byte count does not match the size. */
export function toRgba(bytes: Uint8Array, width: number, height: number, channels: 1 | 3): Uint8ClampedArray {
  const n = width * height;
  if (bytes.length !== n * channels) throw new Error(`Image data has ${bytes.length} bytes, expected ${n * channels} for ${width}×${height}×${channels}.`);
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const r = bytes[i * channels];
    out[i * 4] = r;
    out[i * 4 + 1] = channels === 3 ? bytes[i * 3 + 1] : r;
    out[i * 4 + 2] = channels === 3 ? bytes[i * 3 + 2] : r;
    out[i * 4 + 3] = 255;
  }
  return out;
}
