import type { DatasetInfo } from './datasets';
import type { ActiveRunInfo, DatasetSamplesRequest, EngineInfo, LayerInspection, LayerInspectionRequest, RunDetailInfo, RunSummaryInfo, SampleImage } from './runs';

/**
 * Everything the renderer may ask of its environment. Implemented by the Electron host (preload +
 * contextBridge), the browser host (WebSocket to the browser-mode server) and a mock host for tests.
 * Every call's arguments and results have zod schemas in shared/contract/rpc.ts (validated on both sides).
 */
export interface ProjectFileRef {
  /** Absolute path (desktop/browser-mode server) or a host-specific handle. */
  path: string;
  name: string;
}

/** A model file to import: a path the host may read, or the file's bytes (browser file input) with its name. */
export interface ImportModelRequest {
  path?: string;
  name?: string;
  bytesBase64?: string;
  /** Import without the ops the catalog cannot express (they are listed in `unsupported`). */
  allowPartial: boolean;
}
export interface ImportModelResult {
  /** The imported project, serialized (opens as a new, unsaved document). */
  projectText: string;
  warnings: string[];
  unsupported: { name: string; op: string; reason: string }[];
}

/** In a BAD_ARGS refusal of importModel: the file holds ops the catalog cannot express (retry with allowPartial). */
export const IMPORT_UNSUPPORTED_PHRASE = 'ops Netwright cannot express';

/** Every callable Host method (not the event subscriptions), as plain data for bridges that must stay tiny. */
export const HOST_CALLS = [
  'openProject',
  'saveProject',
  'recentProjects',
  'listProjectFiles',
  'writeAutosave',
  'readAutosave',
  'clearAutosave',
  'listDatasets',
  'inspectDataset',
  'datasetSamples',
  'chooseDataset',
  'detectEngines',
  'startTraining',
  'activeRuns',
  'listRuns',
  'readRun',
  'deleteRun',
  'inspectLayer',
  'controlTraining',
  'exportModel',
  'importModel',
  'chooseModelFile',
  'getSetting',
  'setSetting',
  'setDocumentState',
  'openExternal',
] as const;
export type HostCall = (typeof HOST_CALLS)[number];

/** Menu commands a native menu (desktop) sends to the renderer; the renderer maps them to its actions. */
export const MENU_COMMANDS = [
  'new',
  'open',
  'save',
  'saveAs',
  'undo',
  'redo',
  'cut',
  'copy',
  'paste',
  'delete',
  'selectAll',
  'zoomIn',
  'zoomOut',
  'zoomReset',
  'toggleDarkMode',
  'export',
  'importModel',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
/** 'openRecent:<path>' opens that file; plain strings keep the channel open for future commands. */
export type MenuCommandString = MenuCommand | `openRecent:${string}` | (string & {});

/** What the desktop host needs to know to title the window and ask before discarding unsaved work. */
export interface DocumentState {
  title: string;
  dirty: boolean;
}

export interface HostEvents {
  /** Training progress messages (see shared/contract/training.ts), keyed by run id. */
  onTrainingMessage(listener: (runId: string, message: unknown) => void): () => void;
  /** Menu commands from a native menu (desktop) — see MENU_COMMANDS; 'openRecent:<path>' for recents. */
  onMenuCommand(listener: (command: MenuCommandString) => void): () => void;
}

export interface Host extends HostEvents {
  readonly kind: 'electron' | 'browser' | 'mock';
  // Project files
  /** Without a path the host asks the user (native dialog, or an in-page picker in browser mode). */
  openProject(path?: string): Promise<{ ref: ProjectFileRef; text: string } | null>;
  /** A null ref means "Save As": the host asks for a place; null result = cancelled. */
  saveProject(ref: ProjectFileRef | null, text: string): Promise<ProjectFileRef | null>;
  recentProjects(): Promise<ProjectFileRef[]>;
  writeAutosave(text: string): Promise<void>;
  readAutosave(): Promise<string | null>;
  clearAutosave(): Promise<void>;
  // Datasets
  listDatasets(): Promise<DatasetInfo[]>;
  /** Reads a dataset (built-in id or 'path:<folder|file>') for the import preview: info + a few samples per class. */
  inspectDataset(id: string): Promise<{ info: DatasetInfo; preview: SampleImage[] }>;
  /** Samples by index within one split (same dataset ref + seed as the run = same samples). */
  datasetSamples(request: DatasetSamplesRequest): Promise<SampleImage[]>;
  /** Engines (built-in TF.js, PyTorch) with their availability and devices. */
  detectEngines(): Promise<EngineInfo[]>;
  // Training (built-in or PyTorch engine); config/messages follow shared/contract/training.ts
  startTraining(config: unknown): Promise<{ runId: string }>;
  controlTraining(runId: string, action: 'pause' | 'resume' | 'stop'): Promise<void>;
  /** Runs this host is training now (a reloaded window reattaches to them). */
  activeRuns(): Promise<ActiveRunInfo[]>;
  // Run history (run folders on disk); `project` null = every run.
  listRuns(project: string | null): Promise<RunSummaryInfo[]>;
  readRun(dir: string): Promise<RunDetailInfo>;
  /** Deletes a run folder (the UI asks first). Refuses a run that is still training. */
  deleteRun(dir: string): Promise<void>;
  /** Activation maps of one layer for one sample, and its filter weights, from a run's checkpoint. */
  inspectLayer(request: LayerInspectionRequest): Promise<LayerInspection>;
  // Export
  exportModel(request: { format: string; projectText: string; runDir?: string }): Promise<{ path: string } | null>;
  // Import (ONNX / TF.js model.json → project text); exactly one of path / bytesBase64.
  /** Unsupported ops without allowPartial → RpcError BAD_ARGS naming them; with it they are left out and listed. */
  importModel(request: ImportModelRequest): Promise<ImportModelResult>;
  // Settings
  getSetting(key: string): Promise<unknown>;
  setSetting(key: string, value: unknown): Promise<void>;

  // Optional capabilities (the Electron and browser hosts implement them; a mock may not).
  /** Project files the host can offer without a native dialog (browser mode: the workspace folder). */
  listProjectFiles?(): Promise<ProjectFileRef[]>;
  /** Title + dirty flag, so the desktop host can title the window and prompt before closing. */
  setDocumentState?(state: DocumentState): Promise<void>;
  /** Native picker for a dataset folder or file (desktop); null = cancelled. Browser mode types a path. */
  chooseDataset?(): Promise<string | null>;
  /** Native picker for a model file (.onnx / model.json) (desktop); the host allows the picked path; null = cancelled. */
  chooseModelFile?(): Promise<string | null>;
  /** Opens an https URL from the host's allow-list (docs, papers) in the system browser. */
  openExternal?(url: string): Promise<void>;
}
