/**
 * Test accuracy, confusion-matrix heatmap (click a cell → its samples), per-class precision/recall/F1 and
 * a paged gallery of predictions (misclassified first) from the eval message.
 */
import { useEffect, useState } from 'react';
import type { SampleImage } from '../../../shared/contract/runs';
import type { EvalMessage, TrainingConfigInput } from '../../../shared/contract/training';
import { useSession } from '../../state/context';
import { PixelCanvas } from '../inspect/PixelCanvas';
import { cellIndices, GALLERY_PAGE, galleryOrder, pageOf, testSamplesRequest, type Predictions } from './evalModel';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Loads the test samples at `indices` (one host call); error text when the host cannot. */
function useTestSamples(config: TrainingConfigInput | null, indices: number[]): { samples: Map<number, SampleImage>; error: string | null; loading: boolean } {
  const { host } = useSession();
  const [state, setState] = useState<{ samples: Map<number, SampleImage>; error: string | null; loading: boolean }>({ samples: new Map(), error: null, loading: false });
  const key = indices.join(',');
  useEffect(() => {
    if (!config || indices.length === 0) return setState({ samples: new Map(), error: null, loading: false });
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    host.datasetSamples(testSamplesRequest(config, indices)).then(
      (list) => live && setState({ samples: new Map(list.map((s) => [s.index, s])), error: null, loading: false }),
      (e: unknown) => live && setState({ samples: new Map(), error: e instanceof Error ? e.message : String(e), loading: false }),
    );
    return () => {
      live = false;
    };
    // indices are compared by value (key); config identity is stable per run.
  }, [host, config, key]);
  return state;
}

function Thumb({ sample, index, caption, wrong, testId }: { sample: SampleImage | undefined; index: number; caption: string; wrong: boolean; testId: string }) {
  return (
    <figure className={`nw-thumb${wrong ? ' wrong' : ''}`} data-testid={testId} data-index={index}>
      {sample ? <PixelCanvas pixels={sample.pixels} width={sample.width} height={sample.height} channels={sample.channels} size={48} title={`test #${index}`} /> : <div className="nw-thumb-empty">#{index}</div>}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

function CellSamples({ ev, p, cell, config, onClose }: { ev: EvalMessage; p: Predictions; cell: [number, number]; config: TrainingConfigInput | null; onClose: () => void }) {
  const all = cellIndices(p, cell[0], cell[1]);
  const [page, setPage] = useState(0);
  const view = pageOf(all, page);
  const { samples, error } = useTestSamples(config, view.items);
  return (
    <div className="nw-cell-samples" data-testid="cell-samples">
      <div className="nw-gallery-head">
        <strong>
          true {ev.classNames[cell[0]]} → predicted {ev.classNames[cell[1]]}: {all.length} sample{all.length === 1 ? '' : 's'}
        </strong>
        <Pager page={view.page} pages={view.pages} onPage={setPage} testId="cell-pager" />
        <button onClick={onClose}>✕</button>
      </div>
      {error && <div className="nw-train-fault">{error}</div>}
      <div className="nw-gallery">
        {view.items.map((i) => (
          <Thumb key={i} sample={samples.get(i)} index={i} caption={pct(p.confidence[i])} wrong={cell[0] !== cell[1]} testId="cell-sample" />
        ))}
      </div>
    </div>
  );
}

function Pager({ page, pages, onPage, testId }: { page: number; pages: number; onPage: (p: number) => void; testId: string }) {
  if (pages <= 1) return null;
  return (
    <span className="nw-pager" data-testid={testId}>
      <button disabled={page === 0} onClick={() => onPage(page - 1)} data-testid={`${testId}-prev`}>
        ‹
      </button>
      {page + 1}/{pages}
      <button disabled={page >= pages - 1} onClick={() => onPage(page + 1)} data-testid={`${testId}-next`}>
        ›
      </button>
    </span>
  );
}

function Gallery({ ev, p, config }: { ev: EvalMessage; p: Predictions; config: TrainingConfigInput | null }) {
  const order = galleryOrder(p);
  const wrong = order.filter((i) => p.predicted[i] !== p.labels[i]).length;
  const [page, setPage] = useState(0);
  const view = pageOf(order, page, GALLERY_PAGE);
  const { samples, error } = useTestSamples(config, view.items);
  return (
    <div className="nw-gallery-box" data-testid="predictions-gallery">
      <div className="nw-gallery-head">
        <strong>Predictions</strong>
        <span className="nw-muted">
          {wrong} misclassified of {order.length} (shown first)
        </span>
        <Pager page={view.page} pages={view.pages} onPage={setPage} testId="gallery-pager" />
      </div>
      {error && <div className="nw-train-fault">{error}</div>}
      <div className="nw-gallery">
        {view.items.map((i) => {
          const bad = p.predicted[i] !== p.labels[i];
          const caption = `${ev.classNames[p.predicted[i]] ?? p.predicted[i]} ${pct(p.confidence[i])}${bad ? ` (is ${ev.classNames[p.labels[i]] ?? p.labels[i]})` : ''}`;
          return <Thumb key={i} sample={samples.get(i)} index={i} caption={caption} wrong={bad} testId="gallery-item" />;
        })}
      </div>
    </div>
  );
}

export function Evaluation({ ev, config }: { ev: EvalMessage; config: TrainingConfigInput | null }) {
  const max = Math.max(1, ...ev.confusion.flat());
  const [cell, setCell] = useState<[number, number] | null>(null);
  const p = ev.predictions;
  return (
    <div className="nw-train-eval" data-testid="train-eval">
      <div>
        <strong data-testid="test-accuracy">Test accuracy {pct(ev.testAccuracy)}</strong> · test loss {ev.testLoss.toFixed(4)}
        {p && <span className="nw-muted"> · click a confusion cell to see its samples</span>}
      </div>
      <div className="nw-train-eval-row">
        <table className="nw-confusion" data-testid="confusion-matrix" title="Rows: true class · columns: predicted">
          <thead>
            <tr>
              <th title="rows: true class, columns: predicted">true \ pred</th>
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
                  const picked = cell?.[0] === i && cell[1] === j;
                  return (
                    <td
                      key={j}
                      className={`${p && v ? 'clickable' : ''}${picked ? ' picked' : ''}`}
                      data-testid={`cell-${i}-${j}`}
                      style={{ background: v ? color : undefined, color: a > 0.55 ? '#fff' : undefined }}
                      title={`true ${ev.classNames[i]}, predicted ${ev.classNames[j]}: ${v}`}
                      onClick={() => p && v && setCell(picked ? null : [i, j])}
                    >
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
      {p && cell && <CellSamples key={cell.join('-')} ev={ev} p={p} cell={cell} config={config} onClose={() => setCell(null)} />}
      {p && <Gallery ev={ev} p={p} config={config} />}
      {!p && <div className="nw-muted">This engine sent no per-sample predictions, so there is no gallery for this run.</div>}
    </div>
  );
}
