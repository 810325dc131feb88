/**
 * The Host contract implemented in Node: project files (atomic writes, paths confined by PathPolicy),
 * recent list, autosave, settings, datasets, training runs with their messages streamed as events, export.
 * The browser-mode server and the Electron main process both use this; they differ only in the injected
 * dialogs, engine launcher and event sink.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DatasetInfo } from '../../shared/contract/datasets';
import type { DocumentState, ProjectFileRef } from '../../shared/contract/host';
import { RpcError, type HostEvent, type HostServiceImpl } from '../../shared/contract/rpc';
// Submodules, not main/files/index: the index also pulls in the project loader and the layer registry.
import { atomicWriteFile } from '../files/atomic';
import { clearAutosave, readAutosave, writeAutosave } from '../files/autosave';
import { FileError } from '../files/errors';
import { readTextFile } from '../files/read';
import { addRecentFile, readRecentFiles } from '../files/recent';
import { fileExists, readJsonFile } from './fsutil';
import { resolveFolderPath, resolveProjectPath, type PathPolicy } from './paths';
import type { TrainingConfig } from '../../shared/contract/training';
import type {
  ActiveRunInfo,
  DatasetSamplesRequest,
  EngineInfo,
  LayerInspection,
  LayerInspectionRequest,
  SampleImage,
} from '../../shared/contract/runs';
import { deleteRunDir, listRunSummaries, readRunDetail, runLabel, projectSlug, canonicalDir, recordResumeEpochs } from '../runs/history';
import { newRunDirName } from '../runs/store';
import { datasetPath } from '../datasets/ids';
import { appendRunLine, dropUnusedRunDir, runFolderAnswer } from './runs';

/** A running training job as the engine client returns it (main/engine/client.ts). */
export interface TrainingHandle {
  runId: string;
  pause(): void;
  resume(): void;
  stop(): void;
  done: Promise<unknown>;
}
/** Starts a training process; every protocol message it emits goes to onMessage. */
export type TrainingLauncher = (config: unknown, hooks: { onMessage(message: unknown): void }) => Promise<TrainingHandle>;
export type ModelExporter = (request: { format: string; projectText: string; runDir?: string }, outDir: string) => Promise<{ path: string }>;

/** Dataset previews and samples (main/datasets/samples.ts); ids arrive already confined to allowed folders. */
export interface DatasetPreviewTools {
  inspect(id: string): Promise<{ info: DatasetInfo; preview: SampleImage[] }>;
  samples(request: DatasetSamplesRequest): Promise<SampleImage[]>;
  /** Datasets imported into a folder (the workspace's datasets/). */
  listFolder(dir: string): Promise<DatasetInfo[]>;
}
export type EngineDetector = () => Promise<EngineInfo[]>;
/** Activation maps / filters of one layer (main/inspect); runDir and dataset id arrive confined. */
export type LayerInspector = (request: LayerInspectionRequest) => Promise<LayerInspection>;

/** Native dialogs (Electron). Without them, open needs a path and "Save As" picks a fresh workspace name. */
export interface ServiceDialogs {
  chooseOpen(): Promise<string | null>;
  chooseSave(suggestedName: string): Promise<string | null>;
  /** A dataset folder or file (.csv/.idx/.gz); the host allows the picked path. */
  chooseDataset?(): Promise<string | null>;
  /** A model file to import (.onnx / .json); the host allows the picked path. */
  chooseModelFile?(): Promise<string | null>;
}

export interface NodeServicesOptions {
  workspace: string;
  /** recent.json, settings.json and the autosave live here. */
  stateDir: string;
  /** Allowed roots besides the workspace (Electron adds the home folder). */
  roots?: string[];
  emit(event: HostEvent): void;
  dialogs?: ServiceDialogs;
  /** Capabilities supplied by other modules; a missing one answers NOT_AVAILABLE with the reason. */
  training?: TrainingLauncher | { unavailable: string };
  datasets?: (() => Promise<DatasetInfo[]>) | { unavailable: string };
  exporter?: ModelExporter | { unavailable: string };
  datasetPreview?: DatasetPreviewTools | { unavailable: string };
  engines?: EngineDetector | { unavailable: string };
  inspector?: LayerInspector | { unavailable: string };
  onDocumentState?(state: DocumentState): void;
  openExternal?(url: string): Promise<void>;
}

export interface NodeServices extends HostServiceImpl {
  /** Stops every training run still going (server close / app quit). */
  dispose(): Promise<void>;
  readonly runs: ReadonlyMap<string, TrainingHandle>;
  /** Lets a file the OS handed us (file association, command line) be opened wherever it is. */
  allowPath(file: string): string;
}

