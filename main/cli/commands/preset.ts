import { serializeProject } from '../../../shared/format/index';
import { presetNames } from '../../../shared/presets/index';
import { parseCommandArgs, expectPositionals } from '../args';
import { CliError } from '../errors';
import { cliPath, writeCliFile } from '../files';
import { presetProject } from '../source';
import type { CliCommand } from '../types';

const USAGE_LINE = 'netwright preset <NAME> [-o <file>] | netwright preset --list';

export const command: CliCommand = {
  name: 'preset',
  summary: 'Write a model-zoo preset as a project file, or list the presets',
  usage: `${USAGE_LINE}

Writes the preset as a Netwright project file (atomically: the target is never half-written).
Without -o the project JSON goes to stdout.

Options:
  -o, --output <file>   where to write (overwrites)
  --list                print the preset names, one per line`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('preset', USAGE_LINE, argv, {
      output: { type: 'string', short: 'o' },
      list: { type: 'boolean' },
    });
    if (values.list) {
      expectPositionals('preset', USAGE_LINE, positionals, 0);
      io.stdout(`${presetNames.join('\n')}\n`);
      return 0;
    }
    expectPositionals('preset', USAGE_LINE, positionals, 1);
    const name = positionals[0];
    // presetProject has already checked that the preset loads like any user file.
    const project = presetProject(name);
    const text = serializeProject(project);
    if (values.output === undefined || values.output === '-') {
      io.stdout(text);
      return 0;
    }
    if (values.output === '') throw new CliError(`preset: -o needs a file name (usage: ${USAGE_LINE})`, 2);
    await writeCliFile(cliPath(values.output, io.cwd), text);
    io.stderr(`wrote ${name} (${project.graph.nodes.length} layers) to ${values.output}\n`);
    return 0;
  },
};
