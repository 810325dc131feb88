/**
 * Host.exportModel: a project (its saved text) → a code file (PyTorch / Keras / TF.js code, with a run's
 * training settings when a run is given) or a model file (ONNX, TF.js Layers, with a run's trained
 * weights), written under the host's exports folder with a name that never overwrites an earlier export.
 */
import { existsSync } from 'node:fs';
import { open, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { formatLoadError, loadProject, type NetwrightProject } from '../../shared/format/index';
import { RpcError } from '../../shared/contract/rpc';
import type { ExportTraining } from '../../shared/export/index';
import { projectSlug } from '../runs/history';
import { readRunConfig } from '../runs/store';
import { datasetPath } from '../datasets/ids';

const MODEL_FILES = ['onnx', 'tfjs'] as const;

/** Reserves `<dir>/<stem><ext>`, else `<stem>-2<ext>`, …: a file (exclusive create) or a folder (mkdir). */
async function reserve(dir: string, stem: string, ext: string, folder: boolean): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (let i = 1; ; i++) {
    const p = path.join(dir, `${stem}${i === 1 ? '' : `-${i}`}${ext}`);
    try {
      if (folder) await mkdir(p);
      else await (await open(p, 'wx')).close();
      return p;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** What a run folder says about training (settings baked into generated scripts) and which engine made it. */
async function runFacts(runDir: string): Promise<{ training: ExportTraining; engine: string }> {
  const file = await readRunConfig(runDir).catch((e: Error) => {
    throw new RpcError('BAD_ARGS', e.message);
  });
  const c = file.config as unknown as Record<string, unknown>;
  const training: ExportTraining = {};
  for (const key of ['optimizer', 'schedule', 'batchSize', 'epochs', 'seed'] as const) {
    if (c[key] !== undefined) (training as Record<string, unknown>)[key] = c[key];
  }
  const id = (c.dataset as { id?: unknown } | undefined)?.id;
  if (typeof id === 'string') training.dataset = datasetPath(id) ?? id;
  return { training, engine: typeof c.engine === 'string' ? c.engine : 'builtin' };
}

/** A failed export leaves no half-written file or empty reserved name behind. */
async function dropOnFailure<T>(reserved: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await rm(reserved, { recursive: true, force: true });
    throw e;
  }
}

function parseProject(text: string): NetwrightProject {
  const loaded = loadProject(text);
  if (!loaded.ok) throw new RpcError('BAD_ARGS', `The project cannot be exported: ${formatLoadError(loaded.errors[0])}`);
  return loaded.project;
}

/** Writes the export; returns the file (code, ONNX) or folder (TF.js model) written. */
export async function exportForHost(request: { format: string; projectText: string; runDir?: string }, outDir: string): Promise<{ path: string }> {
  const project = parseProject(request.projectText);
  const named = [project.meta.name, project.meta.title].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const stem = named ? projectSlug(named) : 'model';
  const facts = request.runDir ? await runFacts(request.runDir) : null;
  const { exporters, formatReport, getExporter } = await import('../../shared/export/index');
  const target = getExporter(request.format);
  if (target) {
    const result = target.exportCode(project, facts ? { training: facts.training } : {});
    if (!result.ok) throw new RpcError('BAD_ARGS', formatReport(target.label, result.report));
    // The target's own file name (my_net.py, my_net_keras.py, my_net.ts), made unique.
    const suggested = target.fileName(project);
    const ext = path.extname(suggested);
    const file = await reserve(outDir, path.basename(suggested, ext), ext, false);
    const { atomicWriteFile } = await import('../files/atomic');
    await dropOnFailure(file, () => atomicWriteFile(file, result.code));
    return { path: file };
  }
  const format = MODEL_FILES.find((f) => f === request.format);
  if (!format) {
    throw new RpcError('BAD_ARGS', `Unknown export format '${request.format}' (expected ${[...exporters.map((e) => e.id), ...MODEL_FILES].join(', ')}).`);
  }
  // Weights come from TF.js-format checkpoints: the built-in engine's, or the copy PyTorch runs keep.
  if (facts && !['best', 'last'].some((w) => existsSync(path.join(request.runDir!, 'checkpoints', w, 'model.json')))) {
    const why = facts.engine === 'pytorch' ? 'was trained by the PyTorch engine and its checkpoints hold model.pt only (no TF.js copy)' : 'has no checkpoint yet (no epoch finished)';
    throw new RpcError('BAD_ARGS', `Run ${path.basename(request.runDir!)} ${why}: there are no trained weights for a ${format} model file. Export code, or export without the run (initial weights).`);
  }
  const out = format === 'onnx' ? await reserve(outDir, stem, '.onnx', false) : await reserve(outDir, `${stem}-tfjs`, '', true);
  const { exportModelFile } = await import('../export/index');
  await dropOnFailure(out, () => exportModelFile(project, format, { outPath: out, ...(request.runDir ? { runDir: request.runDir } : {}) }));
  return { path: out };
}
