/** Keras-style summary table: per-layer shape, params, MACs, memory, receptive field; sortable; totals. */
import { useMemo, useState } from 'react';
import { useEditor, useEditorStore } from '../state/context';
import { formatBytes, formatCount, formatInt, formatShape } from '../canvas/format';
import { sortRows, summaryRows, type SortKey } from './summaryModel';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'order', label: '#', numeric: true },
  { key: 'name', label: 'Layer' },
  { key: 'type', label: 'Type' },
  { key: 'shape', label: 'Output shape' },
  { key: 'params', label: 'Params', numeric: true },
  { key: 'macs', label: 'MACs', numeric: true },
  { key: 'memory', label: 'Memory', numeric: true },
  { key: 'rf', label: 'RF', numeric: true },
];

export function Summary() {
  const store = useEditorStore();
  const analysis = useEditor((s) => s.analysis);
  // Rows depend on names and types, not positions: a drag must not re-render a 500-row table.
  const labels = useEditor((s) => s.graph.nodes.map((n) => `${n.id}\u0000${n.name ?? ''}\u0000${n.type}`).join('\u0001'));
  const select = useEditor((s) => s.select);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'order', dir: 1 });
  const rows = useMemo(
    () => sortRows(summaryRows(store.getState().graph, analysis), sort.key, sort.dir),
    // labels stands for the parts of the graph the rows show.
    [store, analysis, labels, sort],
  );
  const t = analysis.totals;
  return (
    <div className="nw-summary" data-testid="summary">
      <div className="nw-totals" data-testid="summary-totals">
        <span>
          Params <b data-testid="total-params">{formatInt(t.params)}</b>
        </span>
        <span>
          trainable <span data-testid="total-trainable">{formatInt(t.trainableParams)}</span>
        </span>
        <span>non-trainable {formatInt(t.nonTrainableParams)}</span>
        <span>
          MACs <b>{formatCount(t.macs)}</b>
        </span>
        <span>activations {formatBytes(t.activationBytes)}/sample</span>
      </div>
      <table className="nw-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                className={c.numeric ? 'num' : ''}
                data-testid={`sort-${c.key}`}
                onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key ? (s.dir === 1 ? -1 : 1) : c.numeric && c.key !== 'order' ? -1 : 1 }))}
              >
                {c.label}
                {sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} onClick={() => select([r.id])} data-testid={`summary-row-${r.id}`}>
              <td className="num">{r.order + 1}</td>
              <td>{r.name}</td>
              <td>{r.type}</td>
              <td>{formatShape(r.shape)}</td>
              <td className="num">{formatInt(r.params)}</td>
              <td className="num">{formatCount(r.macs)}</td>
              <td className="num">{formatBytes(r.memory)}</td>
              <td className="num">{r.rf ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IssuesList() {
  const issues = useEditor((s) => s.analysis.issues);
  const applyFix = useEditor((s) => s.applyFix);
  const select = useEditor((s) => s.select);
  if (issues.length === 0) return <div className="nw-pad nw-ok" data-testid="issues-none">No problems: every shape checks out.</div>;
  return (
    <ul className="nw-issues" data-testid="issues">
      {issues.map((i, k) => (
        <li key={k} className={i.severity} data-testid={`issues-row-${i.code}`}>
          <span className="nw-issue-code">{i.code}</span>
          <span className="nw-issue-msg" onClick={() => i.nodeId && select([i.nodeId])}>
            {i.message}
          </span>
          {i.fix && (
            <button className="nw-fix" onClick={() => applyFix(i)}>
              Fix: {i.fix.label}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
