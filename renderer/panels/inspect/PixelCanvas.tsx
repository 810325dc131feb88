/** A small canvas showing base64 pixels at `size` CSS pixels, unsmoothed so single pixels stay visible. */
import { useEffect, useRef } from 'react';
import { decodeBase64, toRgba } from './pixels';

interface Props {
  pixels: string;
  width: number;
  height: number;
  channels: 1 | 3;
  size?: number;
  title?: string;
  testId?: string;
}

export function PixelCanvas({ pixels, width, height, channels, size = 40, title, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    try {
      ctx.putImageData(new ImageData(toRgba(decodeBase64(pixels), width, height, channels) as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
    } catch {
      // Malformed data: leave the canvas blank (the title still names the sample).
    }
  }, [pixels, width, height, channels]);
  const scale = size / Math.max(width, height);
  return <canvas ref={ref} width={width} height={height} className="nw-pixels" style={{ width: width * scale, height: height * scale }} title={title} data-testid={testId} />;
}
