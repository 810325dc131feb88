/** The Train tab: dataset + shape check, settings, run controls, progress, live chart, evaluation, faults. */
import { useEffect, useState } from 'react';
import type { DatasetInfo } from '../../../shared/contract/datasets';
import { useEditor, useSession } from '../../state/context';
import { badgeText, checkShape, formatEta, isActive, progress, type TrainSettings } from './model';
import { TrainChart } from './Chart';
import { Evaluation } from './Evaluation';
import { DatasetPicker } from './DatasetPicker';
import { MoreSettings, NumField } from './Settings';
import { useLeaveGuard, useTrainStore } from './useTrain';
import './train.css';

export { useTrainStore } from './useTrain';

/**
 * Compact live loss/accuracy badge on the Train tab label. The label is always mounted, so this also
 * creates the training store at startup (reattaching to a run in progress) and guards page unload.
 */
export function TrainBadge() {
  useLeaveGuard();
  const text = useTrainStore((s) => badgeText(s.run));
  const failed = useTrainStore((s) => s.run.phase === 'failed');
  if (!text) return null;
  return (
    <span className={`nw-count ${failed ? 'error' : ''}`} data-testid="train-badge">
      {text}
    </span>
  );
}

/** Built-in datasets plus imported ones; a project naming an unknown path dataset gets it inspected. */
function useDatasets(datasetId: string): DatasetInfo[] {
  const { host } = useSession();
  const imported = useTrainStore((s) => s.imported);
  const addImported = useTrainStore((s) => s.addImported);
  const [builtins, setBuiltins] = useState<DatasetInfo[]>([]);
  useEffect(() => {
    host.listDatasets().then(setBuiltins, () => setBuiltins([]));
  }, [host]);
  const all = [...builtins, ...imported.filter((d) => !builtins.some((b) => b.id === d.id))];
  const missing = datasetId.startsWith('path:') && !all.some((d) => d.id === datasetId);
  useEffect(() => {
    if (missing) host.inspectDataset(datasetId).then((r) => addImported(r.info), () => undefined);
  }, [missing, datasetId, host, addImported]);
  return all;
}

function Fault() {
  const run = useTrainStore((s) => s.run);
  const settings = useTrainStore((s) => s.settings);
  const setSettings = useTrainStore((s) => s.setSettings);
  if (!run.fault) return null;
  const kept = run.points.length;
  return (
    <div className="nw-train-fault" role="alert" data-testid="train-fault">
      <strong>Training stopped: </strong>
      {run.fault.message}
      <div>{run.fault.advice}</div>
      {kept > 0 && (
        <div className="nw-muted">
          Kept {kept} recorded batch point{kept === 1 ? '' : 's'} and {run.epochs_.length} epoch{run.epochs_.length === 1 ? '' : 's'}
          {run.runDir ? ` in ${run.runDir} (resume it from the Runs tab)` : ''}.
        </div>
      )}
      {run.fault.code === 'NAN_LOSS' && (
        <button data-testid="train-lower-lr" onClick={() => setSettings({ learningRate: settings.learningRate / 10 })}>
          Lower learning rate to {settings.learningRate / 10}
        </button>
      )}
    </div>
  );
}

