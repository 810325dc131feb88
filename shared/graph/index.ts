export type * from './types';
export { applyCommand, applyGraphPatch, describeCommand, commands, connectCommand, replaceGroupFrom } from './commands';
export type { Command, CommandKind, GraphPatch, ArrayPatch } from './commands';
export { History, type HistoryOptions } from './history';
export { topologicalOrder } from './topo';
export { newId, sanitizeId, takenIds, uniqueName, type IdSet } from './ids';
export { cloneSubgraph, type ClonedSubgraph } from './clone';
