/**
 * The Runs panel's state and actions over the Host (zustand vanilla, so it runs in unit tests against the
 * mock host): the run list for this project or all, the selection whose curves are overlaid, cached run
 * details, delete, export, resume and "open as project". The component only renders this.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Host } from '../../../shared/contract/host';
import type { RunDetailInfo, RunSummaryInfo } from '../../../shared/contract/runs';
import type { TrainingConfigInput } from '../../../shared/contract/training';
import { loadExporters, reportText, type CodeExporter } from '../exporters';
import { resumeConfig, runProject, runProjectText, type Granularity, type Split } from './model';

export interface RunsDeps {
  host: Host;
  /** The open project's name (the same one the Train store stamps on new runs). */
  project(): string;
  /** The Train store's startConfig. */
  startConfig(config: TrainingConfigInput): Promise<void>;
  /** Loads a project text into the editor as a new, unsaved document; false when it was refused. */
  openProject(text: string): boolean;
  /** Code exporters (for the capability check before a code export); default: the registry. */
  exporters?: () => Promise<CodeExporter[]>;
}

export interface RunsMessage {
  kind: 'info' | 'error';
  text: string;
}

export interface RunsState {
  allProjects: boolean;
  summaries: RunSummaryInfo[];
  loading: boolean;
  /** Why the list could not be read (host without run history, server error). */
  listError: string | null;
  /** Selected run folders, in the order they were picked (sets the overlay colours). */
  selected: string[];
  details: Record<string, RunDetailInfo>;
  detailErrors: Record<string, string>;
  /** null = pick per selection (batches for short runs, epochs otherwise). */
  granularity: Granularity | null;
  split: Split;
  /** The two runs being compared, or null. */
  diff: [string, string] | null;
  /** Result of the last action (export path, errors). */
  message: RunsMessage | null;
  busy: string | null;
}

export interface RunsActions {
  refresh(): Promise<void>;
  setAllProjects(all: boolean): Promise<void>;
  toggle(dir: string): Promise<void>;
  setGranularity(g: Granularity | null): void;
  setSplit(s: Split): void;
  /** Compares the two selected runs (older first); a message says why when not exactly two are selected. */
  compare(): Promise<void>;
  closeDiff(): void;
  remove(dir: string): Promise<boolean>;
  /** Model file ('onnx', 'tfjs') or code (an exporter id); the message shows the path or why not. */
  exportRun(dir: string, format: string): Promise<string | null>;
  resume(dir: string, totalEpochs: number): Promise<boolean>;
  openAsProject(dir: string): Promise<boolean>;
  detail(dir: string): Promise<RunDetailInfo>;
  setMessage(m: RunsMessage | null): void;
}

export type RunsStore = StoreApi<RunsState & RunsActions>;

export const MODEL_FILE_FORMATS = [
  { id: 'onnx', label: 'ONNX model' },
  { id: 'tfjs', label: 'TF.js model' },
] as const;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
/** A summary's detail is stale once the run moved on (more epochs, finished). */
const stamp = (s: RunSummaryInfo | undefined): string => (s ? `${s.status}:${s.lastEpoch}:${s.finalLoss}` : '');

