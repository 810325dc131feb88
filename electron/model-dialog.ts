/** The native "Import model…" picker's filters: ONNX files and TF.js / Keras model.json topologies. */
import type { FileFilter } from 'electron';

export const MODEL_FILE_FILTERS: FileFilter[] = [
  { name: 'Models (ONNX, TF.js model.json)', extensions: ['onnx', 'json'] },
  { name: 'All files', extensions: ['*'] },
];
