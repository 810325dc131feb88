/**
 * The Runs tab: the project's run history (or every project's), overlaid curves of the selected runs, a
 * diff of two runs, and per-run resume / export / open-as-project / delete. State lives in runsStore.ts.
 */
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Host } from '../../../shared/contract/host';
import { useEditor, useSession } from '../../state/context';
import { isDirty } from '../../state/store';
import { loadExporters, type CodeExporter } from '../exporters';
import { isActive, projectName } from '../train/model';
import { useTrainStore } from '../train/useTrain';
import { DiffView } from './DiffView';
import { runDiffView } from './diffModel';
import { defaultGranularity, overlay, runColor, runRows, type RunRow } from './model';
import { OverlayChart } from './OverlayChart';
import { ConfirmDialog, ExportDialog, ResumeDialog } from './RunDialogs';
import { createRunsStore, type RunsStore } from './runsStore';
import './runs.css';

type Dialog = { kind: 'delete' | 'export' | 'resume' | 'open'; row: RunRow } | null;

const stores = new WeakMap<Host, RunsStore>();

export default function RunsPanel({ onResumed }: { onResumed: () => void }) {
  const session = useSession();
  const { host, store: editor } = session;
  const startConfig = useTrainStore((s) => s.startConfig);
  const finishedRuns = useTrainStore((s) => s.finishedRuns);
  const training = useTrainStore((s) => isActive(s.run.phase));
  const project = useEditor(projectName);
  const runs = useMemo(() => {
    let s = stores.get(host);
    if (!s) {
      s = createRunsStore({
        host,
        project: () => projectName(editor.getState()),
        startConfig: (c) => startConfig(c),
        openProject: (text) => editor.getState().loadText(text, null, { dirty: true }),
      });
      stores.set(host, s);
    }
    return s;
  }, [host, editor, startConfig]);
  const st = useStore(runs);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [exporters, setExporters] = useState<CodeExporter[]>([]);

  // Refresh when shown, when the project changes, when a run ends, and when the window regains focus.
  useEffect(() => {
    void runs.getState().refresh();
  }, [runs, project, finishedRuns]);
  useEffect(() => {
    const onFocus = () => void runs.getState().refresh();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [runs]);
  useEffect(() => {
    loadExporters().then(setExporters, () => setExporters([]));
  }, []);
  // Info lines fade like the app's notices; errors stay until clicked. The export dialog keeps its result.
  useEffect(() => {
    const m = st.message;
    if (!m || m.kind !== 'info' || dialog) return;
    const t = setTimeout(() => runs.getState().message === m && runs.getState().setMessage(null), 8000);
    return () => clearTimeout(t);
  }, [st.message, dialog, runs]);

  const rows = useMemo(() => runRows(st.summaries), [st.summaries]);
  const picked = st.selected.map((dir) => ({ dir, detail: st.details[dir], row: rows.find((r) => r.dir === dir) }));
  // Every selected run gets its series (and colour) at once; its points arrive when its detail loads.
  const loaded = picked.map((p) => ({ label: p.row?.name ?? p.dir, metrics: p.detail?.metrics ?? [] }));
  const granularity = st.granularity ?? defaultGranularity(loaded);
  const split = granularity === 'batch' ? 'train' : st.split;
  const lossOverlay = useMemo(() => overlay(loaded, granularity, split, 'loss'), [st.details, st.selected, rows, granularity, split]);
  const accOverlay = useMemo(() => overlay(loaded, granularity, split, 'accuracy'), [st.details, st.selected, rows, granularity, split]);
  const diff = useMemo(() => {
    if (!st.diff) return null;
    const [a, b] = st.diff.map((d) => st.details[d]);
    return a && b ? runDiffView(a, b) : null;
  }, [st.diff, st.details]);

  const close = () => setDialog(null);
  const openAsProject = (row: RunRow) => (isDirty(editor.getState()) ? setDialog({ kind: 'open', row }) : void runs.getState().openAsProject(row.dir));

  return (
    <div className="nw-runs nw-pad" data-testid="runs-panel">
      <div className="nw-runs-bar">
        <strong>{st.allProjects ? 'All runs' : `Runs of ${project}`}</strong>
        <label>
          <input type="checkbox" checked={st.allProjects} onChange={(e) => void st.setAllProjects(e.target.checked)} data-testid="runs-all-projects" /> all projects
        </label>
        <button onClick={() => void st.refresh()} data-testid="runs-refresh" disabled={st.loading}>
          ⟳ Refresh
        </button>
        <button onClick={() => void st.compare()} disabled={st.selected.length !== 2} data-testid="runs-compare" title="Diff the graphs and settings of the two selected runs">
          Compare 2 runs
        </button>
        <span className="nw-muted" data-testid="runs-count">
          {rows.length} run{rows.length === 1 ? '' : 's'} · {st.selected.length} selected
        </span>
        {st.busy && <span className="nw-muted">{st.busy}</span>}
      </div>
      {st.message && !dialog && (
        <div className={`nw-runs-message ${st.message.kind}`} data-testid={`runs-message-${st.message.kind}`} onClick={() => st.setMessage(null)}>
          {st.message.text}
        </div>
      )}
      {st.listError && (
        <div className="nw-runs-message error" data-testid="runs-list-error">
          Cannot read the run history: {st.listError}
        </div>
      )}
      {!st.listError && rows.length === 0 && !st.loading && (
        <div className="nw-muted" data-testid="runs-empty">
          No runs {st.allProjects ? 'yet' : `for ${project} yet`}. Train in the Train tab; each run is kept here with its graph, settings and curves.
        </div>
      )}
      {rows.length > 0 && (
        <table className="nw-table nw-runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th />
              <th>Run · date (UTC)</th>
              <th>Status</th>
              <th>Data · training</th>
              <th className="num">Loss</th>
              <th className="num">Val acc</th>
              <th className="num">Test acc</th>
              <th>Engine · device</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const index = st.selected.indexOf(r.dir);
              const color = index >= 0 ? runColor(index) : undefined;
              return (
                <tr key={r.dir} className={index >= 0 ? 'selected' : ''} data-testid={`run-row-${r.name}`} data-status={r.status} onClick={() => void st.toggle(r.dir)}>
                  <td className="nw-runs-check">
                    <input type="checkbox" checked={index >= 0} onChange={() => undefined} data-testid={`run-select-${r.name}`} aria-label={`Select ${r.name}`} />
                    <span className="nw-runs-swatch" style={{ background: color ?? 'transparent' }} />
                  </td>
                  <td className="nw-runs-name" title={r.dir}>
                    <div>{r.label}</div>
                    <div className="nw-runs-sub">
                      {st.allProjects && `${r.project ?? 'no project'} · `}
                      {r.date}
                    </div>
                  </td>
                  <td>
                    <span className={`nw-run-status ${r.status}`}>{r.status}</span>
                    <div className="nw-runs-sub nw-nowrap">epoch {r.epochs}</div>
                  </td>
                  <td>
                    <div>{r.dataset}</div>
                    <div className="nw-runs-sub nw-nowrap">{r.training}</div>
                  </td>
                  <td className="num">{r.loss}</td>
                  <td className="num">{r.valAccuracy}</td>
                  <td className="num">{r.testAccuracy}</td>
                  <td className="nw-runs-engine" title={r.device}>
                    <div>{r.engine}</div>
                    <div className="nw-runs-sub">{r.device}</div>
                  </td>
                  <td className="nw-runs-actions" onClick={(e) => e.stopPropagation()}>
                    {r.canResume && (
                      <button
                        onClick={() => setDialog({ kind: 'resume', row: r })}
                        disabled={training}
                        data-testid={`run-resume-${r.name}`}
                        title={training ? 'A run is training now: stop it first' : 'Continue training from the last checkpoint'}
                      >
                        Resume…
                      </button>
                    )}
                    <button onClick={() => {
                        st.setMessage(null);
                        setDialog({ kind: 'export', row: r });
                      }} data-testid={`run-export-${r.name}`} title="Export the trained model or code">
                      Export…
                    </button>
                    <button onClick={() => openAsProject(r)} data-testid={`run-open-${r.name}`} title="Open this run's graph snapshot as a new project">
                      Open
                    </button>
                    <button className="nw-danger" disabled={!r.canDelete} onClick={() => setDialog({ kind: 'delete', row: r })} data-testid={`run-delete-${r.name}`} title={r.canDelete ? 'Delete this run folder' : 'Stop the run before deleting it'}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {st.selected.length > 0 && (
        <section className="nw-runs-overlay" data-testid="runs-overlay">
          <div className="nw-runs-overlay-bar">
            <label>
              x axis
              <select value={granularity} onChange={(e) => st.setGranularity(e.target.value as 'epoch' | 'batch')} data-testid="runs-granularity">
                <option value="epoch">per epoch</option>
                <option value="batch">per batch</option>
              </select>
            </label>
            <label>
              curves
              <select value={split} disabled={granularity === 'batch'} onChange={(e) => st.setSplit(e.target.value as 'train' | 'val')} data-testid="runs-split" title={granularity === 'batch' ? 'Validation is measured per epoch' : ''}>
                <option value="train">train</option>
                <option value="val">validation</option>
              </select>
            </label>
            <ul className="nw-runs-legend" data-testid="runs-legend">
              {lossOverlay.series.map((s) => (
                <li key={`${s.label}-${s.color}`} data-testid="runs-legend-item">
                  <span className="nw-runs-swatch" style={{ background: s.color }} />
                  {s.label}
                  {s.points === 0 && <span className="nw-muted"> (no {split} points)</span>}
                </li>
              ))}
            </ul>
            {picked.filter((p) => st.detailErrors[p.dir]).map((p) => (
              <span key={p.dir} className="nw-warn">
                {p.row?.name}: {st.detailErrors[p.dir]}
              </span>
            ))}
          </div>
          <div className="nw-runs-charts">
            <OverlayChart title={`${split === 'val' ? 'Validation' : 'Train'} loss`} overlay={lossOverlay} unit="loss" testId="runs-chart-loss" />
            <OverlayChart title={`${split === 'val' ? 'Validation' : 'Train'} accuracy`} overlay={accOverlay} unit="accuracy" testId="runs-chart-accuracy" />
          </div>
        </section>
      )}
      {diff && <DiffView view={diff} onClose={() => st.closeDiff()} />}

      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete run"
          text={`Delete run ${dialog.row.name}? Its folder (curves, checkpoints, evaluation) is removed from disk; this cannot be undone.`}
          confirm="Delete run"
          danger
          testId="delete-run"
          onClose={close}
          onConfirm={() => {
            close();
            void st.remove(dialog.row.dir);
          }}
        />
      )}
      {dialog?.kind === 'open' && (
        <ConfirmDialog
          title="Open run graph"
          text="The current project has unsaved changes. Discard them and open this run's graph as a new project?"
          confirm="Discard and open"
          testId="open-run"
          onClose={close}
          onConfirm={() => {
            close();
            void st.openAsProject(dialog.row.dir);
          }}
        />
      )}
      {dialog?.kind === 'resume' && (
        <ResumeDialog
          run={dialog.row.name}
          done={st.summaries.find((s) => s.dir === dialog.row.dir)?.lastEpoch ?? 0}
          planned={st.summaries.find((s) => s.dir === dialog.row.dir)?.epochs ?? 1}
          onClose={close}
          onResume={(epochs) => {
            close();
            void st.resume(dialog.row.dir, epochs).then((ok) => ok && onResumed());
          }}
        />
      )}
      {dialog?.kind === 'export' && (
        <ExportDialog
          run={dialog.row.name}
          hasWeights={st.summaries.find((s) => s.dir === dialog.row.dir)?.canResume ?? false}
          exporters={exporters}
          result={st.message}
          busy={st.busy !== null}
          onClose={close}
          onExport={(format) => void st.exportRun(dialog.row.dir, format)}
        />
      )}
    </div>
  );
}
