/**
 * Inference for one node given its inputs' results: output shape, params, MACs, activation size, receptive
 * field, and the node's own issues (unknown type, invalid params, arity, missing input, shape errors).
 * Nodes fed by a node without a shape get no shape and no error, so one mistake shows up once.
 */
import type { GraphNode, Shape } from '../graph/types';
import type { FixHint, LayerSpec } from '../layers/types';
import type { GraphIssue, NodeInfo } from './types';
import type { ParsedParams } from './params';
import { flattenAdvice, mergeProjectionFix } from '../validate/shapeFixes';
import type { PortRef } from '../validate/structure';

export interface NodeState {
  info: NodeInfo;
  /** Receptive field and jump (product of strides) carried to consumers. */
  rf: number;
  jump: number;
  issues: GraphIssue[];
}


export interface InputView {
  ref: PortRef;
  name: string;
  type: string | undefined;
  state: NodeState | undefined;
}

const NO_ISSUES: GraphIssue[] = [];
const ZERO = { trainable: 0, nonTrainable: 0 };

export function displayName(node: GraphNode): string {
  return node.name ?? node.id;
}

function empty(issues: GraphIssue[]): NodeState {
  return { info: { outputShape: null, inputShapes: [], params: ZERO, macs: 0, activationBytes: 0, receptiveField: null }, rf: 1, jump: 1, issues };
}

export function emptyState(): NodeState {
  return empty(NO_ISSUES);
}

