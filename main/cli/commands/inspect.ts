import type { GraphData, GraphGroup, GraphNode } from '../../../shared/graph/types';
import { analyzeGraph } from '../../../shared/infer/index';
import type { GraphAnalysis, GraphIssue } from '../../../shared/infer/types';
import { parseCommandArgs, expectPositionals } from '../args';
import { formatBytes, formatCount, formatMacs, formatShape } from '../numbers';
import { loadModelSourceDetailed } from '../source';
import type { CliCommand } from '../types';

const USAGE_LINE = 'netwright inspect <file.json | preset:NAME> [--json] [--blocks]';

export interface InspectRow {
  id: string;
  type: string;
  outputShape: number[] | null;
  params: number;
  trainableParams: number;
  macs: number;
}

/** Nodes in topological order, then any the analysis could not order (cycles), in document order. */
export function orderedNodes(nodes: GraphNode[], analysis: GraphAnalysis): GraphNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const out: GraphNode[] = [];
  for (const id of analysis.order) {
    const n = byId.get(id);
    if (n && !seen.has(id)) {
      out.push(n);
      seen.add(id);
    }
  }
  for (const n of nodes) if (!seen.has(n.id)) out.push(n);
  return out;
}

export function inspectRows(nodes: GraphNode[], analysis: GraphAnalysis): InspectRow[] {
  return orderedNodes(nodes, analysis).map((n) => {
    const info = analysis.nodes.get(n.id);
    const trainable = info?.params.trainable ?? 0;
    const nonTrainable = info?.params.nonTrainable ?? 0;
    return {
      id: n.id,
      type: n.type,
      outputShape: info?.outputShape ?? null,
      params: trainable + nonTrainable,
      trainableParams: trainable,
      macs: info?.macs ?? 0,
    };
  });
}

export interface GroupTotals {
  id: string;
  name: string;
  parentId: string | null;
  /** Nesting level, 0 for top-level groups. */
  depth: number;
  template: string | null;
  layers: number;
  params: number;
  trainableParams: number;
  macs: number;
}

/**
 * Per-group (block) totals in tree order (parent, then its nested groups): a group counts its own nodes
 * and those of groups nested inside it. Parent loops are refused by the loader.
 */
export function groupTotals(graph: GraphData, analysis: GraphAnalysis): GroupTotals[] {
  const ids = new Set(graph.groups.map((g) => g.id));
  const children = new Map<string | null, GraphGroup[]>();
  for (const g of graph.groups) {
    const parent = g.parentId !== undefined && ids.has(g.parentId) ? g.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), g]);
  }
  const out: GroupTotals[] = [];
  // Returns the node ids under `g` (own + nested) after appending g and its subtree to `out`.
  const visit = (g: GraphGroup, depth: number): Set<string> => {
    const row: GroupTotals = {
      id: g.id,
      name: g.name,
      parentId: g.parentId ?? null,
      depth,
      template: g.block?.template ?? null,
      layers: 0,
      params: 0,
      trainableParams: 0,
      macs: 0,
    };
    out.push(row);
    const nodes = new Set(g.nodeIds);
    for (const c of children.get(g.id) ?? []) for (const n of visit(c, depth + 1)) nodes.add(n);
    let nonTrainable = 0;
    for (const n of nodes) {
      const info = analysis.nodes.get(n);
      row.trainableParams += info?.params.trainable ?? 0;
      nonTrainable += info?.params.nonTrainable ?? 0;
      row.macs += info?.macs ?? 0;
    }
    row.layers = nodes.size;
    row.params = row.trainableParams + nonTrainable;
    return nodes;
  };
  for (const g of children.get(null) ?? []) visit(g, 0);
  return out;
}

