/** Image augmentation on a flat NHWC batch, seeded: random horizontal flip and random shift (zero-filled). */
import type { TrainingConfig } from '../../../shared/contract/training';

export function augmentBatch(
  x: Float32Array,
  count: number,
  shape: number[],
  aug: TrainingConfig['augmentation'],
  rng: () => number,
): void {
  if ((!aug.flip && aug.shift === 0) || shape.length !== 3) return;
  const [h, w, c] = shape;
  const size = h * w * c;
  const tmp = new Float32Array(size);
  for (let i = 0; i < count; i++) {
    const img = x.subarray(i * size, (i + 1) * size);
    const flip = aug.flip && rng() < 0.5;
    const dy = aug.shift ? Math.floor(rng() * (2 * aug.shift + 1)) - aug.shift : 0;
    const dx = aug.shift ? Math.floor(rng() * (2 * aug.shift + 1)) - aug.shift : 0;
    if (!flip && dx === 0 && dy === 0) continue;
    tmp.fill(0);
    for (let r = 0; r < h; r++) {
      const sr = r - dy;
      if (sr < 0 || sr >= h) continue;
      for (let col = 0; col < w; col++) {
        let sc = col - dx;
        if (sc < 0 || sc >= w) continue;
        if (flip) sc = w - 1 - sc;
        for (let k = 0; k < c; k++) tmp[(r * w + col) * c + k] = img[(sr * w + sc) * c + k];
      }
    }
    img.set(tmp);
  }
}
