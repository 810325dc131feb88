/**
 * Where the host services get their engine pieces. Kept in one file so that wiring a module that lands
 * later is a change here and nowhere else. Modules load on first use, so a broken or heavy
 * engine module never stops the server from starting.
 */
import type { TrainingConfigInput } from '../../shared/contract/training';
import type { NodeServicesOptions } from './services';

export type Capabilities = Pick<NodeServicesOptions, 'training' | 'datasets' | 'exporter' | 'datasetPreview' | 'engines' | 'inspector'>;

export async function defaultCapabilities(): Promise<Capabilities> {
  return {
    // The same forked child process as `netwright train` (main/engine/client.ts).
    // PyTorch runs: the exported script under a local Python (main/engine-pytorch), same protocol and run folder.
    training: async (config, hooks) => {
      const c = config as TrainingConfigInput;
      if (c.engine === 'pytorch') {
        const { startPytorchTraining } = await import('../engine-pytorch/index');
        return startPytorchTraining(c, { onMessage: hooks.onMessage });
      }
      const { startTraining } = await import('../engine/client');
      return startTraining(c, { onMessage: hooks.onMessage });
    },
    datasets: async () => (await import('../datasets/index')).listBuiltinDatasets(),
    // Code (shared/export) and model files (main/export) under <workspace>/exports/.
    exporter: async (request, outDir) => (await import('./export')).exportForHost(request, outDir),
    engines: async () => (await import('./engines')).detectEngines(),
    inspector: async (request) => (await import('../inspect/index')).inspectLayer(request),
    datasetPreview: {
      inspect: async (id) => (await import('../datasets/samples')).inspectDatasetPreview(id),
      samples: async (request) => (await import('../datasets/samples')).datasetSampleImages(request),
      listFolder: async (dir) => (await import('../datasets/samples')).listFolderDatasets(dir),
    },
  };
}
