/**
 * Inference for one node given its inputs' results: output shape, params, MACs, activation size, receptive
 * field, and the node's own issues (unknown type, invalid params, arity, missing input, shape errors).
 * Nodes fed by a node without a shape get no shape and no error, so one mistake shows up once.
 * The happy path allocates only what the result holds: names and messages are built on error paths only.
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

/** What the analyzer knows about each node, by node index (the source of an input port). */
export interface SourceView {
  node: GraphNode;
  state: NodeState;
}

const NO_ISSUES: GraphIssue[] = [];
const ZERO = { trainable: 0, nonTrainable: 0 };

export function displayName(node: GraphNode): string {
  return node.name ?? node.id;
}

const labelOf = (node: GraphNode) => `${node.type} '${displayName(node)}'`;

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
  ports: PortRef[],
  sources: SourceView[],
  unknownTypeMessage: string | undefined,
): NodeState {
  if (spec === undefined || parsed === undefined) {
    return empty([{ code: 'unknown-type', severity: 'error', nodeId: node.id, message: unknownTypeMessage ?? `Unknown layer type '${node.type}' on '${displayName(node)}'` }]);
  }
  if (!parsed.ok) {
    const label = labelOf(node);
    return empty(
      parsed.issues.map((i) => ({
        code: 'invalid-params' as const,
        severity: 'error' as const,
        nodeId: node.id,
        message: i.path ? `${label}: invalid param '${i.path}': ${i.message}` : `${label}: invalid params: ${i.message}`,
      })),
    );
  }
  const structural = arityIssues(node, spec, ports);
  if (structural) return empty(structural);

  const inputShapes: Shape[] = new Array<Shape>(ports.length);
  let rfIn = 1;
  let jumpIn = 1;
  for (let k = 0; k < ports.length; k++) {
    const state = sources[ports[k].sourceIndex].state;
    const shape = state.info.outputShape;
    if (!shape) return empty(NO_ISSUES);
    inputShapes[k] = shape;
    if (state.rf > rfIn) rfIn = state.rf;
    if (state.jump > jumpIn) jumpIn = state.jump;
  }
  const params = parsed.params;
  let result;
  try {
    result = spec.inferShape(inputShapes, params);
  } catch (e) {
    return empty([{ code: 'shape-mismatch', severity: 'error', nodeId: node.id, message: `${labelOf(node)}: internal error inferring the shape: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  if ('error' in result) {
    const fix = result.fix ?? mergeProjectionFix(node.type, inputShapes);
    return empty([shapeIssue(node, result.error, fix, ports, sources)]);
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
    return empty([{ code: 'invalid-params', severity: 'error', nodeId: node.id, message: `${labelOf(node)}: internal error computing costs: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  let elements = 1;
  for (let i = 0; i < shape.length; i++) elements *= shape[i];
  let issues = NO_ISSUES;
  if (node.type === 'Dense' && ports.length === 1) {
    const advice = flattenAdvice(node.type, sources[ports[0].sourceIndex].node.type, inputShapes[0], shape);
    if (advice) {
      const issue: GraphIssue = { code: 'shape-mismatch', severity: 'warning', nodeId: node.id, edgeId: ports[0].edgeId, message: `${labelOf(node)} ${advice.message}`, fix: advice.fix };
      issues = [withPlaceholders(issue, ports, sources)];
    }
  }
  return {
    info: { outputShape: shape, inputShapes, params: counts, macs, activationBytes: elements * 4, receptiveField: shape.length >= 2 ? rf : null },
    rf,
    jump,
    issues,
  };
}

/** Arity and missing-input issues, or null when the ports are fine. */
function arityIssues(node: GraphNode, spec: LayerSpec, ports: PortRef[]): GraphIssue[] | null {
  const { min, max } = spec.arity;
  const count = ports.length;
  const contiguous = count === 0 || ports[count - 1].port === count - 1;
  if (contiguous && count >= min && (max === null || count <= max)) return null;
  const label = labelOf(node);
  if (count === 0) {
    return [{ code: 'missing-input', severity: 'error', nodeId: node.id, message: `${label} has no input connected (needs ${min === max ? min : `at least ${min}`})` }];
  }
  const issues: GraphIssue[] = [];
  // Ports must be 0..count-1: a gap means an input in the middle is not connected.
  for (let i = 0, expect = 0; i < count; i++, expect++) {
    for (; expect < ports[i].port; expect++) {
      issues.push({ code: 'missing-input', severity: 'error', nodeId: node.id, message: `${label}: input ${expect} is not connected (input ${ports[i].port} is)` });
    }
  }
  if (count < min) {
    issues.push({ code: 'arity', severity: 'error', nodeId: node.id, message: `${label} needs at least ${min} inputs, has ${count}` });
  } else if (max !== null && count > max) {
    const limit = max === 0 ? 'takes no inputs' : max === 1 ? 'takes 1 input' : `takes at most ${max} inputs`;
    issues.push({ code: 'arity', severity: 'error', nodeId: node.id, edgeId: ports[count - 1].edgeId, message: `${label} ${limit}, has ${count}` });
  }
  return issues;
}

/** A spec error as an issue: names substituted, pinned to the offending edge, classified. */
function shapeIssue(node: GraphNode, error: string, fix: FixHint | undefined, ports: PortRef[], sources: SourceView[]): GraphIssue {
  let edgeId: string | undefined;
  if (fix?.kind === 'insertBefore') edgeId = ports[fix.port]?.edgeId;
  else if (ports.length === 1) edgeId = ports[0].edgeId;
  else {
    // Merge errors mention the inputs; pin to the last one mentioned (the one that disagrees).
    const mentioned = [...error.matchAll(/\{in(\d+)\}/g)].map((m) => Number(m[1]));
    if (mentioned.length) edgeId = ports[mentioned[mentioned.length - 1]]?.edgeId;
  }
  const label = labelOf(node);
  const message = error.startsWith(`${node.type} `) ? `${label} ${error.slice(node.type.length + 1)}` : `${label}: ${error}`;
  const issue: GraphIssue = { code: fix?.kind === 'setParams' ? 'invalid-params' : 'shape-mismatch', severity: 'error', nodeId: node.id, message };
  if (edgeId !== undefined) issue.edgeId = edgeId;
  if (fix) issue.fix = fix;
  return withPlaceholders(issue, ports, sources);
}

/** Replaces {in0}, {in1}, … with the quoted names of the nodes feeding those ports. */
function withPlaceholders(issue: GraphIssue, ports: PortRef[], sources: SourceView[]): GraphIssue {
  if (!issue.message.includes('{in')) return issue;
  const message = issue.message.replace(/\{in(\d+)\}/g, (m, d: string) => {
    const port = ports[Number(d)];
    return port ? `'${displayName(sources[port.sourceIndex].node)}'` : m;
  });
  return { ...issue, message };
}
