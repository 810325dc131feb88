/**
 * Where the host services get their engine pieces. Kept in one file so that wiring a module that lands
 * later (exporters) is a change here and nowhere else. Modules load on first use, so a broken or heavy
 * engine module never stops the server from starting.
 */
import type { TrainingConfigInput } from '../../shared/contract/training';
import type { NodeServicesOptions } from './services';

export type Capabilities = Pick<NodeServicesOptions, 'training' | 'datasets' | 'exporter' | 'datasetPreview' | 'engines' | 'inspector'>;

export async function defaultCapabilities(): Promise<Capabilities> {
  return {
    // The same forked child process as `netwright train` (main/engine/client.ts).
    training: async (config, hooks) => {
      const { startTraining } = await import('../engine/client');
      return startTraining(config as TrainingConfigInput, { onMessage: hooks.onMessage });
    },
    datasets: async () => (await import('../datasets/index')).listBuiltinDatasets(),
    exporter: { unavailable: 'model exporters have not landed in this build' },
    datasetPreview: {
      inspect: async (id) => (await import('../datasets/samples')).inspectDatasetPreview(id),
      samples: async (request) => (await import('../datasets/samples')).datasetSampleImages(request),
      listFolder: async (dir) => (await import('../datasets/samples')).listFolderDatasets(dir),
    },
  };
}
