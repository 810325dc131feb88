/**
 * Image-folder import: one subfolder per class holding PNG/JPEG files, decoded and resized with sharp to
 * the graph's Input shape (grayscale when it has 1 channel). Unreadable files are skipped and listed.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DatasetError } from './errors';
import type { RawDataset } from './types';

const IMAGE_EXT = /\.(png|jpe?g)$/i;

export async function loadImageFolder(
  dir: string,
  shape: number[] | undefined,
  onProgress?: (done: number, total: number, etaSeconds?: number) => void,
): Promise<RawDataset> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: Error) => {
    throw new DatasetError(`Cannot read image folder ${dir}: ${e.message}`);
  });
  const classes = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (classes.length === 0) throw new DatasetError(`${dir} has no class subfolders (expected one subfolder of PNG/JPEG images per class).`);
  const files: { file: string; label: number }[] = [];
  for (const [label, c] of classes.entries()) {
    const names = (await readdir(path.join(dir, c))).filter((n) => IMAGE_EXT.test(n)).sort();
    if (names.length === 0) throw new DatasetError(`Class folder ${path.join(dir, c)} is empty (no .png/.jpg/.jpeg files).`);
    for (const n of names) files.push({ file: path.join(dir, c, n), label });
  }
  const sharp = (await import('sharp')).default;
  // Without a target shape, the first readable image's size and channel count decide.
  let [h, w, ch] = shape && shape.length === 3 ? shape : [0, 0, 0];
  if (shape && shape.length !== 3) {
    throw new DatasetError(`Image folder ${dir} gives images, but the graph's Input expects shape [${shape.join(', ')}] (need [height, width, channels]).`);
  }
  if (ch !== 0 && ch !== 1 && ch !== 3) throw new DatasetError(`The graph's Input has ${ch} channels; image folders give 1 (grayscale) or 3 (RGB).`);
  const skipped: { file: string; reason: string }[] = [];
  const samples: { data: Uint8Array; label: number }[] = [];
  const t0 = performance.now();
  for (let i = 0; i < files.length; i++) {
    const { file, label } = files[i];
    try {
      if (h === 0) {
        const meta = await sharp(file).metadata();
        h = meta.height ?? 0;
        w = meta.width ?? 0;
        ch = (meta.channels ?? 3) === 1 || meta.space === 'b-w' ? 1 : 3;
      }
      let img = sharp(file).resize(w, h, { fit: 'fill' });
      img = ch === 1 ? img.grayscale() : img.removeAlpha().toColourspace('srgb');
      const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
      if (info.channels !== ch) throw new Error(`decoded to ${info.channels} channels, expected ${ch}`);
      samples.push({ data: new Uint8Array(data), label });
    } catch (e) {
      skipped.push({ file, reason: (e as Error).message.split('\n')[0] });
    }
    if (onProgress && (i % 25 === 24 || i === files.length - 1)) {
      const rate = (i + 1) / ((performance.now() - t0) / 1000);
      onProgress(i + 1, files.length, (files.length - i - 1) / rate);
    }
  }
  if (samples.length === 0) {
    throw new DatasetError(`No readable images in ${dir} (${skipped.length} skipped, first: ${skipped[0]?.file}: ${skipped[0]?.reason}).`);
  }
  const size = h * w * ch;
  const x = new Float32Array(samples.length * size);
  const y = new Float32Array(samples.length);
  samples.forEach((s, i) => {
    for (let k = 0; k < size; k++) x[i * size + k] = s.data[k] / 255;
    y[i] = s.label;
  });
  return {
    id: `path:${path.resolve(dir)}`,
    name: path.basename(dir),
    kind: 'image',
    sampleShape: [h, w, ch],
    classNames: classes,
    pool: { x, y, count: samples.length },
    skipped,
  };
}
