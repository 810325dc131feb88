/**
 * The renderer's single doorway into the model core (shared/). Everything the editor needs from layers,
 * commands, history, inference, validation, blocks, presets and the file format goes through here, so the
 * UI code depends on one small, stable surface.
 */
export { applyCommand } from '../../shared/graph/commands';
export type { Command } from '../../shared/graph/commands';
export { History } from '../../shared/graph/history';
export { IncrementalAnalyzer, analyzeGraph } from '../../shared/infer';
export { fixToCommand } from '../../shared/validate';
export { layerRegistry, layerTypes, getLayerSpec, parseLayerParams } from '../../shared/layers';
export {
  instantiateBlock,
  instantiateUserBlock,
  inputPorts,
  saveSelectionAsBlock,
  blockTemplates,
  blockParamsSchema,
  reexpandBlock,
} from '../../shared/blocks';
export { replaceGroupFrom } from '../../shared/graph/commands';
export { presetNames, presetInfo, buildPreset } from '../../shared/presets';
export { loadProject, serializeProject, createProject, formatLoadError, type NetwrightProject } from '../../shared/format';
