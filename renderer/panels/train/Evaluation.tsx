/** Test accuracy, confusion-matrix heatmap and per-class precision/recall/F1 from the eval message. */
import type { EvalMessage } from '../../../shared/contract/training';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function Evaluation({ ev }: { ev: EvalMessage }) {
  const max = Math.max(1, ...ev.confusion.flat());
  return (
    <div className="nw-train-eval" data-testid="train-eval">
      <div>
        <strong data-testid="test-accuracy">Test accuracy {pct(ev.testAccuracy)}</strong> · test loss {ev.testLoss.toFixed(4)}
      </div>
      <div className="nw-train-eval-row">
        <table className="nw-confusion" data-testid="confusion-matrix" title="Rows: true class · columns: predicted">
          <thead>
            <tr>
              <th>true＼pred</th>
              {ev.classNames.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ev.confusion.map((row, i) => (
              <tr key={i}>
                <th>{ev.classNames[i]}</th>
                {row.map((v, j) => {
                  const a = v / max;
                  const color = i === j ? `rgba(43,138,62,${a})` : `rgba(201,42,42,${a})`;
                  return (
                    <td key={j} style={{ background: v ? color : undefined, color: a > 0.55 ? '#fff' : undefined }} title={`true ${ev.classNames[i]}, predicted ${ev.classNames[j]}: ${v}`}>
                      {v}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <table className="nw-perclass" data-testid="per-class">
          <thead>
            <tr>
              <th>class</th>
              <th>precision</th>
              <th>recall</th>
              <th>F1</th>
              <th>support</th>
            </tr>
          </thead>
          <tbody>
            {ev.perClass.map((m, i) => (
              <tr key={i}>
                <th>{ev.classNames[i]}</th>
                <td>{pct(m.precision)}</td>
                <td>{pct(m.recall)}</td>
                <td>{m.f1.toFixed(3)}</td>
                <td>{m.support}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
