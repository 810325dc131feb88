/**
 * Inspector section: a layer's activation maps for one test image and its filter weights, from the
 * current or last run's checkpoint (or untrained weights before any run), via host.inspectLayer.
 */
import { useEffect, useState } from 'react';
import type { LayerInspection } from '../../../shared/contract/runs';
import { useEditor, useSession } from '../../state/context';
import { useTrainStore } from '../train/useTrain';
import { PixelCanvas } from './PixelCanvas';
import { checkpointedEpochs, inspectionRequest, weightsLabel, type InspectSource } from './inspectModel';
import './inspect.css';

// Open/closed and the sample index survive selecting another layer (the inspector remounts per node).
let keepOpen = false;
let keepIndex = 0;

function Maps({ maps, testId, size }: { maps: LayerInspection['activation']['maps']; testId: string; size: number }) {
  return (
    <div className="nw-maps" data-testid={testId}>
      {maps.map((m, i) => (
        <PixelCanvas key={i} pixels={m.pixels} width={m.width} height={m.height} channels={1} size={size} title={`#${i}: ${m.min.toPrecision(3)} … ${m.max.toPrecision(3)}`} />
      ))}
    </div>
  );
}

/** A vector output (Dense, pooling to 1×1…) as bars, scaled to its largest magnitude. */
function Values({ values }: { values: number[] }) {
  const shown = values.slice(0, 128);
  const max = Math.max(1e-12, ...shown.map(Math.abs));
  return (
    <div className="nw-values" data-testid="activation-values" title={`${values.length} values`}>
      {shown.map((v, i) => (
        <span key={i} className={v < 0 ? 'neg' : ''} style={{ height: `${(100 * Math.abs(v)) / max}%` }} title={`${i}: ${v.toPrecision(4)}`} />
      ))}
    </div>
  );
}

export function LayerActivations({ nodeId }: { nodeId: string }) {
  const { host } = useSession();
  const graph = useEditor((s) => s.graph);
  // The run folder's weights once an epoch's checkpoint is on disk; before that, untrained weights.
  const epochsDone = useTrainStore((s) => checkpointedEpochs(s.run));
  const runDir = useTrainStore((s) => (checkpointedEpochs(s.run) > 0 ? s.run.runDir : null));
  const runConfig = useTrainStore((s) => s.run.config);
  const settings = useTrainStore((s) => s.settings);
  const finished = useTrainStore((s) => s.finishedRuns);
  const [open, setOpen] = useState(keepOpen);
  const [index, setIndex] = useState(keepIndex);
  const [tick, refresh] = useState(0);
  const [state, setState] = useState<{ result: LayerInspection | null; error: string | null; loading: boolean }>({ result: null, error: null, loading: false });

  const source: InspectSource = runConfig
    ? { runDir, dataset: runConfig.dataset, seed: runConfig.seed ?? 42 }
    : { runDir: null, dataset: { id: settings.datasetId, validationSplit: settings.validationSplit, ...(settings.limit ? { limit: settings.limit } : {}) }, seed: settings.seed };
  const key = JSON.stringify([source, index, nodeId]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    host.inspectLayer(inspectionRequest(graph, nodeId, source, index)).then(
      (result) => live && setState({ result, error: null, loading: false }),
      (e: unknown) => live && setState({ result: null, error: e instanceof Error ? e.message : String(e), loading: false }),
    );
    return () => {
      live = false;
    };
    // Re-inspect when the layer, sample, weights source, an epoch or a run's end changes, not on every graph edit.
  }, [open, key, epochsDone, finished, tick, host]);

  const r = state.result;
  return (
    <details
      className="nw-activations"
      data-testid="layer-activations"
      open={open}
      onToggle={(e) => {
        keepOpen = (e.target as HTMLDetailsElement).open;
        setOpen(keepOpen);
      }}
    >
      <summary>Activations &amp; filters</summary>
      <div className="nw-activations-bar">
        <label>
          Test sample #
          <input
            type="number"
            min={0}
            value={index}
            data-testid="activation-sample"
            onChange={(e) => {
              const v = e.target.valueAsNumber;
              if (Number.isInteger(v) && v >= 0) setIndex((keepIndex = v));
            }}
          />
        </label>
        {r?.sample && <PixelCanvas pixels={r.sample.pixels} width={r.sample.width} height={r.sample.height} channels={r.sample.channels} size={40} title={`${r.sample.className} (test #${r.sample.index})`} testId="activation-thumb" />}
        {r?.sample && <span className="nw-muted">class {r.sample.className}</span>}
        <button onClick={() => refresh((t) => t + 1)} disabled={state.loading} title="Inspect again (e.g. after more epochs)">
          ↻
        </button>
      </div>
      {state.loading && <div className="nw-muted">Running the layer…</div>}
      {state.error && (
        <div className="nw-issue-inline error" data-testid="activation-error">
          {state.error}
        </div>
      )}
      {r && (
        <>
          <div className={r.weights === 'untrained' ? 'nw-warn-text' : 'nw-muted'} data-testid="activation-weights" data-weights={r.weights}>
            {weightsLabel(r)}
          </div>
          <div className="nw-muted">
            Output {JSON.stringify(r.activation.shape)}
            {r.activation.maps.length > 0 && ` · first ${r.activation.maps.length} maps`}
          </div>
          {r.activation.maps.length > 0 && <Maps maps={r.activation.maps} testId="activation-maps" size={44} />}
          {r.activation.values && <Values values={r.activation.values} />}
          {r.filters && (
            <>
              <div className="nw-muted">
                Filters {JSON.stringify(r.filters.shape)} (input channels averaged)
              </div>
              <Maps maps={r.filters.maps} testId="filter-maps" size={28} />
            </>
          )}
        </>
      )}
    </details>
  );
}
