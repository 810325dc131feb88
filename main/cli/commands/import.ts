import { serializeProject } from '../../../shared/format/index';
import { analyzeGraph } from '../../../shared/infer/index';
import { expectPositionals, parseCommandArgs } from '../args';
import { CliError } from '../errors';
import { cliPath, writeCliFile } from '../files';
import { formatCount, formatMacs, formatShape } from '../numbers';
import type { CliCommand } from '../types';

const USAGE_LINE = 'netwright import <model.onnx | model.json> -o <file.netwright.json> [--allow-partial]';

export const command: CliCommand = {
  name: 'import',
  summary: 'Import an ONNX model or a TF.js Layers model.json as an editable project',
  usage: `${USAGE_LINE}

Reads an ONNX model (opset 13 or newer) or a TF.js Layers model.json (Keras topology) — the format is
recognised by the file's content — and writes a Netwright project: one node per layer, named after the
file's layers, laid out top to bottom. Weights are not imported (training starts from fresh weights).
If the file uses operators the catalog cannot express, they are listed by name and nothing is written
(exit 1), unless --allow-partial: then they are left out, listed, and the rest is written.

Options:
  -o, --output <file>   the project file to write (- for stdout)
  --allow-partial       write the graph without the unsupported operators

Exit codes: 0 written · 1 unsupported operators (without --allow-partial) · 2 bad arguments or unreadable file`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('import', USAGE_LINE, argv, {
      output: { type: 'string', short: 'o' },
      'allow-partial': { type: 'boolean' },
    });
    expectPositionals('import', USAGE_LINE, positionals, 1);
    if (!values.output) throw new CliError(`import: -o <file> is required (usage: ${USAGE_LINE})`, 2);
    const abs = (p: string) => cliPath(p, io.cwd);
    const { importModelFile, ImportError } = await import('../../import/index');
    let result: Awaited<ReturnType<typeof importModelFile>>;
    try {
      result = await importModelFile(abs(positionals[0]));
    } catch (err) {
      if (err instanceof ImportError) throw new CliError(`import: ${err.message.replace(abs(positionals[0]), positionals[0])}`, 2);
      throw err;
    }
    const { project, warnings, unsupported } = result;
    const list = unsupported.map((u) => `  ${u.name} (${u.op}): ${u.reason}`).join('\n');
    if (unsupported.length && !values['allow-partial']) {
      io.stderr(`netwright: import: ${positionals[0]} uses ${unsupported.length} operator(s) Netwright cannot express; nothing written (--allow-partial leaves them out):\n${list}\n`);
      return 1;
    }
    const text = serializeProject(project);
    if (values.output === '-') io.stdout(text);
    else await writeCliFile(abs(values.output), text);
    const a = analyzeGraph(project.graph);
    const used = new Set(project.graph.edges.map((e) => e.source));
    const outputs = project.graph.nodes.filter((n) => !used.has(n.id) && n.type !== 'Input').map((n) => `${n.name ?? n.id} ${formatShape(a.nodes.get(n.id)?.outputShape ?? null)}`);
    const report = io.stderr;
    const from = (project.meta.importedFrom as { format?: string } | undefined)?.format ?? '?';
    report(`imported ${positionals[0]} (${from}): ${project.graph.nodes.length} layers, ${formatCount(a.totals.params)} parameters (${formatCount(a.totals.trainableParams)} trainable), ${formatMacs(a.totals.macs)} MACs\n`);
    report(`outputs: ${outputs.join(', ') || 'none'}\n`);
    for (const w of warnings) report(`warning: ${w}\n`);
    const errors = a.issues.filter((i) => i.severity === 'error');
    if (errors.length) report(`the imported graph has ${errors.length} error(s) to fix in the editor (first: ${errors[0].message})\n`);
    if (unsupported.length) report(`left out ${unsupported.length} unsupported operator(s):\n${list}\n`);
    if (values.output !== '-') report(`wrote ${values.output}\n`);
    return 0;
  },
};
