/** The PyTorch engine: detection of a Python with torch, and training runs through the exported script. */
export { detectPytorch, clearPytorchCache, type PytorchInfo, type PytorchDevice } from './detect';
export { startPytorchTraining } from './engine';
export { pytorchEngineInfo } from './engines';
