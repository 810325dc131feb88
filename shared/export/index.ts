/**
 * Code export registry: one target per file. Adding a target = one file + one line in `exporters`.
 * The code panel and `netwright export` list targets from here.
 */
import { keras } from './keras';
import { pytorch } from './pytorch';
import { tfjsCode } from './tfjs';
import type { ExportTarget } from './types';

export const exporters: readonly ExportTarget[] = [pytorch, keras, tfjsCode];

export function getExporter(id: string): ExportTarget | undefined {
  return exporters.find((e) => e.id === id);
}

export type { CapabilityIssue, ExportOptions, ExportResult, ExportTarget, ExportTraining } from './types';
export { formatReport } from './report';
export { torchWeightMap, type TorchWeight } from './pytorchWeights';
