/** Rows and sorting for the summary table (pure, unit-tested). */
import type { GraphData } from '../../shared/graph/types';
import type { GraphAnalysis } from '../../shared/infer/types';

export interface SummaryRow {
  id: string;
  name: string;
  type: string;
  shape: number[] | null;
  params: number;
  trainable: number;
  macs: number;
  memory: number;
  rf: number | null;
  order: number;
}

export type SortKey = 'order' | 'name' | 'type' | 'shape' | 'params' | 'macs' | 'memory' | 'rf';

export function summaryRows(graph: GraphData, analysis: GraphAnalysis): SummaryRow[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const order = analysis.order.length ? analysis.order : graph.nodes.map((n) => n.id);
  const rows: SummaryRow[] = [];
  order.forEach((id, i) => {
    const n = byId.get(id);
    const info = analysis.nodes.get(id);
    if (!n) return;
    rows.push({
      id,
      name: n.name ?? n.id,
      type: n.type,
      shape: info?.outputShape ?? null,
      params: info ? info.params.trainable + info.params.nonTrainable : 0,
      trainable: info?.params.trainable ?? 0,
      macs: info?.macs ?? 0,
      memory: info?.activationBytes ?? 0,
      rf: info?.receptiveField ?? null,
      order: i,
    });
  });
  return rows;
}

const size = (s: number[] | null) => (s ? s.reduce((a, b) => a * b, 1) : -1);

export function sortRows(rows: SummaryRow[], key: SortKey, dir: 1 | -1): SummaryRow[] {
  const val = (r: SummaryRow): number | string => {
    switch (key) {
      case 'name':
        return r.name.toLowerCase();
      case 'type':
        return r.type;
      case 'shape':
        return size(r.shape);
      case 'rf':
        return r.rf ?? -1;
      default:
        return r[key];
    }
  };
  return [...rows].sort((a, b) => {
    const x = val(a);
    const y = val(b);
    const c = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y)) : x - y;
    return c * dir || a.order - b.order;
  });
}
