/**
 * The native "choose a dataset" flow as plain logic (unit-tested without Electron). Datasets are folders
 * (image classes, IDX files) or files (CSV). macOS dialogs pick either at once; on Windows and Linux a
 * dialog is a file or a folder picker, so the user says which first.
 */
import path from 'node:path';
import type { OpenDialogOptions } from 'electron';

export type DatasetPickKind = 'both' | 'folder' | 'file';

/** What the dialog should pick on this platform without asking: macOS can pick both. */
export function datasetPickKind(platform: NodeJS.Platform): DatasetPickKind | 'ask' {
  return platform === 'darwin' ? 'both' : 'ask';
}

export const DATASET_KIND_BUTTONS = ['Folder…', 'File…', 'Cancel'] as const;

export function datasetKindPrompt(): { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number } {
  return {
    message: 'Import a dataset folder or a file?',
    detail: 'Folder: one subfolder of PNG/JPEG images per class, or IDX files (train-images / train-labels). File: a CSV table, or one IDX file of such a folder.',
    buttons: [...DATASET_KIND_BUTTONS],
    defaultId: 0,
    cancelId: 2,
  };
}

export function datasetKindChoice(buttonIndex: number): 'folder' | 'file' | null {
  return buttonIndex === 0 ? 'folder' : buttonIndex === 1 ? 'file' : null;
}

export function datasetOpenOptions(kind: DatasetPickKind, defaultPath?: string): OpenDialogOptions {
  const properties: OpenDialogOptions['properties'] =
    kind === 'both' ? ['openFile', 'openDirectory'] : kind === 'folder' ? ['openDirectory'] : ['openFile'];
  return {
    title: 'Import a dataset',
    ...(defaultPath ? { defaultPath } : {}),
    properties,
    ...(kind === 'folder'
      ? {}
      : {
          filters: [
            { name: 'Datasets (CSV, IDX)', extensions: ['csv', 'tsv', 'txt', 'gz', 'idx'] },
            // IDX files usually have no extension (train-images-idx3-ubyte).
            { name: 'All files', extensions: ['*'] },
          ],
        }),
  };
}

const IDX_FILE = /(-idx\d-ubyte(\.gz)?|\.idx|\.gz)$/i;

/** The dataset path for a pick: an IDX file stands for the folder holding its set; anything else as is. */
export function datasetPathFromPick(picked: string, isFile: boolean): string {
  return isFile && IDX_FILE.test(path.basename(picked)) ? path.dirname(picked) : picked;
}
