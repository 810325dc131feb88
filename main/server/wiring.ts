/**
 * Where the host services get their engine pieces. Kept in one file so that wiring a module that lands
 * later (training client, exporters) is a change here and nowhere else. Modules load on first use, so a
 * broken or heavy engine module never stops the server from starting.
 */
import type { NodeServicesOptions } from './services';

export type Capabilities = Pick<NodeServicesOptions, 'training' | 'datasets' | 'exporter'>;

export async function defaultCapabilities(): Promise<Capabilities> {
  return {
    training: { unavailable: 'the training engine client (main/engine/client.ts) has not landed in this build' },
    datasets: async () => (await import('../datasets/index')).listBuiltinDatasets(),
    exporter: { unavailable: 'model exporters have not landed in this build' },
  };
}
