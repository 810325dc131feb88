/** Two runs compared: settings (left) and graph (right), each as "what | run A | run B" with changes marked. */
import { useState } from 'react';
import type { DiffLine, RunDiffView } from './diffModel';

function Lines({ lines, testId }: { lines: DiffLine[]; testId: string }) {
  return (
    <table className="nw-runs-diff-table" data-testid={testId}>
      <tbody>
        {lines.map((l, i) => (
          <tr key={`${l.key}-${i}`} className={`nw-diff-${l.kind}`} data-kind={l.kind}>
            <td className="nw-diff-key">{l.key}</td>
            <td className="nw-diff-before">{l.before}</td>
            <td className="nw-diff-arrow">{l.kind === 'same' ? '' : '→'}</td>
            <td className="nw-diff-after">{l.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DiffView({ view, onClose }: { view: RunDiffView; onClose: () => void }) {
  const [showSame, setShowSame] = useState(false);
  const changed = view.settings.filter((l) => l.kind !== 'same');
  const same = view.settings.filter((l) => l.kind === 'same');
  return (
    <section className="nw-runs-diff" data-testid="runs-diff">
      <div className="nw-runs-diff-head">
        <strong>
          {view.a} → {view.b}
        </strong>
        <span data-testid="runs-diff-headline">{view.headline}</span>
        <button onClick={onClose} data-testid="runs-diff-close">
          Close
        </button>
      </div>
      <div className="nw-runs-diff-cols">
        <div>
          <h4>
            Settings <span className="nw-muted">({view.settingsChanged} changed)</span>
          </h4>
          {changed.length === 0 && <div className="nw-muted">No setting differs.</div>}
          <Lines lines={changed} testId="runs-diff-settings" />
          {same.length > 0 && (
            <label className="nw-muted nw-runs-diff-same">
              <input type="checkbox" checked={showSame} onChange={(e) => setShowSame(e.target.checked)} /> show {same.length} unchanged
            </label>
          )}
          {showSame && <Lines lines={same} testId="runs-diff-settings-same" />}
        </div>
        <div>
          <h4>
            Graph <span className="nw-muted">({view.graphChanged} difference{view.graphChanged === 1 ? '' : 's'})</span>
          </h4>
          {view.graph.length === 0 && <div className="nw-muted" data-testid="runs-diff-graph-same">Identical graphs.</div>}
          {view.graph.map((s) => (
            <div key={s.title}>
              <h5>{s.title}</h5>
              <Lines lines={s.lines} testId={`runs-diff-graph-${s.title.split(/\W+/)[0].toLowerCase()}`} />
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
