import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exporters, formatReport, getExporter, type ExportTraining } from '../../../shared/export/index';
import type { NetwrightProject } from '../../../shared/format/index';
import { expectPositionals, parseCommandArgs } from '../args';
import { CliError } from '../errors';
import { cliPath, writeCliFile } from '../files';
import { loadModelSource } from '../source';
import type { CliCommand } from '../types';

const MODEL_FILE_FORMATS = ['onnx', 'tfjs'] as const;
const FORMATS = [...exporters.map((e) => e.id), ...MODEL_FILE_FORMATS];
const USAGE_LINE = `netwright export <file.json | preset:NAME> --format ${FORMATS.join('|')} [--run DIR] -o <path>`;

/** The training settings of a run folder (config.json), baked into generated training scripts. */
async function runTraining(runDir: string): Promise<ExportTraining> {
  let text: string;
  try {
    text = await readFile(join(runDir, 'config.json'), 'utf8');
  } catch {
    throw new CliError(`export: ${runDir} is not a run folder (no readable config.json)`, 2);
  }
  const file = JSON.parse(text) as { config?: Record<string, unknown> };
  const c = file.config ?? {};
  const dataset = (c.dataset as { id?: unknown } | undefined)?.id;
  return {
    ...(c.optimizer ? { optimizer: c.optimizer as ExportTraining['optimizer'] } : {}),
    ...(c.schedule ? { schedule: c.schedule as ExportTraining['schedule'] } : {}),
    ...(typeof c.batchSize === 'number' ? { batchSize: c.batchSize } : {}),
    ...(typeof c.epochs === 'number' ? { epochs: c.epochs } : {}),
    ...(typeof c.seed === 'number' ? { seed: c.seed } : {}),
    ...(typeof dataset === 'string' ? { dataset } : {}),
  };
}

/** ONNX / TF.js model files come from main/export (weights from the TF.js engine), loaded only when asked for. */
async function exportModelFile(project: NetwrightProject, format: (typeof MODEL_FILE_FORMATS)[number], outPath: string, runDir: string | undefined, layout: string | undefined): Promise<string[]> {
  let mod: typeof import('../../export/index');
  try {
    mod = await import('../../export/index');
  } catch (err) {
    throw new CliError(`export: --format ${format} is not available in this build (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`, 2);
  }
  if (layout !== undefined && layout !== 'nchw' && layout !== 'nhwc') throw new CliError(`export: --layout must be nchw or nhwc, got '${layout}'`, 2);
  try {
    const { files } = await mod.exportModelFile(project, format, { outPath, ...(runDir ? { runDir } : {}), ...(layout ? { layout } : {}) });
    return files;
  } catch (err) {
    throw new CliError(`export: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, 1);
  }
}

export const command: CliCommand = {
  name: 'export',
  summary: 'Export a model as PyTorch/Keras/TF.js code or as an ONNX/TF.js model file',
  usage: `${USAGE_LINE}

Code formats (the graph's layers, names and blocks, plus a training script):
  pytorch      nn.Module taking NCHW input + training script (cuda → mps → cpu, DDP, JSON-lines metrics)
  keras        Keras functional API (channels-last) + training script
  tfjs-code    TypeScript with the tf.layers functional API + train()
Before writing, the target's capability check runs: every layer or setting it cannot express exactly is
listed by node name with the nearest alternative, and nothing is written (exit 1).
Model files (weights from --run DIR's best/last checkpoint, else freshly initialised):
  onnx         opset 13 (--layout nchw|nhwc, default nchw)
  tfjs         TF.js Layers model.json + weights

Options:
  -f, --format <fmt>    ${FORMATS.join(', ')}
  -o, --output <path>   where to write (code: a file, or - for stdout; tfjs: a folder)
  --run <dir>           a run folder: its checkpoint weights (model files) or its training settings (code)
  --layout <l>          ONNX tensor layout: nchw (default) or nhwc

Exit codes: 0 written · 1 the target cannot express the graph, or the export failed · 2 bad arguments`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('export', USAGE_LINE, argv, {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      run: { type: 'string' },
      layout: { type: 'string' },
    });
    expectPositionals('export', USAGE_LINE, positionals, 1);
    const format = values.format;
    if (!format) throw new CliError(`export: --format is required (${FORMATS.join(', ')})`, 2);
    if (!FORMATS.includes(format)) throw new CliError(`export: unknown format '${format}' (expected ${FORMATS.join(', ')})`, 2);
    const abs = (p: string) => cliPath(p, io.cwd);
    const runDir = values.run ? abs(values.run) : undefined;
    const project = await loadModelSource(positionals[0], io.cwd);

    const target = getExporter(format);
    if (!target) {
      if (!values.output || values.output === '-') throw new CliError(`export: --format ${format} writes files: pass -o <path>`, 2);
      const files = await exportModelFile(project, format as (typeof MODEL_FILE_FORMATS)[number], abs(values.output), runDir, values.layout);
      io.stderr(`wrote ${format} model: ${files.join(', ')}\n`);
      return 0;
    }
    if (values.layout !== undefined) throw new CliError(`export: --layout applies to onnx only`, 2);
    const training = runDir ? await runTraining(runDir) : undefined;
    const result = target.exportCode(project, training ? { training } : {});
    if (!result.ok) {
      io.stdout(`${formatReport(target.label, result.report)}\n`);
      return 1;
    }
    if (values.output === undefined || values.output === '-') {
      io.stdout(result.code);
      return 0;
    }
    if (values.output === '') throw new CliError(`export: -o needs a file name (usage: ${USAGE_LINE})`, 2);
    await writeCliFile(abs(values.output), result.code);
    io.stderr(`wrote ${target.label} code (${result.code.split('\n').length} lines) to ${values.output}\n`);
    return 0;
  },
};
