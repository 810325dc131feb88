/**
 * Builds the imported graph one layer at a time: readable unique ids from the file's names, params
 * normalised by the catalog (defaults filled in, invalid ones refused), each output shape inferred as the
 * node is added (importers need it: 'same' padding detection, axis mapping), and the finished graph laid
 * out top-to-bottom with the presets' layout.
 */
import { layeredLayout } from '../../shared/blocks';
import { createProject, type NetwrightProject } from '../../shared/format';
import { newId } from '../../shared/graph/ids';
import type { GraphEdge, GraphNode, Shape } from '../../shared/graph/types';
import { getLayerSpec, parseLayerParams } from '../../shared/layers';

export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly ids = new Set<string>();
  private readonly shapes = new Map<string, Shape | null>();

  /**
   * Adds a layer fed by `inputs` (ports in order); returns its id. Throws with the catalog's message when
   * the params are invalid for `type`.
   */
  add(type: string, params: Record<string, unknown>, inputs: string[], name: string): string {
    const parsed = normalised(type, params);
    const id = newId(name, this.ids);
    this.ids.add(id);
    this.nodes.push({ id, type, params: parsed, position: { x: 0, y: 0 }, ...(name !== id ? { name } : {}) });
    inputs.forEach((source, port) => {
      const eid = newId(`${id}_in${port}`, this.ids);
      this.ids.add(eid);
      this.edges.push({ id: eid, source, target: id, targetPort: port });
    });
    this.infer(id, type, inputs, parsed);
    return id;
  }

  /** Inferred output shape (NHWC, no batch), null when inference failed upstream or here. */
  shape(id: string): Shape | null {
    return this.shapes.get(id) ?? null;
  }

  node(id: string): GraphNode {
    const n = this.nodes.find((m) => m.id === id);
    if (!n) throw new Error(`no node '${id}'`);
    return n;
  }

  /** Replaces a node's params (re-normalised); for folds that keep the shape (an activation). */
  update(id: string, params: Record<string, unknown>): void {
    const n = this.node(id);
    n.params = normalised(n.type, params);
  }

  /** Turns a node into another type (a depthwise + pointwise pair into SeparableConv2D); re-infers its shape. */
  retype(id: string, type: string, params: Record<string, unknown>): void {
    const n = this.node(id);
    n.type = type;
    n.params = normalised(type, params);
    const inputs = this.edges.filter((e) => e.target === id).sort((a, c) => a.targetPort - c.targetPort).map((e) => e.source);
    this.infer(id, type, inputs, n.params);
  }

  /** Records `id`'s output shape from its inputs' shapes (null when any is unknown or inference fails). */
  private infer(id: string, type: string, inputs: string[], params: Record<string, unknown>): void {
    const ins = inputs.map((s) => this.shapes.get(s) ?? null);
    const r = ins.every((s): s is Shape => s !== null) ? getLayerSpec(type)!.inferShape(ins, params) : null;
    this.shapes.set(id, r && 'shape' in r ? r.shape : null);
  }

  /** Number of edges leaving `id`. */
  consumers(id: string): number {
    return this.edges.filter((e) => e.source === id).length;
  }

  project(meta: Record<string, unknown>): NetwrightProject {
    const pos = layeredLayout(
      this.nodes.map((n) => n.id),
      this.edges,
    );
    for (const n of this.nodes) n.position = pos.get(n.id)!;
    return createProject({ nodes: this.nodes, edges: this.edges, groups: [] }, meta);
  }
}

/** `params` normalised by the catalog for `type`; throws naming each rejected param. */
function normalised(type: string, params: Record<string, unknown>): Record<string, unknown> {
  const parsed = parseLayerParams(type, params);
  if (!parsed.ok) throw new Error(`${type} params rejected: ${parsed.issues.map((i) => `${i.path || '(params)'}: ${i.message}`).join('; ')}`);
  return parsed.params;
}
