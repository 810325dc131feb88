import type { DatasetInfo } from './datasets';

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
  'startTraining',
  'controlTraining',
  'exportModel',
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
  // Training (built-in or PyTorch engine); config/messages follow shared/contract/training.ts
  startTraining(config: unknown): Promise<{ runId: string }>;
  controlTraining(runId: string, action: 'pause' | 'resume' | 'stop'): Promise<void>;
  // Export
  exportModel(request: { format: string; projectText: string; runDir?: string }): Promise<{ path: string } | null>;
  // Settings
  getSetting(key: string): Promise<unknown>;
  setSetting(key: string, value: unknown): Promise<void>;

  // Optional capabilities (the Electron and browser hosts implement them; a mock may not).
  /** Project files the host can offer without a native dialog (browser mode: the workspace folder). */
  listProjectFiles?(): Promise<ProjectFileRef[]>;
  /** Title + dirty flag, so the desktop host can title the window and prompt before closing. */
  setDocumentState?(state: DocumentState): Promise<void>;
  /** Opens an https URL from the host's allow-list (docs, papers) in the system browser. */
  openExternal?(url: string): Promise<void>;
}
