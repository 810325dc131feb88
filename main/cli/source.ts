import { createProject, formatLoadError, loadProject, serializeProject, type NetwrightProject } from '../../shared/format/index';
import { buildPreset, presetNames } from '../../shared/presets/index';
import { FileError } from '../files/errors';
import { readTextFile } from '../files/read';
import { CliError, ProjectLoadError } from './errors';
import { cliPath } from './files';

export const PRESET_PREFIX = 'preset:';

export interface LoadedSource {
  project: NetwrightProject;
  warnings: string[];
  /** What to call it in messages: the preset name or the path as given. */
  label: string;
}

/**
 * A preset by name as a fresh project (meta.preset records where it came from), passed through the
 * same save → load path as a user file so its params are normalised exactly like a loaded project's.
 */
export function presetProject(name: string): NetwrightProject {
  if (!presetNames.includes(name)) {
    throw new CliError(`Unknown preset '${name}'. Available: ${presetNames.join(', ')}`, 2);
  }
  let built: ReturnType<typeof buildPreset>;
  try {
    built = buildPreset(name);
  } catch (err) {
    throw new CliError(`Preset '${name}' could not be built: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
  const project = createProject(built.graph, { name, preset: name });
  if (built.blocks) project.blocks = built.blocks;
  const loaded = loadProject(serializeProject(project));
  if (!loaded.ok) {
    throw new CliError(`Preset '${name}' does not produce a loadable project: ${formatLoadError(loaded.errors[0])}`, 1);
  }
  return loaded.project;
}

/**
 * `preset:NAME` or a project file path (relative to `cwd`) → project + load warnings. Throws CliError
 * (exit 2) for unknown presets and unreadable files, ProjectLoadError for files that do not load.
 */
export async function loadModelSourceDetailed(spec: string, cwd: string): Promise<LoadedSource> {
  if (spec.startsWith(PRESET_PREFIX)) {
    return { project: presetProject(spec.slice(PRESET_PREFIX.length)), warnings: [], label: spec };
  }
  if (spec === '') throw new CliError('No model given: pass a project file or preset:NAME', 2);
  const path = cliPath(spec, cwd);
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (err) {
    if (err instanceof FileError) throw new CliError(err.message, 2);
    throw err;
  }
  const result = loadProject(text);
  if (!result.ok) throw new ProjectLoadError(spec, result.errors);
  return { project: result.project, warnings: result.warnings, label: spec };
}

export async function loadModelSource(spec: string, cwd: string): Promise<NetwrightProject> {
  return (await loadModelSourceDetailed(spec, cwd)).project;
}
