/**
 * Where the host services get their engine pieces. Kept in one file so that wiring a module that lands
 * later (training client, datasets, exporters) is a one-line change here and nowhere else.
 */
import type { NodeServicesOptions } from './services';

export type Capabilities = Pick<NodeServicesOptions, 'training' | 'datasets' | 'exporter'>;

export async function defaultCapabilities(): Promise<Capabilities> {
  return {
    training: { unavailable: 'the training engine client (main/engine/client.ts) has not landed in this build' },
    datasets: { unavailable: 'the dataset module (main/datasets) has not landed in this build' },
    exporter: { unavailable: 'model exporters have not landed in this build' },
  };
}