export function TrainPanel() {
  const { store: editor } = useSession();
  const graph = useEditor((s) => s.graph);
  const datasetId = useEditor((s) => (typeof s.project.meta.dataset === 'string' ? s.project.meta.dataset : ''));
  const settings = useTrainStore((s) => s.settings);
  const run = useTrainStore((s) => s.run);
  const reattach = useTrainStore((s) => s.reattach);
  const actions = useTrainStore((s) => s);
  const datasets = useDatasets(datasetId);
  const [smoothing, setSmoothing] = useState(false);
  const [logScale, setLogScale] = useState(false);

  const ds = datasets.find((d) => d.id === datasetId);
  const shape = checkShape(graph, ds);
  const active = isActive(run.phase);
  const set = (patch: Partial<TrainSettings>) => actions.setSettings(patch);
  // The dataset lives on the project (toolbar picker too); the train settings carry the same id.
  useEffect(() => {
    if (datasetId && settings.datasetId !== datasetId) actions.setSettings({ datasetId });
  }, [datasetId, settings.datasetId, actions]);

  return (
    <div className="nw-train nw-pad" data-testid="train-panel">
      <div className="nw-train-settings">
        <DatasetPicker datasetId={datasetId} datasets={datasets} disabled={active} />
        {ds && (
          <span className="nw-muted" data-testid="train-dataset-info">
            {ds.split.train.toLocaleString()} train · {ds.split.test.toLocaleString()} test · {ds.classNames.length} classes · {JSON.stringify(ds.inputShape)}
          </span>
        )}
        <NumField label="Limit" testId="train-limit" value={settings.limit ?? 0} min={0} disabled={active} title="Use only the first N samples (0 = all)" onChange={(v) => set({ limit: v > 0 ? Math.round(v) : null })} />
        <label className="nw-train-field">
          Optimizer
          <select data-testid="train-optimizer" value={settings.optimizer} disabled={active} onChange={(e) => set({ optimizer: e.target.value as TrainSettings['optimizer'] })}>
            <option value="adam">Adam</option>
            <option value="sgd">SGD</option>
            <option value="rmsprop">RMSprop</option>
          </select>
        </label>
        <NumField label="Learning rate" testId="train-lr" value={settings.learningRate} step={0.0001} min={0} disabled={active} onChange={(v) => v > 0 && set({ learningRate: v })} />
        <NumField label="Batch" testId="train-batch" value={settings.batchSize} min={1} disabled={active} onChange={(v) => set({ batchSize: Math.round(v) })} />
        <NumField label="Epochs" testId="train-epochs" value={settings.epochs} min={1} disabled={active} onChange={(v) => set({ epochs: Math.round(v) })} />
        <NumField label="Validation" testId="train-val" value={settings.validationSplit} step={0.05} min={0} max={0.9} disabled={active} onChange={(v) => set({ validationSplit: v })} />
        <NumField label="Seed" testId="train-seed" value={settings.seed} min={0} disabled={active} onChange={(v) => set({ seed: Math.round(v) })} />
      </div>
      <MoreSettings settings={settings} set={set} disabled={active} />
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
        <button data-testid="train-start" disabled={active || !shape.ok} onClick={() => void actions.start(graph)}>
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
        {reattach && (
          <span className={reattach.state === 'failed' ? 'nw-warn-text' : 'nw-muted'} data-testid="train-reattach" data-state={reattach.state}>
            {reattach.message}
          </span>
        )}
      </div>
      {run.phase !== 'idle' && (
        <div className="nw-train-progress" data-testid="train-progress">
          <progress value={progress(run)} max={1} />
          <span>
            epoch {run.epoch}/{run.epochs} · batch {run.batch}/{run.batches} · {Math.round(run.samplesPerSec)} samples/s · ETA {formatEta(run.etaSeconds)}
          </span>
        </div>
      )}
      <Fault />
      {run.points.length > 0 && (
        <>
          <div className="nw-train-chart-opts">
            <label>
              <input type="checkbox" data-testid="train-smoothing" checked={smoothing} onChange={(e) => setSmoothing(e.target.checked)} /> smoothing
            </label>
            <label>
              <input type="checkbox" data-testid="train-logscale" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> log scale
            </label>
            <span className="nw-muted" data-testid="train-points">
              {run.points.length} batch points · {run.epochs_.length} epoch points
            </span>
          </div>
          <TrainChart points={run.points} version={run.pointsVersion} smoothing={smoothing} logScale={logScale} />
        </>
      )}
      {run.testAccuracy !== null && !run.evaluation && <div data-testid="test-accuracy">Test accuracy {(run.testAccuracy * 100).toFixed(1)}%</div>}
      {run.evaluation && <Evaluation ev={run.evaluation} config={run.config} />}
    </div>
  );
}
