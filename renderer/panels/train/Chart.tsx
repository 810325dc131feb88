/**
 * Live loss/accuracy chart (uPlot): train per batch, validation per epoch; smoothing and log scale.
 * The plot is built once (again only when the log-scale toggle changes the scale type) and fed the run's
 * growing columns directly; updates are coalesced to one setData per animation frame, so a burst of batch
 * messages costs one redraw and 100k points stay smooth.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TrainPoints } from './points';
import { useEditor } from '../../state/context';

interface Props {
  points: TrainPoints;
  /** points.version at render time: a change schedules a redraw. */
  version: number;
  smoothing: boolean;
  logScale: boolean;
}

const HEIGHT = 180;

/** The columns uPlot draws, without copying: train loss/acc (raw or smoothed), val loss/acc. */
export function chartData(p: TrainPoints, smoothing: boolean): uPlot.AlignedData {
  return [p.step, smoothing ? p.lossSmooth : p.loss, smoothing ? p.accuracySmooth : p.accuracy, p.valLoss, p.valAccuracy];
}

/** `ink`: the text colour of the themed panel, so axes stay readable in dark mode. */
export function chartOptions(width: number, logScale: boolean, ink = '#1d2330'): uPlot.Options {
  const grid = { stroke: 'rgba(128,128,128,0.25)', width: 1 };
  const axis = { stroke: ink, grid, ticks: grid };
  return {
    width,
    height: HEIGHT,
    scales: { x: { time: false }, loss: { distr: logScale ? 3 : 1 }, acc: { range: [0, 1] } },
    axes: [axis, { ...axis, scale: 'loss', label: 'loss' }, { ...axis, scale: 'acc', side: 1, label: 'accuracy', grid: { show: false } }],
    series: [
      { label: 'step' },
      { label: 'train loss', scale: 'loss', stroke: '#e8590c', width: 1 },
      { label: 'train acc', scale: 'acc', stroke: '#1c7ed6', width: 1 },
      { label: 'val loss', scale: 'loss', stroke: '#a61e4d', width: 2, spanGaps: true, points: { show: true, size: 6 } },
      { label: 'val acc', scale: 'acc', stroke: '#2b8a3e', width: 2, spanGaps: true, points: { show: true, size: 6 } },
    ],
  };
}

export function TrainChart({ points, version, smoothing, logScale }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useEditor((s) => s.theme);
  const frame = useRef<number | null>(null);
  // The latest inputs, read by the frame callback (so a pending frame draws what is current then).
  const latest = useRef({ points, smoothing });
  latest.current = { points, smoothing };

  useEffect(() => {
    if (!host.current) return;
    const el = host.current;
    const ink = getComputedStyle(el).color || undefined;
    plot.current = new uPlot(chartOptions(Math.max(300, el.clientWidth || 600), logScale, ink), chartData(latest.current.points, latest.current.smoothing), el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(300, el.clientWidth), height: HEIGHT }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only for a new scale type or theme; data updates go through setData below.
  }, [logScale, theme]);

  useEffect(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      plot.current?.setData(chartData(latest.current.points, latest.current.smoothing));
    });
  }, [points, version, smoothing]);

  return <div ref={host} className="nw-train-chart" data-testid="train-chart" data-points={points.length} />;
}
