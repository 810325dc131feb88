/**
 * One training session per window: holds the settings and the live TrainState, fed by the host's training
 * messages. Lives outside the panel component so switching tabs keeps the run and its recorded points.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DatasetInfo } from '../../../shared/contract/datasets';
import type { Host } from '../../../shared/contract/host';
import type { ActiveRunInfo } from '../../../shared/contract/runs';
import { trainingConfigSchema, type TrainingConfig, type TrainingConfigInput } from '../../../shared/contract/training';
import type { GraphData } from '../../../shared/graph/types';
import { buildConfig, DEFAULT_SETTINGS, initialTrainState, isActive, reduceTraining, replayRun, settingsFromConfig, startingState, type TrainSettings, type TrainState } from './model';

export interface TrainStoreState {
  settings: TrainSettings;
  run: TrainState;
  /** Bumped each time a run ends (done, stopped or failed), so run lists know to refresh. */
  finishedRuns: number;
  /** Datasets imported in this window (path datasets are not in the host's built-in list). */
  imported: DatasetInfo[];
  /** Set while a reload reattaches to a run the host is still training: what it is doing, or why it failed. */
  reattach: { state: 'loading' | 'attached' | 'failed' | 'restored'; message: string } | null;
  addImported(info: DatasetInfo): void;
  setSettings(patch: Partial<TrainSettings>): void;
  /** Starts the current settings on this graph. */
  start(graph: GraphData): Promise<void>;
  /** Starts any config (e.g. `resumeFrom` a stopped run). Fills in `project` when the config has none. */
  startConfig(config: TrainingConfigInput): Promise<void>;
  control(action: 'pause' | 'resume' | 'stop'): Promise<void>;
  /** Unsubscribes from the host. */
  dispose(): void;
}

export type TrainStore = StoreApi<TrainStoreState>;

/** Where the window remembers its latest run folder across a page reload (sessionStorage in the app). */
export interface RunMemory {
  get(): string | null;
  set(runDir: string): void;
}

export interface TrainStoreOptions {
  /** The open project's name (groups runs per project); read at start time. */
  project?: () => string | null;
  /** Default: the page's sessionStorage (per tab, survives reloads), when there is one. */
  memory?: RunMemory | null;
}

const MEMORY_KEY = 'netwright.train.lastRunDir';

function sessionMemory(): RunMemory | null {
  try {
    const s = globalThis.sessionStorage;
    if (!s) return null;
    return { get: () => s.getItem(MEMORY_KEY), set: (dir) => s.setItem(MEMORY_KEY, dir) };
  } catch {
    return null; // storage disabled (privacy settings): reload then shows an idle panel
  }
}

const ended = (before: TrainState, after: TrainState) => isActive(before.phase) && !isActive(after.phase) && after.phase !== 'idle';

