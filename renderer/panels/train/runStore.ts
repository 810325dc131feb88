/**
 * One training session per window: holds the settings and the live TrainState, fed by the host's training
 * messages. Lives outside the panel component so switching tabs keeps the run and its recorded points.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Host } from '../../../shared/contract/host';
import type { GraphData } from '../../../shared/graph/types';
import { buildConfig, DEFAULT_SETTINGS, initialTrainState, isActive, reduceTraining, startingState, type TrainSettings, type TrainState } from './model';

export interface TrainStoreState {
  settings: TrainSettings;
  run: TrainState;
  setSettings(patch: Partial<TrainSettings>): void;
  start(graph: GraphData): Promise<void>;
  control(action: 'pause' | 'resume' | 'stop'): Promise<void>;
  /** Unsubscribes from the host. */
  dispose(): void;
}

export type TrainStore = StoreApi<TrainStoreState>;

export function createTrainStore(host: Host): TrainStore {
  let unsubscribe: () => void = () => undefined;
  const store = createStore<TrainStoreState>()((set, get) => ({
    settings: { ...DEFAULT_SETTINGS },
    run: initialTrainState(),
    setSettings: (patch) => set({ settings: { ...get().settings, ...patch } }),
    async start(graph) {
      if (isActive(get().run.phase)) return;
      const { settings } = get();
      // Messages may arrive before startTraining resolves; buffer them until the run id is known.
      const early: [string, unknown][] = [];
      set({ run: { ...initialTrainState(), phase: 'starting', epochs: settings.epochs } });
      pending = early;
      try {
        const { runId } = await host.startTraining(buildConfig(graph, settings));
        pending = null;
        let run = startingState(runId, settings.epochs);
        for (const [id, m] of early) run = reduceTraining(run, id, m);
        set({ run });
      } catch (e) {
        pending = null;
        const message = e instanceof Error ? e.message : String(e);
        set({ run: { ...initialTrainState(), phase: 'failed', fault: { code: 'START', message, advice: 'Check the settings and the Problems tab, then start again.' } } });
      }
    },
    async control(action) {
      const { runId, phase } = get().run;
      if (!runId || !isActive(phase)) return;
      await host.controlTraining(runId, action);
    },
    dispose: () => unsubscribe(),
  }));
  let pending: [string, unknown][] | null = null;
  unsubscribe = host.onTrainingMessage((runId, message) => {
    if (pending) pending.push([runId, message]);
    else store.setState((s) => ({ run: reduceTraining(s.run, runId, message) }));
  });
  return store;
}