const PROJECT_SUFFIX = '.netwright.json';

function refFor(file: string): ProjectFileRef {
  return { path: file, name: path.basename(file) };
}

function unavailable(what: string, reason: string): never {
  throw new RpcError('NOT_AVAILABLE', `${what} is not available yet: ${reason}`);
}

/** A capability or the NOT_AVAILABLE answer naming why it is missing (`missing`: nothing wired at all). */
function need<T extends object>(cap: T | { unavailable: string } | undefined, what: string, missing = 'not wired into this host'): T {
  if (!cap) unavailable(what, missing);
  if ('unavailable' in cap && typeof cap.unavailable === 'string') unavailable(what, cap.unavailable);
  return cap as T;
}

/** Dataset and inspection problems (missing files, bad CSV, index out of range, unknown node) are the caller's to fix: BAD_ARGS. */
async function datasetAnswer<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error && (e.name === 'DatasetError' || e.name === 'InspectError')) throw new RpcError('BAD_ARGS', e.message);
    throw e;
  }
}

export function createNodeServices(options: NodeServicesOptions): NodeServices {
  const picked = new Set<string>();
  const policy: PathPolicy = { workspace: path.resolve(options.workspace), roots: options.roots, picked };
  const settingsFile = path.join(options.stateDir, 'settings.json');
  const runs = new Map<string, TrainingHandle>();
  /** What activeRuns reports (and which folders count as 'running'), per run id. */
  const active = new Map<string, ActiveRunInfo>();
  const runningDirs = () => new Set([...active.values()].flatMap((r) => (r.runDir === null ? [] : [canonicalDir(r.runDir)])));
  const runsBase = path.join(policy.workspace, 'runs');
  // Real path: run folders from the engine and from listings compare equal even under symlinked workspaces.
  const runsRoot = async () => {
    await fs.mkdir(runsBase, { recursive: true });
    return canonicalDir(runsBase);
  };
  // Serialise state-file updates so two quick calls never lose each other's change.
  let stateQueue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = stateQueue.then(fn, fn);
    stateQueue = next.catch(() => undefined);
    return next;
  };

  const touchRecent = (file: string) => addRecentFile(options.stateDir, file);
  // File errors from main/files are already one readable line; give them a wire code.
  const fileOp = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof FileError) throw new RpcError(e.code === 'ENOENT' ? 'BAD_ARGS' : 'FAILED', e.message);
      throw e;
    }
  };

  const freshWorkspaceName = async (): Promise<string> => {
    for (let i = 1; ; i++) {
      const name = i === 1 ? `untitled${PROJECT_SUFFIX}` : `untitled-${i}${PROJECT_SUFFIX}`;
      const file = path.join(policy.workspace, name);
      if (!(await fileExists(file))) return file;
    }
  };

  const allowPicked = (p: string) => {
    const abs = path.resolve(p);
    picked.add(abs);
    return abs;
  };
  // An optional native picker: what the user picks becomes readable (allowPicked); cancel → null.
  const pickWith = async (choose: (() => Promise<string | null>) | undefined, what: string, noDialog: string) => {
    const chosen = await need(choose, what, noDialog)();
    return chosen ? allowPicked(chosen) : null;
  };

  // The page must not make the engine write runs or read datasets outside the allowed folders.
  const confineDatasetId = (id: string): string => {
    const dsPath = datasetPath(id);
    return dsPath === null ? id : `path:${resolveFolderPath(dsPath, policy.workspace, policy)}`;
  };
  const confineTrainingPaths = (c: TrainingConfig): TrainingConfig => {
    const out = { ...c, dataset: { ...c.dataset, id: confineDatasetId(c.dataset.id) } };
    if (out.runDir !== undefined) out.runDir = resolveFolderPath(out.runDir, runsBase, policy);
    if (out.resumeFrom !== undefined) out.resumeFrom = resolveFolderPath(out.resumeFrom, runsBase, policy);
    return out;
  };

  const impl: NodeServices = {
    runs,
    allowPath: allowPicked,
    async openProject(requested) {
      let input = requested;
      if (input === undefined) {
        if (!options.dialogs) {
          throw new RpcError('BAD_ARGS', 'openProject needs a path here (browser mode has no native dialog; use listProjectFiles).');
        }
        const chosen = await options.dialogs.chooseOpen();
        if (!chosen) return null;
        input = allowPicked(chosen);
      }
      const file = resolveProjectPath(input, policy);
      const text = await fileOp(() => readTextFile(file));
      await touchRecent(file);
      return { ref: refFor(file), text };
    },
    async saveProject(ref, text) {
      let input = ref?.path;
      if (input === undefined) {
        if (options.dialogs) {
          const chosen = await options.dialogs.chooseSave(`untitled${PROJECT_SUFFIX}`);
          if (!chosen) return null;
          input = allowPicked(chosen);
        } else {
          input = await freshWorkspaceName();
        }
      }
      const file = resolveProjectPath(input, policy);
      await fileOp(() => atomicWriteFile(file, text));
      await touchRecent(file);
      return refFor(file);
    },
    async recentProjects() {
      const out: ProjectFileRef[] = [];
      for (const p of await readRecentFiles(options.stateDir)) {
        try {
          const file = resolveProjectPath(p, { ...policy, picked: new Set([p]) });
          if (await fileExists(file)) out.push(refFor(file));
        } catch {
          // A recent entry that is no longer reachable is simply not offered.
        }
      }
      return out;
    },
    async listProjectFiles() {
      const entries = await fs.readdir(policy.workspace, { withFileTypes: true }).catch(() => []);
      return entries
        .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json') && !e.name.startsWith('.'))
        .map((e) => refFor(path.join(policy.workspace, e.name)))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async writeAutosave(text) {
      await fileOp(() => writeAutosave(options.stateDir, text));
    },
    async readAutosave() {
      return (await fileOp(() => readAutosave(options.stateDir)))?.text ?? null;
    },
    async clearAutosave() {
      await fileOp(() => clearAutosave(options.stateDir));
    },
    async listDatasets() {
      const builtin = await need(options.datasets, 'Dataset listing', 'no dataset module is wired into this host')();
      // Imported datasets: whatever loads from <workspace>/datasets/ (folders and CSV files).
      const p = options.datasetPreview;
      const imported = p && !('unavailable' in p) ? await p.listFolder(path.join(policy.workspace, 'datasets')) : [];
      return [...builtin, ...imported];
    },
    async startTraining(config) {
      const t = need(options.training, 'Training', 'no training engine is wired into this host');
      // Loaded on demand: the schema pulls in the layer registry, which the rest of the host does not need.
      const { trainingConfigSchema, formatIssues } = await import('../../shared/contract/training');
      const parsed = trainingConfigSchema.safeParse(config);
      if (!parsed.success) throw new RpcError('BAD_ARGS', `Invalid training config: ${formatIssues(parsed.error.issues)}`);
      const confined = confineTrainingPaths(parsed.data);
      if (confined.resumeFrom !== undefined) {
        // Two engines must never write one run folder.
        if (runningDirs().has(canonicalDir(confined.resumeFrom))) {
          throw new RpcError('BAD_ARGS', `Run ${path.basename(confined.resumeFrom)} is still training: stop it before resuming it.`);
        }
        await runFolderAnswer(() => recordResumeEpochs(confined.resumeFrom!, confined.epochs));
      }
      // Every run gets a folder (history, resume, export): <runs>/<project>/<stamp-label>, unless resuming.
      let reserved: string | null = null;
      if (confined.runDir === undefined && confined.resumeFrom === undefined) {
        reserved = newRunDirName(path.join(await runsRoot(), projectSlug(confined.project)), runLabel(confined));
        confined.runDir = reserved;
      }
      const info: ActiveRunInfo = {
        runId: '',
        runDir: confined.resumeFrom ?? confined.runDir ?? null,
        project: confined.project ?? null,
        startedAt: new Date().toISOString(),
        paused: false,
        config: confined as unknown as Record<string, unknown>,
      };
      // Messages can arrive before launch resolves; buffer until the run id is known.
      let runId: string | null = null;
      const early: unknown[] = [];
      const send = (message: unknown) => options.emit({ event: 'trainingMessage', payload: { runId: runId!, message } });
      const track = (message: unknown) => {
        const m = message as { type?: unknown; runDir?: unknown };
        if (m?.type === 'ready' && typeof m.runDir === 'string') info.runDir = m.runDir;
        if (m?.type === 'paused' || m?.type === 'resumed') info.paused = m.type === 'paused';
        // The engine reports errors only over the wire; record them so the history says 'failed' and why.
        if (m?.type === 'error' && info.runDir) void appendRunLine(info.runDir, message);
      };
      let handle: TrainingHandle;
      try {
        handle = await t(confined, {
          onMessage(message) {
            track(message);
            if (runId === null) early.push(message);
            else send(message);
          },
        });
      } catch (e) {
        if (reserved) await dropUnusedRunDir(reserved);
        throw e;
      }
      runId = handle.runId;
      info.runId = runId;
      runs.set(runId, handle);
      active.set(runId, info);
      for (const m of early) send(m);
      void handle.done
        .finally(async () => {
          runs.delete(handle.runId);
          active.delete(handle.runId);
          if (reserved) await dropUnusedRunDir(reserved);
        })
        .catch(() => undefined);
      return { runId };
    },
    // Run history, engines, dataset previews and layer inspection (implemented by main/runs, main/inspect).
    async inspectDataset(id) {
      const tools = need(options.datasetPreview, 'Dataset preview');
      return datasetAnswer(() => tools.inspect(confineDatasetId(id)));
    },
    async datasetSamples(request) {
      const tools = need(options.datasetPreview, 'Dataset samples');
      const dataset = { ...request.dataset, id: confineDatasetId(request.dataset.id) };
      return datasetAnswer(() => tools.samples({ ...request, dataset }));
    },
    async chooseDataset() {
      return pickWith(options.dialogs?.chooseDataset, 'Choosing a dataset', 'this host has no native dialog; type the folder path');
    },
    async detectEngines() {
      return need(options.engines, 'Engine detection')();
    },
    async activeRuns() {
      return [...active.values()].map((r) => ({ ...r }));
    },
    async listRuns(project) {
      return listRunSummaries(await runsRoot(), project, runningDirs());
    },
    async readRun(dir) {
      const abs = resolveFolderPath(dir, await runsRoot(), policy);
      return runFolderAnswer(() => readRunDetail(abs, { running: runningDirs().has(canonicalDir(abs)) }));
    },
    async deleteRun(dir) {
      const root = await runsRoot();
      const abs = resolveFolderPath(dir, root, policy);
      await runFolderAnswer(() => deleteRunDir(root, abs, runningDirs()));
    },
    async inspectLayer(request) {
      const inspect = need(options.inspector, 'Layer inspection');
      const runDir = request.runDir === null ? null : resolveFolderPath(request.runDir, await runsRoot(), policy);
      const sample = { ...request.sample, dataset: { ...request.sample.dataset, id: confineDatasetId(request.sample.dataset.id) } };
      return datasetAnswer(() => runFolderAnswer(() => inspect({ ...request, runDir, sample })));
    },
    async controlTraining(runId, action) {
      const run = runs.get(runId);
      if (!run) throw new RpcError('BAD_ARGS', `No running training run '${runId}'.`);
      run[action]();
    },
    async exportModel(request) {
      const ex = need(options.exporter, `Export to ${request.format}`, 'no exporter is wired into this host');
      const outDir = path.join(policy.workspace, 'exports');
      // A run's weights/settings may only come from an allowed folder (default: relative to the runs folder).
      const runDir = request.runDir === undefined ? undefined : resolveFolderPath(request.runDir, await runsRoot(), policy);
      return ex({ ...request, ...(runDir ? { runDir } : {}) }, outDir);
    },
    async importModel(request) {
      // Loaded on demand: nothing of the importers is needed until the first import.
      return (await import('./import')).importForHost(request, policy);
    },
    async chooseModelFile() {
      return pickWith(options.dialogs?.chooseModelFile, 'Choosing a model file', 'this host has no native dialog; pick the file in the page');
    },
    async getSetting(key) {
      const all = await readJsonFile<Record<string, unknown>>(settingsFile, {});
      return Object.prototype.hasOwnProperty.call(all, key) ? all[key] : null;
    },
    async setSetting(key, value) {
      await serial(async () => {
        const all = await readJsonFile<Record<string, unknown>>(settingsFile, {});
        all[key] = value;
        await fs.mkdir(options.stateDir, { recursive: true });
        await fileOp(() => atomicWriteFile(settingsFile, JSON.stringify(all, null, 2)));
      });
    },
    async setDocumentState(state) {
      options.onDocumentState?.(state);
    },
    async openExternal(url) {
      if (!options.openExternal) throw new RpcError('NOT_AVAILABLE', 'This host cannot open external links; copy the URL instead.');
      await options.openExternal(url);
    },
    async dispose() {
      for (const run of runs.values()) {
        try {
          run.stop();
        } catch {
          // Already gone.
        }
      }
      // A run that ignores stop must not hang shutdown; the engine kills its child on its own timeout.
      const settled = Promise.allSettled([...runs.values()].map((r) => r.done));
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([settled, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      runs.clear();
    },
  };
  return impl;
}
