/**
 * In-memory Host for unit tests and for running the renderer without a server (dev, e2e of the editor).
 * Files, recents, autosave and settings live in a key-value store: a Map by default, or the browser's
 * localStorage so that "save, reload the page, reopen" works. Training and model export need a real
 * engine, so they fail with a clear message instead of pretending.
 */
import type { DatasetInfo } from '../../shared/contract/datasets';
import type { DocumentState, Host, MenuCommandString, ProjectFileRef } from '../../shared/contract/host';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface MockDialogs {
  /** Chooses a file to open among the stored ones; null = cancelled. */
  chooseOpen(files: ProjectFileRef[]): Promise<string | null> | string | null;
  /** Chooses a path to save to; null = cancelled. */
  chooseSave(suggested: string): Promise<string | null> | string | null;
}

export interface MockHostOptions {
  store?: KeyValueStore;
  dialogs?: MockDialogs;
  datasets?: DatasetInfo[];
}

const PREFIX = 'netwright.mock.';
const MAX_RECENT = 10;

export function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

/** The built-in datasets' descriptions, so the editor can show and check the selection offline. */
export const MOCK_DATASETS: DatasetInfo[] = [
  {
    id: 'mnist',
    name: 'MNIST',
    kind: 'image',
    inputShape: [28, 28, 1],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    split: { train: 8000, val: 1000, test: 1000 },
    classCounts: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    skipped: [],
  },
];

export interface MockHost extends Host {
  /** Test hooks: fire host events as a native menu or a training process would. */
  emitMenuCommand(command: MenuCommandString): void;
  emitTrainingMessage(runId: string, message: unknown): void;
  /** Last title/dirty state the renderer reported. */
  documentState: DocumentState | null;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function createMockHost(options: MockHostOptions = {}): MockHost {
  const store = options.store ?? memoryStore();
  const dialogs = options.dialogs;
  const menuListeners = new Set<(c: MenuCommandString) => void>();
  const trainingListeners = new Set<(runId: string, m: unknown) => void>();

  const readJson = <T>(key: string, fallback: T): T => {
    const raw = store.getItem(PREFIX + key);
    if (raw === null) return fallback;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return fallback;
    }
  };
  const writeJson = (key: string, value: unknown) => store.setItem(PREFIX + key, JSON.stringify(value));

  const files = (): Record<string, string> => readJson<Record<string, string>>('files', {});
  const refs = (): ProjectFileRef[] => Object.keys(files()).map((path) => ({ path, name: baseName(path) }));
  const touchRecent = (ref: ProjectFileRef) => {
    const list = readJson<ProjectFileRef[]>('recent', []).filter((r) => r.path !== ref.path);
    writeJson('recent', [ref, ...list].slice(0, MAX_RECENT));
  };

  const host: MockHost = {
    kind: 'mock',
    documentState: null,
    async openProject(path) {
      const chosen = path ?? (dialogs ? await dialogs.chooseOpen(refs()) : null);
      if (!chosen) return null;
      const text = files()[chosen];
      if (text === undefined) throw new Error(`No such project file: ${chosen}`);
      const ref = { path: chosen, name: baseName(chosen) };
      touchRecent(ref);
      return { ref, text };
    },
    async saveProject(ref, text) {
      const path = ref?.path ?? (dialogs ? await dialogs.chooseSave('untitled.netwright.json') : null);
      if (!path) return null;
      writeJson('files', { ...files(), [path]: text });
      const saved = { path, name: baseName(path) };
      touchRecent(saved);
      return saved;
    },
    async recentProjects() {
      const existing = files();
      return readJson<ProjectFileRef[]>('recent', []).filter((r) => r.path in existing);
    },
    async writeAutosave(text) {
      store.setItem(PREFIX + 'autosave', text);
    },
    async readAutosave() {
      return store.getItem(PREFIX + 'autosave');
    },
    async clearAutosave() {
      store.removeItem(PREFIX + 'autosave');
    },
    async listDatasets() {
      return options.datasets ?? MOCK_DATASETS;
    },
    async inspectDataset(id) {
      const info = (options.datasets ?? MOCK_DATASETS).find((d) => d.id === id);
      if (!info) throw new Error(`Dataset '${id}' is not available in the mock host (it reads no files); use browser mode (npm run serve).`);
      // The mock has descriptions only, no pixels: an empty preview grid, never invented images.
      return { info, preview: [] };
    },
    async datasetSamples() {
      throw new Error('Dataset samples need the desktop app or browser mode; the mock host reads no dataset files.');
    },
    async detectEngines() {
      const reason = 'The mock host has no training engine; use the desktop app or browser mode (npm run serve).';
      return [
        { id: 'builtin', available: false, reason, version: null, devices: [] },
        { id: 'pytorch', available: false, reason, version: null, devices: [] },
      ];
    },
    async activeRuns() {
      return [];
    },
    async listRuns() {
      return [];
    },
    async readRun(dir) {
      throw new Error(`No run folder '${dir}' in the mock host.`);
    },
    async deleteRun(dir) {
      throw new Error(`No run folder '${dir}' in the mock host.`);
    },
    async inspectLayer() {
      throw new Error('Layer inspection runs the model, which needs the desktop app or browser mode.');
    },
    async startTraining() {
      throw new Error('Training needs the desktop app or browser mode (npm run serve); the mock host has no engine.');
    },
    async controlTraining(runId) {
      throw new Error(`No training run '${runId}' in the mock host.`);
    },
    async exportModel(request) {
      throw new Error(`Model export (${request.format}) needs the desktop app or browser mode; the mock host cannot write model files.`);
    },
    async importModel(request) {
      const what = request.name ?? request.path ?? 'a model file';
      throw new Error(`Importing ${what} needs the desktop app or browser mode: the mock host has no model converter.`);
    },
    async getSetting(key) {
      return readJson<Record<string, unknown>>('settings', {})[key];
    },
    async setSetting(key, value) {
      writeJson('settings', { ...readJson<Record<string, unknown>>('settings', {}), [key]: value });
    },
    onTrainingMessage(listener) {
      trainingListeners.add(listener);
      return () => trainingListeners.delete(listener);
    },
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
    emitMenuCommand(command) {
      for (const l of menuListeners) l(command);
    },
    emitTrainingMessage(runId, message) {
      for (const l of trainingListeners) l(runId, message);
    },
    async listProjectFiles() {
      return refs();
    },
    async setDocumentState(state) {
      host.documentState = state;
    },
  };
  return host;
}
