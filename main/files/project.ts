import { loadProject, serializeProject, type LoadOptions, type LoadResult, type NetwrightProject } from '../../shared/format/index';
import { atomicWriteFile } from './atomic';
import { readTextFile } from './read';

/**
 * Open = read (FileError with a one-line message when unreadable) + loadProject (never throws; errors
 * with JSON paths). Save = stable serialisation + atomic write. The desktop host, the browser-mode server
 * and the CLI all use these so a project behaves the same everywhere.
 */
export async function openProjectFile(path: string, opts?: LoadOptions): Promise<LoadResult> {
  return loadProject(await readTextFile(path), opts);
}

export async function saveProjectFile(path: string, project: NetwrightProject): Promise<void> {
  await atomicWriteFile(path, serializeProject(project));
}
