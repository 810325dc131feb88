// The desktop's close flow with training runs and the dataset chooser's decisions, as plain logic.
import { describe, it, expect } from 'vitest';
import { datasetKindChoice, datasetKindPrompt, datasetOpenOptions, datasetPathFromPick, datasetPickKind } from '../../electron/dataset-dialog';
import { closeStep, trainingCloseChoice, trainingClosePrompt } from '../../electron/window-state';

describe('closing with training runs', () => {
  it('asks about training first, then about unsaved changes; nothing to ask closes', () => {
    const base = { dirty: false, runningRuns: 0, trainingConfirmed: false, forced: false };
    expect(closeStep(base)).toBe('close');
    expect(closeStep({ ...base, runningRuns: 1 })).toBe('confirm-training');
    expect(closeStep({ ...base, runningRuns: 1, trainingConfirmed: true })).toBe('close');
    expect(closeStep({ ...base, runningRuns: 2, trainingConfirmed: true, dirty: true })).toBe('confirm-unsaved');
    expect(closeStep({ ...base, dirty: true })).toBe('confirm-unsaved');
    expect(closeStep({ ...base, runningRuns: 1, dirty: true, forced: true })).toBe('close');
  });

  it('words the question with Stop and quit / Cancel, Cancel being the safe default', () => {
    const p = trainingClosePrompt(1);
    expect(p.message).toBe('Stop training and quit?');
    expect(p.buttons).toEqual(['Stop and quit', 'Cancel']);
    expect([p.defaultId, p.cancelId]).toEqual([1, 1]);
    expect(p.detail).toMatch(/^A training run is still going\. .*resume it later/);
    expect(trainingClosePrompt(3).detail).toMatch(/^3 training runs are still going/);
    expect([trainingCloseChoice(0), trainingCloseChoice(1), trainingCloseChoice(-1)]).toEqual(['stop', 'cancel', 'cancel']);
  });
});

describe('dataset chooser', () => {
  it('macOS picks a folder or a file in one dialog; elsewhere the user says which first', () => {
    expect(datasetPickKind('darwin')).toBe('both');
    expect(datasetPickKind('linux')).toBe('ask');
    expect(datasetPickKind('win32')).toBe('ask');
    expect(datasetKindPrompt().buttons).toEqual(['Folder…', 'File…', 'Cancel']);
    expect([datasetKindChoice(0), datasetKindChoice(1), datasetKindChoice(2)]).toEqual(['folder', 'file', null]);
  });

  it('offers folders, or CSV/IDX files (plus all files: IDX names have no extension)', () => {
    expect(datasetOpenOptions('folder')).toEqual({ title: 'Import a dataset', properties: ['openDirectory'] });
    const file = datasetOpenOptions('file', '/home/u/Netwright/datasets');
    expect(file.properties).toEqual(['openFile']);
    expect(file.defaultPath).toBe('/home/u/Netwright/datasets');
    expect(file.filters?.[0].extensions).toEqual(['csv', 'tsv', 'txt', 'gz', 'idx']);
    expect(file.filters?.[1].extensions).toEqual(['*']);
    expect(datasetOpenOptions('both').properties).toEqual(['openFile', 'openDirectory']);
  });

  it('an IDX file stands for its folder; CSV files and folders are taken as picked', () => {
    expect(datasetPathFromPick('/d/mnist/train-images-idx3-ubyte', true)).toBe('/d/mnist');
    expect(datasetPathFromPick('/d/mnist/t10k-labels-idx1-ubyte.gz', true)).toBe('/d/mnist');
    expect(datasetPathFromPick('/d/x.idx', true)).toBe('/d');
    expect(datasetPathFromPick('/d/iris.csv', true)).toBe('/d/iris.csv');
    expect(datasetPathFromPick('/d/pets.gz', false)).toBe('/d/pets.gz');
  });
});