export function createTrainStore(host: Host, options: TrainStoreOptions = {}): TrainStore {
  let unsubscribe: () => void = () => undefined;
  // Messages may arrive before startTraining resolves; buffer them until the run id is known.
  let pending: [string, unknown][] | null = null;
  const memory = options.memory === undefined ? sessionMemory() : options.memory;
  /** Replaces the run, counts it as finished when it just left an active phase, remembers its folder. */
  const setRun = (run: TrainState) => {
    if (run.runDir && run.runDir !== store.getState().run.runDir) memory?.set(run.runDir);
    store.setState((s) => ({ run, finishedRuns: s.finishedRuns + (ended(s.run, run) ? 1 : 0) }));
  };

  const store = createStore<TrainStoreState>()((set, get) => ({
    settings: { ...DEFAULT_SETTINGS },
    run: initialTrainState(),
    finishedRuns: 0,
    imported: [],
    reattach: null,
    addImported: (info) => set({ imported: [...get().imported.filter((d) => d.id !== info.id), info] }),
    setSettings: (patch) => set({ settings: { ...get().settings, ...patch } }),
    start: (graph) => get().startConfig(buildConfig(graph, get().settings)),
    async startConfig(input) {
      if (isActive(get().run.phase)) return;
      const project = input.project ?? options.project?.() ?? undefined;
      const config: TrainingConfigInput = project ? { ...input, project } : input;
      const epochs = config.epochs ?? 1;
      set({ run: { ...initialTrainState(), phase: 'starting', epochs }, reattach: null });
      pending = [];
      try {
        const { runId } = await host.startTraining(config);
        const early = pending;
        pending = null;
        let run = startingState(runId, epochs, config);
        for (const [id, m] of early) run = reduceTraining(run, id, m);
        setRun(run);
      } catch (e) {
        pending = null;
        const message = e instanceof Error ? e.message : String(e);
        setRun({ ...initialTrainState(), phase: 'failed', fault: { code: 'START', message, advice: 'Check the settings and the Problems tab, then start again.' } });
      }
    },
    async control(action) {
      const { runId, phase } = get().run;
      if (!runId || !isActive(phase)) return;
      await host.controlTraining(runId, action);
    },
    dispose: () => unsubscribe(),
  }));
  /** A recorded run's config, validated; when valid, the settings form takes it over. */
  function adoptConfig(raw: unknown): TrainingConfig | null {
    const parsed = trainingConfigSchema.safeParse(raw);
    if (!parsed.success) return null;
    store.setState((s) => ({ settings: settingsFromConfig(parsed.data, s.settings) }));
    return parsed.data;
  }

  /**
   * After a page reload the host may still be training: take the newest active run, replay what its run
   * folder recorded, then apply the live messages that arrived meanwhile (steps already replayed are
   * skipped by the reducer) and keep following it.
   */
  async function reattach(): Promise<void> {
    let active: ActiveRunInfo[];
    try {
      active = await host.activeRuns();
    } catch {
      return; // a host without run tracking: nothing to reattach to
    }
    const latest = [...active].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    if (isActive(store.getState().run.phase)) return;
    if (!latest) return restoreLast();
    const config = adoptConfig(latest.config);
    pending = [];
    let run: TrainState = { ...startingState(latest.runId, config?.epochs ?? 1, config), phase: 'running', runDir: latest.runDir };
    store.setState({ run, reattach: { state: 'loading', message: 'Reattaching to the run in progress…' } });
    let note: TrainStoreState['reattach'] = { state: 'attached', message: `Reattached to the run in progress (${latest.runDir ?? latest.runId}).` };
    if (latest.runDir) {
      try {
        const detail = await host.readRun(latest.runDir);
        for (const line of detail.metrics) run = reduceTraining(run, latest.runId, line);
      } catch (e) {
        note = { state: 'failed', message: `Following the run, but its recorded points could not be read: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    const early = pending;
    pending = null;
    for (const [id, m] of early) run = reduceTraining(run, id, m);
    // Replayed batch lines say 'running'; the host knows whether the run sits paused (no message after reload).
    if (latest.paused && run.phase === 'running' && !early.some(([, m]) => (m as { type?: unknown })?.type === 'resumed')) run = { ...run, phase: 'paused' };
    setRun(run);
    store.setState({ reattach: note });
  }

  /**
   * No run in progress: show this window's last run again (recorded points, evaluation), and when it died
   * while the page was away, say so with the next step. Silent when there is none or it is gone.
   */
  async function restoreLast(): Promise<void> {
    const dir = memory?.get();
    if (!dir) return;
    try {
      const detail = await host.readRun(dir);
      if (detail.summary.status === 'running' || store.getState().run.phase !== 'idle') return;
      setRun(replayRun(detail, adoptConfig(detail.config)));
      store.setState({ reattach: { state: 'restored', message: `Showing this window's last run (${detail.summary.name}, ${detail.summary.status}).` } });
    } catch {
      // Deleted or unreadable: nothing to show.
    }
  }

  unsubscribe = host.onTrainingMessage((runId, message) => {
    if (pending) pending.push([runId, message]);
    else {
      const before = store.getState().run;
      const after = reduceTraining(before, runId, message);
      if (after !== before) setRun(after);
    }
  });
  void reattach();
  return store;
}