function renderGroups(groups: GroupTotals[]): string[] {
  if (groups.length === 0) return ['', 'Blocks: none'];
  const rows = groups.map((g) => [
    `${'  '.repeat(g.depth)}${g.name}${g.template ? ` (${g.template})` : ''}`,
    String(g.layers),
    formatCount(g.params),
    formatMacs(g.macs),
  ]);
  const header = ['Block', 'Layers', 'Params', 'MACs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  return ['', line(header), ...rows.map(line)];
}

/** "conv1 (Conv2D): message  → fix: Set padding 'same'" — shared by inspect and validate. */
export function describeIssue(issue: GraphIssue, names: Map<string, GraphNode>): string {
  const node = issue.nodeId !== undefined ? names.get(issue.nodeId) : undefined;
  const where = node ? `${node.name ?? node.id} (${node.type}): ` : issue.edgeId !== undefined ? `edge ${issue.edgeId}: ` : '';
  const fix = issue.fix ? `  → fix: ${issue.fix.label}` : '';
  return `${where}${issue.message}${fix}`;
}

function pad(s: string, width: number, right = false): string {
  return right ? s.padStart(width) : s.padEnd(width);
}

function truncate(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

/** A Keras-summary-like table. */
export function renderTable(title: string, nodes: GraphNode[], analysis: GraphAnalysis, groups?: GroupTotals[]): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rows = inspectRows(nodes, analysis).map((r) => {
    const node = byId.get(r.id)!;
    return [
      truncate(`${node.name ?? node.id} (${r.type})`, 48),
      formatShape(r.outputShape),
      formatCount(r.params),
      r.macs > 0 ? formatMacs(r.macs) : '0',
    ];
  });
  const header = ['Layer (type)', 'Output shape', 'Params', 'MACs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i >= 2)).join('   ').trimEnd();
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
  const t = analysis.totals;
  const out = [
    `Model: ${title}`,
    rule('━'),
    line(header),
    rule('━'),
    ...rows.map(line),
    rule('━'),
    `Total params: ${formatCount(t.params)} (${formatBytes(t.params * 4)})`,
    `Trainable params: ${formatCount(t.trainableParams)}`,
    `Non-trainable params: ${formatCount(t.nonTrainableParams)}`,
    `MACs: ${formatMacs(t.macs)} (${formatCount(t.macs)} multiply-accumulates per sample)`,
    `Activation memory: ${formatBytes(t.activationBytes)} per sample (float32)`,
  ];
  if (groups) out.push(...renderGroups(groups));
  const errors = analysis.issues.filter((i) => i.severity === 'error');
  const warnings = analysis.issues.filter((i) => i.severity === 'warning');
  if (errors.length > 0) out.push('', `Errors (${errors.length}):`, ...errors.map((i) => `  ✗ ${describeIssue(i, byId)}`));
  if (warnings.length > 0) out.push('', `Warnings (${warnings.length}):`, ...warnings.map((i) => `  ⚠ ${describeIssue(i, byId)}`));
  return `${out.join('\n')}\n`;
}

function issueJson(i: GraphIssue) {
  return {
    code: i.code,
    ...(i.nodeId !== undefined ? { nodeId: i.nodeId } : {}),
    ...(i.edgeId !== undefined ? { edgeId: i.edgeId } : {}),
    message: i.message,
    ...(i.fix ? { fix: i.fix } : {}),
  };
}

export function inspectJson(nodes: GraphNode[], analysis: GraphAnalysis, groups?: GroupTotals[]) {
  const t = analysis.totals;
  return {
    nodes: inspectRows(nodes, analysis),
    totals: {
      params: t.params,
      trainableParams: t.trainableParams,
      nonTrainableParams: t.nonTrainableParams,
      macs: t.macs,
      activationBytes: t.activationBytes,
    },
    errors: analysis.issues.filter((i) => i.severity === 'error').map(issueJson),
    warnings: analysis.issues.filter((i) => i.severity === 'warning').map(issueJson),
    ...(groups ? { groups } : {}),
  };
}

export const command: CliCommand = {
  name: 'inspect',
  summary: 'Layer table with output shapes, parameters, MACs and totals',
  usage: `${USAGE_LINE}

Prints a Keras-summary-like table: layer (type), output shape (no batch dimension), parameters and
multiply-accumulates per layer, then total / trainable / non-trainable parameters, MACs and activation
memory per sample. Graph errors and warnings are listed below the table.

Options:
  --blocks per-block totals: each group (composite block, user group) with its layer count, parameters
           and MACs, nested groups indented and included in their parent's totals
  --json   machine-readable: {"nodes":[{id,type,outputShape,params,trainableParams,macs}],
           "totals":{params,trainableParams,nonTrainableParams,macs,activationBytes},"errors":[…],"warnings":[…]}

Exit codes: 0 no graph errors · 1 the graph has errors (table still printed) · 2 bad arguments or unreadable file`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('inspect', USAGE_LINE, argv, {
      json: { type: 'boolean' },
      blocks: { type: 'boolean' },
    });
    expectPositionals('inspect', USAGE_LINE, positionals, 1);
    const { project, label } = await loadModelSourceDetailed(positionals[0], io.cwd);
    const { graph } = project;
    const analysis = analyzeGraph(graph);
    const groups = values.blocks ? groupTotals(graph, analysis) : undefined;
    if (values.json) io.stdout(`${JSON.stringify(inspectJson(graph.nodes, analysis, groups), null, 2)}\n`);
    else io.stdout(renderTable(typeof project.meta.name === 'string' ? project.meta.name : label, graph.nodes, analysis, groups));
    return analysis.issues.some((i) => i.severity === 'error') ? 1 : 0;
  },
};
