import type { DatasetInfo } from './datasets';

/**
 * Everything the renderer may ask of its environment. Implemented by the Electron host (preload +
 * contextBridge), the browser host (WebSocket to the browser-mode server) and a mock host for tests.
 * Every call's arguments/results have zod schemas in shared/contract (validated on both sides).
 */
export interface ProjectFileRef {
  /** Absolute path (desktop/browser-mode server) or a host-specific handle. */
  path: string;
  name: string;
}

export interface HostEvents {
  /** Training progress messages (see shared/contract/training.ts), keyed by run id. */
  onTrainingMessage(listener: (runId: string, message: unknown) => void): () => void;
  /** Menu commands from a native menu (desktop) — 'new', 'open', 'save', 'undo', ... */
  onMenuCommand(listener: (command: string) => void): () => void;
}

export interface Host extends HostEvents {
  readonly kind: 'electron' | 'browser' | 'mock';
  // Project files
  openProject(path?: string): Promise<{ ref: ProjectFileRef; text: string } | null>;
  saveProject(ref: ProjectFileRef | null, text: string): Promise<ProjectFileRef | null>;
  recentProjects(): Promise<ProjectFileRef[]>;
  writeAutosave(text: string): Promise<void>;
  readAutosave(): Promise<string | null>;
  clearAutosave(): Promise<void>;
  // Datasets
  listDatasets(): Promise<DatasetInfo[]>;
  // Training (built-in or PyTorch engine); config/messages follow shared/contract/training.ts
  startTraining(config: unknown): Promise<{ runId: string }>;
  controlTraining(runId: string, action: 'pause' | 'resume' | 'stop'): Promise<void>;
  // Export
  exportModel(request: { format: string; projectText: string; runDir?: string }): Promise<{ path: string } | null>;
  // Settings
  getSetting(key: string): Promise<unknown>;
  setSetting(key: string, value: unknown): Promise<void>;
}
