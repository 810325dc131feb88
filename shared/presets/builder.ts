import type { GraphData, GraphEdge, GraphGroup, GraphNode } from '../graph/types';
import { fragmentOutputChannels, instantiateBlock, layeredLayout, layerOutputChannels } from '../blocks';
import { ExpansionBuilder, IN, type Src } from '../blocks/expansion';
import { normaliseLayerParams } from '../blocks/normalise';

/** A tensor in the network being built: the node producing it and its channel count (last axis). */
export interface Ref {
  id: string;
  channels: number;
}

/**
 * Keeps presets short: chain primitive layers, drop in composite blocks as collapsed groups, and lay the
 * whole graph out top-to-bottom at the end (branches side by side). Ids are readable and must be unique.
 */
export class PresetBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];
  private readonly groups: GraphGroup[] = [];
  private readonly ids = new Set<string>();
  /** Nodes that came from instantiateBlock already carry normalised params. */
  private readonly normalised = new Set<string>();

  input(shape: number[], id = 'input'): Ref {
    this.addNode({ id, type: 'Input', params: { shape }, position: { x: 0, y: 0 } });
    return { id, channels: shape[shape.length - 1] };
  }

  /** One primitive layer fed by `from` (ports in array order). */
  layer(id: string, type: string, params: Record<string, unknown>, from: Ref | Ref[]): Ref {
    const srcs = Array.isArray(from) ? from : [from];
    this.addNode({ id, type, params, position: { x: 0, y: 0 } });
    srcs.forEach((src, port) => this.connect(src.id, id, port));
    return { id, channels: layerOutputChannels(type, params, srcs.map((r) => r.channels)) };
  }

  /** Several layers in a row: each `[id, type, params]` feeds the next. */
  chain(from: Ref, layers: [id: string, type: string, params: Record<string, unknown>][]): Ref {
    return layers.reduce((x, [id, type, params]) => this.layer(id, type, params, x), from);
  }

  /**
   * Layers written with the block helpers (torchConv, convBnAct…) inserted inline, without a group. The
   * callback gets an ExpansionBuilder whose IN is `from`; node ids are used as given.
   */
  inline(from: Ref, build: (b: ExpansionBuilder, input: Src) => string): Ref {
    const b = new ExpansionBuilder();
    const e = b.build(build(b, IN));
    for (const n of e.nodes) this.addNode({ ...n, position: { x: 0, y: 0 } });
    for (const edge of e.edges) this.connect(edge.source, edge.target, edge.targetPort);
    for (const target of e.inputs) this.connect(from.id, target, 0);
    return { id: e.output, channels: fragmentOutputChannels(e.nodes, e.edges, e.inputs, e.output, from.channels) };
  }

  /** A composite block as a collapsed group named `id` (node ids `${id}_…`). */
  block(id: string, template: string, params: Record<string, unknown>, from: Ref): Ref {
    const inst = instantiateBlock(template, params, {
      idPrefix: id,
      inputChannels: from.channels,
      position: { x: 0, y: 0 },
      existingIds: this.ids,
    });
    if (inst.group.id !== id) throw new Error(`preset: block id '${id}' is already taken`);
    inst.nodes.forEach((n) => this.addNode(n));
    for (const e of inst.edges) this.addEdge(e);
    inst.inputs.forEach((target) => this.connect(from.id, target, 0));
    this.groups.push(inst.group);
    this.ids.add(inst.group.id);
    inst.nodes.forEach((n) => this.normalised.add(n.id));
    return { id: inst.output, channels: fragmentOutputChannels(inst.nodes, inst.edges, inst.inputs, inst.output, from.channels) };
  }

  /** The finished graph, laid out. */
  build(): GraphData {
    const pos = layeredLayout(
      this.nodes.map((n) => n.id),
      this.edges,
    );
    return {
      nodes: this.nodes.map((n) => ({ ...n, params: this.normalised.has(n.id) ? n.params : normaliseLayerParams(n.type, n.params), position: pos.get(n.id)! })),
      edges: [...this.edges],
      groups: [...this.groups],
    };
  }

  private addNode(n: GraphNode): void {
    if (this.ids.has(n.id)) throw new Error(`preset: duplicate node id '${n.id}'`);
    this.ids.add(n.id);
    this.nodes.push(n);
  }

  private connect(source: string, target: string, targetPort: number): void {
    this.addEdge({ id: `${target}_in${targetPort}`, source, target, targetPort });
  }

  private addEdge(e: GraphEdge): void {
    if (this.ids.has(e.id)) throw new Error(`preset: duplicate edge id '${e.id}'`);
    this.ids.add(e.id);
    this.edges.push(e);
  }
}
