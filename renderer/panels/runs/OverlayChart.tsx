/** Several runs' curves on one uPlot chart: one coloured series per run (legend drawn by the panel). */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Overlay } from './model';

interface Props {
  title: string;
  overlay: Overlay;
  /** Accuracy is pinned to 0..1; loss scales to its data. */
  unit: 'loss' | 'accuracy';
  testId: string;
}

const HEIGHT = 170;

export function OverlayChart({ title, overlay, unit, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // Series (count, colours, labels) fix the chart's options; data alone is pushed with setData.
  const shape = overlay.series.map((s) => `${s.label}|${s.color}|${s.points < 3 ? 'dots' : 'line'}`).join(',');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const opts: uPlot.Options = {
      title,
      width: Math.max(260, el.clientWidth || 420),
      height: HEIGHT,
      legend: { show: false },
      scales: { x: { time: false }, y: unit === 'accuracy' ? { range: [0, 1] } : {} },
      axes: [{ label: 'epoch', size: 34 }, { label: unit, size: 50 }],
      series: [
        { label: 'epoch' },
        ...overlay.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          spanGaps: true,
          // A run with only a point or two would be invisible as a line.
          points: { show: s.points < 3 ? true : undefined, size: 7, fill: s.color },
        })),
      ],
    };
    plot.current = new uPlot(opts, overlay.data as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(260, el.clientWidth), height: HEIGHT }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Recreated only when the series change; data updates go through setData below.
  }, [shape, title, unit]);

  useEffect(() => {
    plot.current?.setData(overlay.data as uPlot.AlignedData);
  }, [overlay]);

  return <div ref={host} className="nw-runs-chart" data-testid={testId} data-series={overlay.series.length} />;
}
