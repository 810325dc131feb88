/** The Train tab: dataset + shape check, settings, run controls, progress, live chart, evaluation, faults. */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { DatasetInfo } from '../../../shared/contract/datasets';
import type { Host } from '../../../shared/contract/host';
import { useEditor, useSession } from '../../state/context';
import { checkShape, formatEta, isActive, progress, projectName, type TrainSettings } from './model';
import { createTrainStore, type TrainStore, type TrainStoreState } from './runStore';
import { TrainChart } from './Chart';
import { Evaluation } from './Evaluation';
import './train.css';

const stores = new WeakMap<Host, TrainStore>();

/** The window's training store (one per host), created on first use. */
export function useTrainStore<T>(selector: (s: TrainStoreState) => T): T {
  const { host, store: editor } = useSession();
  let store = stores.get(host);
  if (!store) {
    store = createTrainStore(host, { project: () => projectName(editor.getState()) });
    stores.set(host, store);
  }
  return useStore(store, selector);
}

/** Compact live loss/accuracy badge (shown on the Train tab label). */
export function TrainBadge() {
  const run = useTrainStore((s) => s.run);
  const last = run.batches_.at(-1);
  if (!last || run.phase === 'idle') return null;
  const acc = run.epochs_.at(-1)?.valAccuracy ?? last.accuracy;
  return (
    <span className={`nw-count ${run.phase === 'failed' ? 'error' : ''}`} data-testid="train-badge">
      loss {last.loss.toFixed(3)}
      {acc !== null && ` · acc ${(acc * 100).toFixed(0)}%`}
    </span>
  );
}

function NumField({ label, value, onChange, step, min, max, testId, disabled }: { label: string; value: number; onChange: (v: number) => void; step?: number; min?: number; max?: number; testId: string; disabled: boolean }) {
  return (
    <label className="nw-train-field">
      {label}
      <input type="number" data-testid={testId} value={value} step={step ?? 1} min={min} max={max} disabled={disabled} onChange={(e) => Number.isFinite(e.target.valueAsNumber) && onChange(e.target.valueAsNumber)} />
    </label>
  );
}