export function createRunsStore(deps: RunsDeps): RunsStore {
  const stamps = new Map<string, string>();
  const inflight = new Map<string, Promise<RunDetailInfo>>();

  const store = createStore<RunsState & RunsActions>()((set, get) => {
    const summary = (dir: string) => get().summaries.find((s) => s.dir === dir);
    const fail = (text: string) => set({ message: { kind: 'error', text }, busy: null });

    const load = (dir: string): Promise<RunDetailInfo> => {
      const cached = get().details[dir];
      if (cached && stamps.get(dir) === stamp(summary(dir))) return Promise.resolve(cached);
      const running = inflight.get(dir);
      if (running) return running;
      const p = deps.host
        .readRun(dir)
        .then((d) => {
          stamps.set(dir, stamp(summary(dir) ?? d.summary));
          set((s) => ({ details: { ...s.details, [dir]: d }, detailErrors: omit(s.detailErrors, dir) }));
          return d;
        })
        .catch((e: unknown) => {
          set((s) => ({ detailErrors: { ...s.detailErrors, [dir]: errorText(e) } }));
          throw e;
        })
        .finally(() => inflight.delete(dir));
      inflight.set(dir, p);
      return p;
    };

    return {
      allProjects: false,
      summaries: [],
      loading: false,
      listError: null,
      selected: [],
      details: {},
      detailErrors: {},
      granularity: null,
      split: 'train',
      diff: null,
      message: null,
      busy: null,

      async refresh() {
        set({ loading: true });
        try {
          const summaries = await deps.host.listRuns(get().allProjects ? null : deps.project());
          const present = new Set(summaries.map((s) => s.dir));
          set((s) => ({
            summaries,
            loading: false,
            listError: null,
            selected: s.selected.filter((d) => present.has(d)),
            diff: s.diff && s.diff.every((d) => present.has(d)) ? s.diff : null,
          }));
          // Selected runs that moved on (a run finished, a resume added epochs) are read again.
          await Promise.all(get().selected.map((d) => load(d).catch(() => undefined)));
        } catch (e) {
          set({ loading: false, listError: errorText(e) });
        }
      },

      async setAllProjects(all) {
        set({ allProjects: all });
        await get().refresh();
      },

      async toggle(dir) {
        const selected = get().selected;
        if (selected.includes(dir)) {
          set({ selected: selected.filter((d) => d !== dir) });
          return;
        }
        set({ selected: [...selected, dir] });
        await load(dir).catch(() => undefined);
      },

      setGranularity: (granularity) => set({ granularity }),
      setSplit: (split) => set({ split }),

      async compare() {
        const sel = get().selected;
        if (sel.length !== 2) {
          set({ message: { kind: 'error', text: `Select exactly two runs to compare (${sel.length} selected).` } });
          return;
        }
        // Older run on the left, so the diff reads "from → to".
        const [x, y] = sel.map((d) => summary(d));
        const ordered: [string, string] = (x?.createdAt ?? '') <= (y?.createdAt ?? '') ? [sel[0], sel[1]] : [sel[1], sel[0]];
        try {
          await Promise.all(ordered.map(load));
          set({ diff: ordered, message: null });
        } catch (e) {
          fail(`Cannot compare: ${errorText(e)}`);
        }
      },

      closeDiff: () => set({ diff: null }),

      async remove(dir) {
        const s = summary(dir);
        set({ busy: `Deleting ${s?.name ?? dir}…` });
        try {
          await deps.host.deleteRun(dir);
        } catch (e) {
          fail(`Could not delete ${s?.name ?? dir}: ${errorText(e)}`);
          return false;
        }
        set((st) => ({ busy: null, message: { kind: 'info', text: `Deleted run ${s?.name ?? dir}.` }, details: omit(st.details, dir), selected: st.selected.filter((d) => d !== dir) }));
        stamps.delete(dir);
        await get().refresh();
        return true;
      },

      async exportRun(dir, format) {
        set({ busy: `Exporting ${format}…`, message: null });
        try {
          const detail = await load(dir);
          const modelFile = MODEL_FILE_FORMATS.find((f) => f.id === format);
          let label: string = modelFile?.label ?? format;
          if (modelFile && !detail.summary.canResume) {
            fail(`Run ${detail.summary.name} has no checkpoint yet (no epoch finished), so there are no trained weights to export.`);
            return null;
          }
          if (!modelFile) {
            // The capability check runs here first, so a graph the target cannot express is reported by layer.
            const exporter = (await (deps.exporters ?? loadExporters)()).find((e) => e.id === format);
            if (!exporter) {
              fail(`Unknown export format '${format}'.`);
              return null;
            }
            label = `${exporter.label} code`;
            const r = exporter.exportCode(runProject(detail));
            if (!r.ok) {
              fail(`${exporter.label} cannot express this run's graph:\n${reportText(r.report)}`);
              return null;
            }
          }
          const result = await deps.host.exportModel({ format, projectText: runProjectText(detail), runDir: dir });
          if (!result) {
            set({ busy: null, message: { kind: 'info', text: 'Export cancelled.' } });
            return null;
          }
          set({ busy: null, message: { kind: 'info', text: `Exported the ${label} to ${result.path}` } });
          return result.path;
        } catch (e) {
          fail(`Export failed: ${errorText(e)}`);
          return null;
        }
      },

      async resume(dir, totalEpochs) {
        try {
          const config = resumeConfig(await load(dir), totalEpochs);
          await deps.startConfig(config);
          return true;
        } catch (e) {
          fail(errorText(e));
          return false;
        }
      },

      async openAsProject(dir) {
        try {
          const detail = await load(dir);
          if (!deps.openProject(runProjectText(detail))) {
            fail(`Could not open the graph of ${detail.summary.name} (see the notice).`);
            return false;
          }
          set({ message: { kind: 'info', text: `Opened the graph of ${detail.summary.name} as a new, unsaved project.` } });
          return true;
        } catch (e) {
          fail(errorText(e));
          return false;
        }
      },

      detail: load,
      setMessage: (message) => set({ message }),
    };
  });
  return store;
}

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _, ...rest } = record;
  return rest;
}
