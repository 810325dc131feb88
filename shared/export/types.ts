/** Code export: one target per file, registered in index.ts. Targets turn a project into source code. */
import type { z } from 'zod';
import type { NetwrightProject } from '../format/project';
import type { optimizerSchema, scheduleSchema } from '../contract/training';

/** One layer or setting a target cannot express faithfully, by node, with the nearest alternative. */
export interface CapabilityIssue {
  nodeId: string;
  /** The node's display name (name, else id); '' for graph-level problems. */
  nodeName: string;
  type: string;
  message: string;
  alternative?: string;
}

/** Training settings baked into a generated training script (same meaning as the built-in engine's). */
export interface ExportTraining {
  optimizer?: Partial<z.input<typeof optimizerSchema>>;
  schedule?: Partial<z.input<typeof scheduleSchema>>;
  batchSize?: number;
  epochs?: number;
  seed?: number;
  /** Built-in dataset id ('mnist', 'fashion-mnist') or a folder path used as the script's default --data. */
  dataset?: string;
}

export interface ExportOptions {
  /** Generated class / function name; default from the project's meta.name or 'NetwrightModel'. */
  className?: string;
  training?: ExportTraining;
}

export type ExportResult = { ok: true; code: string } | { ok: false; report: CapabilityIssue[] };

export interface ExportTarget {
  id: 'pytorch' | 'keras' | 'tfjs-code' | (string & {});
  label: string;
  language: 'python' | 'typescript';
  /** Suggested file name for the generated code. */
  fileName(project: NetwrightProject): string;
  /** Every node or setting this target cannot express; empty when exportCode will succeed. */
  check(project: NetwrightProject): CapabilityIssue[];
  /** Code, or the capability report when the target would silently differ from the graph. */
  exportCode(project: NetwrightProject, opts?: ExportOptions): ExportResult;
}
