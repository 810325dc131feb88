/** Live loss/accuracy chart (uPlot): train per batch, validation per epoch; smoothing and log scale. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { smooth, type BatchPoint, type EpochPoint } from './model';

interface Props {
  batches: BatchPoint[];
  epochs: EpochPoint[];
  smoothing: boolean;
  logScale: boolean;
}

function toData(batches: BatchPoint[], epochs: EpochPoint[], smoothing: boolean): uPlot.AlignedData {
  const alpha = smoothing ? 0.9 : 0;
  const xs = batches.map((b) => b.step);
  const valLoss = new Map(epochs.map((e) => [e.step, e.valLoss]));
  const valAcc = new Map(epochs.map((e) => [e.step, e.valAccuracy]));
  // Epoch points share the batch x-axis; steps with no validation value stay null (uPlot skips them).
  return [
    xs,
    smooth(batches.map((b) => b.loss), alpha),
    smooth(batches.map((b) => b.accuracy), alpha),
    xs.map((x) => valLoss.get(x) ?? null),
    xs.map((x) => valAcc.get(x) ?? null),
  ] as uPlot.AlignedData;
}

export function TrainChart({ batches, epochs, smoothing, logScale }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const el = host.current;
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth || 600),
      height: 180,
      scales: { x: { time: false }, loss: { distr: logScale ? 3 : 1 }, acc: { range: [0, 1] } },
      axes: [{}, { scale: 'loss', label: 'loss' }, { scale: 'acc', side: 1, label: 'accuracy', grid: { show: false } }],
      series: [
        { label: 'step' },
        { label: 'train loss', scale: 'loss', stroke: '#e8590c', width: 1 },
        { label: 'train acc', scale: 'acc', stroke: '#1c7ed6', width: 1 },
        { label: 'val loss', scale: 'loss', stroke: '#a61e4d', width: 2, spanGaps: true, points: { show: true, size: 6 } },
        { label: 'val acc', scale: 'acc', stroke: '#2b8a3e', width: 2, spanGaps: true, points: { show: true, size: 6 } },
      ],
    };
    plot.current = new uPlot(opts, [[], [], [], [], []], el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(300, el.clientWidth), height: 180 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [logScale]);

  useEffect(() => {
    plot.current?.setData(toData(batches, epochs, smoothing));
  }, [batches, epochs, smoothing, logScale]);

  return <div ref={host} className="nw-train-chart" data-testid="train-chart" data-points={batches.length} />;
}
