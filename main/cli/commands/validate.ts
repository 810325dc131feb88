import { formatLoadError } from '../../../shared/format/index';
import { analyzeGraph } from '../../../shared/infer/index';
import { parseCommandArgs, expectPositionals } from '../args';
import { ProjectLoadError } from '../errors';
import { loadModelSourceDetailed } from '../source';
import type { CliCommand } from '../types';
import { describeIssue } from './inspect';

const USAGE_LINE = 'netwright validate <file.json | preset:NAME>';

export const command: CliCommand = {
  name: 'validate',
  summary: 'Check a project file: format, params, shapes, connectivity',
  usage: `${USAGE_LINE}

Loads the file (format, schema version, params) and runs the graph checks (cycles, arity, missing
inputs, dangling nodes, shape mismatches, invalid params). Prints "✓ valid: N layers", or every error
with the node it concerns and the one-click fix when there is one.

Exit codes: 0 valid · 1 errors found · 2 bad arguments or unreadable file`,
  async run(argv, io) {
    const { positionals } = parseCommandArgs('validate', USAGE_LINE, argv, {});
    expectPositionals('validate', USAGE_LINE, positionals, 1);
    const spec = positionals[0];
    let loaded;
    try {
      loaded = await loadModelSourceDetailed(spec, io.cwd);
    } catch (err) {
      if (!(err instanceof ProjectLoadError)) throw err;
      io.stdout(`✗ ${spec}: ${err.errors.length} error(s) in the file\n`);
      for (const e of err.errors) io.stdout(`  ✗ ${formatLoadError(e)}\n`);
      return 1;
    }
    const { graph } = loaded.project;
    const names = new Map(graph.nodes.map((n) => [n.id, n]));
    const analysis = analyzeGraph(graph);
    const errors = analysis.issues.filter((i) => i.severity === 'error');
    const warnings = analysis.issues.filter((i) => i.severity === 'warning');
    for (const w of loaded.warnings) io.stdout(`  ℹ ${w}\n`);
    for (const w of warnings) io.stdout(`  ⚠ ${describeIssue(w, names)}\n`);
    if (errors.length === 0) {
      io.stdout(`✓ valid: ${graph.nodes.length} layers\n`);
      return 0;
    }
    io.stdout(`✗ ${spec}: ${errors.length} error(s)\n`);
    for (const e of errors) io.stdout(`  ✗ ${describeIssue(e, names)}\n`);
    return 1;
  },
};