export function TrainPanel() {
  const { host, store: editor } = useSession();
  const graph = useEditor((s) => s.graph);
  const datasetId = useEditor((s) => (typeof s.project.meta.dataset === 'string' ? s.project.meta.dataset : ''));
  const settings = useTrainStore((s) => s.settings);
  const run = useTrainStore((s) => s.run);
  const actions = useTrainStore((s) => s);
  const [datasets, setDatasets] = useState<DatasetInfo[]>([]);
  const [smoothing, setSmoothing] = useState(false);
  const [logScale, setLogScale] = useState(false);

  useEffect(() => {
    host.listDatasets().then(setDatasets, () => setDatasets([]));
  }, [host]);

  const ds = datasets.find((d) => d.id === datasetId);
  const shape = checkShape(graph, ds);
  const active = isActive(run.phase);
  const set = (patch: Partial<TrainSettings>) => actions.setSettings(patch);
  const start = () => void actions.start(graph);
  // The dataset lives on the project (toolbar picker too); the train settings carry the same id.
  useEffect(() => {
    if (datasetId && settings.datasetId !== datasetId) actions.setSettings({ datasetId });
  }, [datasetId, settings.datasetId, actions]);

  return (
    <div className="nw-train nw-pad" data-testid="train-panel">
      <div className="nw-train-settings">
        <label className="nw-train-field">
          Dataset
          <select data-testid="train-dataset" value={datasetId} disabled={active} onChange={(e) => editor.getState().setDataset(e.target.value)}>
            {!ds && <option value={datasetId}>{datasetId || '—'}</option>}
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        {ds && (
          <span className="nw-muted" data-testid="train-dataset-info">
            {ds.split.train.toLocaleString()} train · {ds.split.test.toLocaleString()} test · {ds.classNames.length} classes · {JSON.stringify(ds.inputShape)}
          </span>
        )}
        <NumField label="Limit" testId="train-limit" value={settings.limit ?? 0} min={0} disabled={active} onChange={(v) => set({ limit: v > 0 ? Math.round(v) : null })} />
        <label className="nw-train-field">
          Optimizer
          <select data-testid="train-optimizer" value={settings.optimizer} disabled={active} onChange={(e) => set({ optimizer: e.target.value as TrainSettings['optimizer'] })}>
            <option value="adam">Adam</option>
            <option value="sgd">SGD</option>
            <option value="rmsprop">RMSprop</option>
          </select>
        </label>
        <NumField label="Learning rate" testId="train-lr" value={settings.learningRate} step={0.0001} min={0} disabled={active} onChange={(v) => v > 0 && set({ learningRate: v })} />
        <NumField label="Batch" testId="train-batch" value={settings.batchSize} min={1} disabled={active} onChange={(v) => v >= 1 && set({ batchSize: Math.round(v) })} />
        <NumField label="Epochs" testId="train-epochs" value={settings.epochs} min={1} disabled={active} onChange={(v) => v >= 1 && set({ epochs: Math.round(v) })} />
        <NumField label="Validation" testId="train-val" value={settings.validationSplit} step={0.05} min={0} max={0.9} disabled={active} onChange={(v) => v >= 0 && v <= 0.9 && set({ validationSplit: v })} />
        <NumField label="Seed" testId="train-seed" value={settings.seed} min={0} disabled={active} onChange={(v) => v >= 0 && set({ seed: Math.round(v) })} />
        <label className="nw-train-field">
          Backend
          <select data-testid="train-backend" value={settings.backend} disabled={active} onChange={(e) => set({ backend: e.target.value as TrainSettings['backend'] })}>
            <option value="auto">auto</option>
            <option value="tensorflow">tensorflow (native)</option>
            <option value="wasm">wasm</option>
            <option value="cpu">cpu</option>
          </select>
        </label>
      </div>
      <div className={`nw-train-shape ${shape.ok ? 'ok' : 'bad'}`} data-testid="train-shape">
        {shape.ok ? '✓ ' : '⚠ '}
        {shape.message}
        {shape.fix && (
          <button data-testid="train-fix-shape" disabled={active} onClick={() => shape.fix && editor.getState().setParams(shape.fix.nodeId, { shape: shape.fix.shape })}>
            Set Input shape to {JSON.stringify(shape.fix.shape)}
          </button>
        )}
      </div>
      <div className="nw-train-controls">
        <button data-testid="train-start" disabled={active || !shape.ok} onClick={start}>
          ▶ Start
        </button>
        <button data-testid="train-pause" disabled={run.phase !== 'running'} onClick={() => void actions.control('pause')}>
          ❚❚ Pause
        </button>
        <button data-testid="train-resume" disabled={run.phase !== 'paused'} onClick={() => void actions.control('resume')}>
          ▶ Resume
        </button>
        <button data-testid="train-stop" disabled={!active || run.phase === 'starting'} onClick={() => void actions.control('stop')}>
          ■ Stop
        </button>
        <span className="nw-train-phase" data-testid="train-phase" data-phase={run.phase}>
          {run.phase}
        </span>
        {run.backend && <span className="nw-muted">{run.backend}</span>}
      </div>
      {run.phase !== 'idle' && (
        <div className="nw-train-progress" data-testid="train-progress">
          <progress value={progress(run)} max={1} />
          <span>
            epoch {run.epoch}/{run.epochs} · batch {run.batch}/{run.batches} · {Math.round(run.samplesPerSec)} samples/s · ETA {formatEta(run.etaSeconds)}
          </span>
        </div>
      )}
      {run.fault && (
        <div className="nw-train-fault" role="alert" data-testid="train-fault">
          <strong>Training stopped: </strong>
          {run.fault.message}
          <div>{run.fault.advice}</div>
          {run.fault.code === 'NAN_LOSS' && (
            <button data-testid="train-lower-lr" onClick={() => set({ learningRate: settings.learningRate / 10 })}>
              Lower learning rate to {settings.learningRate / 10}
            </button>
          )}
        </div>
      )}
      {run.batches_.length > 0 && (
        <>
          <div className="nw-train-chart-opts">
            <label>
              <input type="checkbox" data-testid="train-smoothing" checked={smoothing} onChange={(e) => setSmoothing(e.target.checked)} /> smoothing
            </label>
            <label>
              <input type="checkbox" data-testid="train-logscale" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> log scale
            </label>
            <span className="nw-muted" data-testid="train-points">
              {run.batches_.length} batch points · {run.epochs_.length} epoch points
            </span>
          </div>
          <TrainChart batches={run.batches_} epochs={run.epochs_} smoothing={smoothing} logScale={logScale} />
        </>
      )}
      {run.testAccuracy !== null && !run.evaluation && <div data-testid="test-accuracy">Test accuracy {(run.testAccuracy * 100).toFixed(1)}%</div>}
      {run.evaluation && <Evaluation ev={run.evaluation} />}
    </div>
  );
}
