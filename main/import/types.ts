/** What a model-file import produces, and the plugin interface each file format implements. */
import type { NetwrightProject } from '../../shared/format';

/** An operator or layer the catalog cannot express, by its name in the file. */
export interface UnsupportedOp {
  name: string;
  op: string;
  reason: string;
}

export interface ImportResult {
  /** The editable graph (positions laid out top-to-bottom), in the project envelope serializeProject writes. */
  project: NetwrightProject;
  warnings: string[];
  /** Left out of `project`; the import is partial when this is not empty. */
  unsupported: UnsupportedOp[];
}

/** A model-file format (Netron-style plugin): detected by content, never by file extension. */
export interface ImportFormat {
  id: string;
  label: string;
  /** Cheap check on the file's bytes. */
  detect(bytes: Uint8Array): boolean;
  read(bytes: Uint8Array, file: string): Promise<ImportResult>;
}

/** A file that cannot be imported at all (unreadable, corrupt, no format recognised, no usable graph). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
