/**
 * Core benchmark: `npm run bench:core [-- --json]`.
 *  - inferResnet152Ms: full shape inference + validation of ResNet-152 (fresh analyzer each run).
 *  - infer10kNodesMs: the same on a synthetic 10,000-node residual network (branches, merges, BN).
 *  - incrementalEditResnet152Ms: one param edit in ResNet-152 as the editor does it: a setParams command
 *    with a new params object (so it is validated once, as a real edit is), then IncrementalAnalyzer.update.
 * Medians over many runs after warm-up. Targets: ≤ 2 ms, ≤ 50 ms, ≤ 0.5 ms. With --json, exactly one JSON
 * line on stdout.
 */
import os from 'node:os';
import { applyCommand, commands } from '../shared/graph/commands';
import type { GraphData, GraphEdge, GraphNode } from '../shared/graph/types';
import { IncrementalAnalyzer, analyzeGraph } from '../shared/infer/index';
import { buildPreset } from '../shared/presets/index';

const json = process.argv.includes('--json');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median wall time (what the JSON reports) and median process CPU time (less sensitive to a busy machine). */
function time(runs: number, warmup: number, fn: () => void): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cpuMedians.push(median(cpu));
  return median(samples);
}
const cpuMedians: number[] = [];

/** Input 32×32×16 → stem → residual blocks (conv-BN-ReLU-conv-BN-Add-ReLU) → GAP → Dense: n nodes. */
export function syntheticGraph(target: number): GraphData {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let y = 0;
  const add = (id: string, type: string, params: Record<string, unknown>, from: string[]) => {
    nodes.push({ id, type, params, position: { x: 0, y: (y += 80) } });
    from.forEach((s, port) => edges.push({ id: `${id}_in${port}`, source: s, target: id, targetPort: port }));
    return id;
  };
  let x = add('input', 'Input', { shape: [32, 32, 16] }, []);
  x = add('stem', 'Conv2D', { filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true }, [x]);
  for (let b = 0; nodes.length + 7 <= target - 2; b++) {
    const conv = { filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'linear', useBias: false };
    const c1 = add(`b${b}_conv1`, 'Conv2D', conv, [x]);
    const n1 = add(`b${b}_bn1`, 'BatchNormalization', {}, [c1]);
    const r1 = add(`b${b}_relu1`, 'Activation', { activation: 'relu' }, [n1]);
    const c2 = add(`b${b}_conv2`, 'Conv2D', conv, [r1]);
    const n2 = add(`b${b}_bn2`, 'BatchNormalization', {}, [c2]);
    const sum = add(`b${b}_add`, 'Add', {}, [n2, x]);
    x = add(`b${b}_relu2`, 'Activation', { activation: 'relu' }, [sum]);
  }
  while (nodes.length < target - 2) x = add(`pad${nodes.length}`, 'Activation', { activation: 'relu' }, [x]);
  x = add('gap', 'GlobalAveragePooling2D', {}, [x]);
  add('fc', 'Dense', { units: 10, activation: 'softmax', useBias: true }, [x]);
  return { nodes, edges, groups: [] };
}

function errorsOf(graph: GraphData): string[] {
  return analyzeGraph(graph)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => i.message);
}

function main(): void {
  const resnet = buildPreset('resnet152').graph;
  const synthetic = syntheticGraph(10_000);
  // A benchmark of a broken graph would measure the wrong thing: refuse to report it.
  for (const [name, g] of [['resnet152', resnet], ['synthetic', synthetic]] as const) {
    const errors = errorsOf(g);
    if (errors.length) throw new Error(`bench:core: ${name} has ${errors.length} error(s), first: ${errors[0]}`);
  }

  const inferResnet152Ms = time(300, 50, () => analyzeGraph(resnet));
  const infer10kNodesMs = time(30, 5, () => analyzeGraph(synthetic));

  // The 3×3 conv in the middle of the network; alternate its width so every edit changes the model.
  const convs = resnet.nodes.filter((n) => n.type === 'Conv2D' && (n.params.kernelSize === 3 || String(n.params.kernelSize) === '3,3'));
  const target = convs[Math.floor(convs.length / 2)];
  const analyzer = new IncrementalAnalyzer();
  let graph = resnet;
  analyzer.update(graph);
  const base = Number(target.params.filters);
  let flip = 0;
  const incrementalEditResnet152Ms = time(2000, 200, () => {
    const current = graph.nodes.find((n) => n.id === target.id)!;
    graph = applyCommand(graph, commands.setParams(target.id, { ...current.params, filters: base - (flip ^= 1) })).graph;
    analyzer.update(graph);
  });
  const check = analyzer.update(graph);
  const full = analyzeGraph(graph);
  if (check.totals.trainableParams !== full.totals.trainableParams) throw new Error('bench:core: incremental and full analysis disagree');

  const result = {
    inferResnet152Ms: round(inferResnet152Ms),
    infer10kNodesMs: round(infer10kNodesMs),
    incrementalEditResnet152Ms: round(incrementalEditResnet152Ms),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const rows: [string, string, number, number, number][] = [
    ['ResNet-152 full inference + validation', `${resnet.nodes.length} nodes`, result.inferResnet152Ms, cpuMedians[0], 2],
    ['Synthetic graph full inference + validation', `${synthetic.nodes.length} nodes`, result.infer10kNodesMs, cpuMedians[1], 50],
    ['ResNet-152 one param edit (incremental)', `edit ${target.id}`, result.incrementalEditResnet152Ms, cpuMedians[2], 0.5],
  ];
  console.log(`bench:core — medians; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`  ${'measure'.padEnd(46)} ${'graph'.padEnd(26)} ${'wall ms'.padStart(9)} ${'cpu ms'.padStart(9)}   goal`);
  for (const [what, detail, ms, cpu, goal] of rows) {
    console.log(`  ${what.padEnd(46)} ${detail.padEnd(26)} ${ms.toFixed(3).padStart(9)} ${cpu.toFixed(3).padStart(9)}   ≤ ${goal} ms ${ms <= goal ? '✓' : '✗'}`);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main();