export function inferNode(
  node: GraphNode,
  spec: LayerSpec | undefined,
  parsed: ParsedParams | undefined,
  inputs: InputView[],
  unknownTypeMessage: string | undefined,
): NodeState {
  const name = displayName(node);
  const label = `${node.type} '${name}'`;
  if (spec === undefined || parsed === undefined) {
    return empty([{ code: 'unknown-type', severity: 'error', nodeId: node.id, message: unknownTypeMessage ?? `Unknown layer type '${node.type}' on '${name}'` }]);
  }
  if (!parsed.ok) {
    return empty(
      parsed.issues.map((i) => ({
        code: 'invalid-params' as const,
        severity: 'error' as const,
        nodeId: node.id,
        message: i.path ? `${label}: invalid param '${i.path}': ${i.message}` : `${label}: invalid params: ${i.message}`,
      })),
    );
  }
  const structural = arityIssues(node, spec, inputs, label);
  if (structural) return empty(structural);

  const inputShapes: Shape[] = [];
  let rfIn = 1;
  let jumpIn = 1;
  for (const input of inputs) {
    const shape = input.state?.info.outputShape;
    if (!shape) return empty(NO_ISSUES);
    inputShapes.push(shape);
    if (input.state!.rf > rfIn) rfIn = input.state!.rf;
    if (input.state!.jump > jumpIn) jumpIn = input.state!.jump;
  }
  const params = parsed.params;
  let result;
  try {
    result = spec.inferShape(inputShapes, params);
  } catch (e) {
    return empty([{ code: 'shape-mismatch', severity: 'error', nodeId: node.id, message: `${label}: internal error inferring the shape: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  if ('error' in result) {
    const fix = result.fix ?? mergeProjectionFix(node.type, inputShapes);
    return empty([shapeIssue(node, label, result.error, fix, inputs)]);
  }
  const shape = result.shape;
  let counts = ZERO;
  let macs = 0;
  let rf = rfIn;
  let jump = jumpIn;
  try {
    counts = spec.paramCounts(inputShapes, params);
    macs = spec.macs(inputShapes, shape, params);
    if (spec.receptiveField) {
      const step = spec.receptiveField(params);
      rf = rfIn + (step.kernel - 1) * step.dilation * jumpIn;
      jump = jumpIn * step.stride;
    }
  } catch (e) {
    return empty([{ code: 'invalid-params', severity: 'error', nodeId: node.id, message: `${label}: internal error computing costs: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  let elements = 1;
  for (let i = 0; i < shape.length; i++) elements *= shape[i];
  const advice = flattenAdvice(node.type, inputs[0]?.type, inputShapes[0], shape);
  const issues: GraphIssue[] = advice
    ? [
        withPlaceholders(
          { code: 'shape-mismatch', severity: 'warning', nodeId: node.id, edgeId: inputs[0].ref.edgeId, message: `${label} ${advice.message}`, fix: advice.fix },
          inputs,
        ),
      ]
    : NO_ISSUES;
  return {
    info: { outputShape: shape, inputShapes, params: counts, macs, activationBytes: elements * 4, receptiveField: shape.length >= 2 ? rf : null },
    rf,
    jump,
    issues,
  };
}

/** Arity and missing-input issues, or null when the ports are fine. */
function arityIssues(node: GraphNode, spec: LayerSpec, inputs: InputView[], label: string): GraphIssue[] | null {
  const { min, max } = spec.arity;
  const count = inputs.length;
  if (count === 0 && min > 0) {
    return [{ code: 'missing-input', severity: 'error', nodeId: node.id, message: `${label} has no input connected (needs ${min === max ? min : `at least ${min}`})` }];
  }
  const issues: GraphIssue[] = [];
  // Ports must be 0..count-1: a gap means an input in the middle is not connected.
  for (let i = 0, expect = 0; i < inputs.length; i++, expect++) {
    for (; expect < inputs[i].ref.port; expect++) {
      issues.push({ code: 'missing-input', severity: 'error', nodeId: node.id, message: `${label}: input ${expect} is not connected (input ${inputs[i].ref.port} is)` });
    }
  }
  if (count < min) {
    issues.push({ code: 'arity', severity: 'error', nodeId: node.id, message: `${label} needs at least ${min} inputs, has ${count}` });
  } else if (max !== null && count > max) {
    const limit = max === 0 ? 'takes no inputs' : max === 1 ? 'takes 1 input' : `takes at most ${max} inputs`;
    issues.push({ code: 'arity', severity: 'error', nodeId: node.id, edgeId: inputs[inputs.length - 1].ref.edgeId, message: `${label} ${limit}, has ${count}` });
  }
  return issues.length ? issues : null;
}

/** A spec error as an issue: names substituted, pinned to the offending edge, classified. */
function shapeIssue(node: GraphNode, label: string, error: string, fix: FixHint | undefined, inputs: InputView[]): GraphIssue {
  let edgeId: string | undefined;
  if (fix?.kind === 'insertBefore') edgeId = inputs[fix.port]?.ref.edgeId;
  else if (inputs.length === 1) edgeId = inputs[0].ref.edgeId;
  else {
    // Merge errors mention the inputs; pin to the last one mentioned (the one that disagrees).
    const mentioned = [...error.matchAll(/\{in(\d+)\}/g)].map((m) => Number(m[1]));
    if (mentioned.length) edgeId = inputs[mentioned[mentioned.length - 1]]?.ref.edgeId;
  }
  const body = error.startsWith(`${node.type} `) ? error.slice(node.type.length + 1) : `: ${error}`;
  const issue: GraphIssue = {
    code: fix?.kind === 'setParams' ? 'invalid-params' : 'shape-mismatch',
    severity: 'error',
    nodeId: node.id,
    message: body.startsWith(':') ? `${label}${body}` : `${label} ${body}`,
  };
  if (edgeId !== undefined) issue.edgeId = edgeId;
  if (fix) issue.fix = fix;
  return withPlaceholders(issue, inputs);
}

/** Replaces {in0}, {in1}, … with the quoted names of the nodes feeding those ports. */
function withPlaceholders(issue: GraphIssue, inputs: InputView[]): GraphIssue {
  if (!issue.message.includes('{in')) return issue;
  const message = issue.message.replace(/\{in(\d+)\}/g, (m, d: string) => {
    const input = inputs[Number(d)];
    return input ? `'${input.name}'` : m;
  });
  return { ...issue, message };
}
