/** Model-file import (ONNX, TF.js Layers) → editable Netwright project. See docs/IMPORT.md. */
export { importModelFile, importModelBytes, detectFormat, importFormats } from './registry';
export { ImportError, type ImportFormat, type ImportResult, type UnsupportedOp } from './types';
