import { z } from 'zod';
import type { GraphData } from '../graph/types';
import type { BlockTemplate } from './types';
import { reexpandWith } from './reexpand';
import { fragmentOutputChannels } from './channels';
import { materialise, type BlockInstance, type InstantiateOptions } from './instantiate';
import { inception } from './templates/inception';
import { residualBasic, residualBottleneck } from './templates/residual';
import { squeezeExcitation } from './templates/se';
import { fire } from './templates/fire';
import { denseBlock, denseTransition } from './templates/dense';
import { invertedResidual } from './templates/invertedResidual';
import { inceptionV3A, inceptionV3B, inceptionV3C, inceptionV3D, inceptionV3E } from './templates/inceptionV3';
import { mlpConv, vggBlock } from './templates/plain';

export type { BlockInstance, InstantiateOptions } from './instantiate';
export { instantiateUserBlock, inputPorts } from './instantiate';
export { saveSelectionAsBlock } from './userBlocks';
export { layeredLayout, LAYOUT } from './layout';
export { layerOutputChannels, fragmentOutputChannels } from './channels';
export { needsProjection } from './templates/residual';

const all: BlockTemplate[] = [
  inception,
  residualBasic,
  residualBottleneck,
  squeezeExcitation,
  fire,
  denseBlock,
  denseTransition,
  invertedResidual,
  inceptionV3A,
  inceptionV3B,
  inceptionV3C,
  inceptionV3D,
  inceptionV3E,
  vggBlock,
  mlpConv,
];

/** Every composite template by name (the palette's "Blocks" section). */
export const blockTemplates: ReadonlyMap<string, BlockTemplate> = new Map(all.map((t) => [t.template, t]));

export function getBlockTemplate(name: string): BlockTemplate | undefined {
  return blockTemplates.get(name);
}

/** Validates params (filling defaults) or throws an Error naming each bad field. */
export function parseBlockParams(template: string, params: unknown): Record<string, unknown> {
  const t = requireTemplate(template);
  const r = t.paramsSchema.safeParse(params ?? {});
  if (!r.success) {
    const known = t.paramsSchema instanceof z.ZodObject ? Object.keys(t.paramsSchema.shape).join(', ') : '';
    const why = r.error.issues
      .map((i) =>
        i.code === 'unrecognized_keys'
          ? `unknown param ${i.keys.map((k) => `'${k}'`).join(', ')} (${template} params: ${known})`
          : `${i.path.join('.') || '(params)'}: ${i.message}`,
      )
      .join('; ');
    throw new Error(`Invalid params for block '${template}': ${why}`);
  }
  return r.data;
}

/** Output channels of a template for a given input width (e.g. Inception: sum of the branches). */
export function blockOutputChannels(template: string, params: unknown, inputChannels: number): number {
  const e = requireTemplate(template).expand(parseBlockParams(template, params), inputChannels);
  return fragmentOutputChannels(e.nodes, e.edges, e.inputs, e.output, inputChannels);
}

/**
 * Expands a template into primitive layers under one collapsed group whose `block` records
 * `{ template, params }` (params with defaults filled), so the group can be re-expanded after an edit.
 */
export function instantiateBlock(template: string, params: unknown, opts: InstantiateOptions): BlockInstance {
  const t = requireTemplate(template);
  const parsed = parseBlockParams(template, params);
  if (!Number.isInteger(opts.inputChannels) || opts.inputChannels < 1)
    throw new Error(`Block '${template}' needs inputChannels as a positive integer, got ${String(opts.inputChannels)}`);
  return materialise(t.expand(parsed, opts.inputChannels), opts, {
    name: opts.idPrefix,
    block: { template, params: parsed },
  });
}

/**
 * Re-expands the template group `groupId` with new params (same id, place and connections). See
 * reexpandWith for details; the caller supplies the channels feeding the block (from shape inference).
 */
export function reexpandBlock(graph: GraphData, groupId: string, params: unknown, inputChannels: number): { graph: GraphData; instance: BlockInstance } {
  return reexpandWith(instantiateBlock, graph, groupId, params, inputChannels);
}

function requireTemplate(name: string): BlockTemplate {
  const t = blockTemplates.get(name);
  if (!t) throw new Error(`Unknown block template '${name}'. Known templates: ${[...blockTemplates.keys()].join(', ')}`);
  return t;
}

/** zod schema of a template's params (for the inspector), or undefined for unknown names. */
export function blockParamsSchema(name: string): z.ZodType | undefined {
  return blockTemplates.get(name)?.paramsSchema;
}
