/** The graph canvas: a React Flow view over the document. Every edit becomes a store command. */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { useEditor, useEditorStore } from '../state/context';
import { blockAnchor, blockEndpoint, deriveFlow, type FlowEdge, type FlowNode } from './derive';
import { edgeTypes, nodeTypes } from './nodes';
import { Stabilizer } from './stabilize';

export const DND_LAYER = 'application/x-netwright-layer';
export const DND_BLOCK = 'application/x-netwright-block';
export const DND_USER_BLOCK = 'application/x-netwright-user-block';

type Size = { width: number; height: number };

export function Canvas() {
  const store = useEditorStore();
  const graph = useEditor((s) => s.graph);
  const analysis = useEditor((s) => s.analysis);
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const theme = useEditor((s) => s.theme);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const docEpoch = useEditor((s) => s.docEpoch);
  const paneRef = useRef<HTMLDivElement>(null);

  // Fit the view once per loaded document, after React Flow has measured its nodes. (The fitView prop
  // would also re-fit when the first layer is dropped on a blank canvas, jumping the view.)
  const nodesReady = useNodesInitialized();
  const [fitPending, setFitPending] = useState(() => store.getState().graph.nodes.length > 0);
  useEffect(() => {
    const empty = store.getState().graph.nodes.length === 0;
    setFitPending(!empty);
    // A blank document starts at 100 % with the origin top-left, where the first layer will be dropped.
    if (empty) void rf.setViewport({ x: 0, y: 0, zoom: 1 });
  }, [docEpoch, store, rf]);
  useEffect(() => {
    if (!fitPending || !nodesReady) return;
    setFitPending(false);
    fitReadable(rf, paneRef.current);
  }, [fitPending, nodesReady, rf]);

  // React Flow needs each node's measured size back on every render; we keep it beside the derived view.
  const measured = useRef(new Map<string, Size>());
  const [measureTick, bumpMeasure] = useReducer((x: number) => x + 1, 0);

  const derived = useMemo(
    () => deriveFlow(graph, analysis, { selectedNodes, selectedEdges }),
    [graph, analysis, selectedNodes, selectedEdges],
  );
  const nodeStable = useRef(new Stabilizer<FlowNode>());
  const edgeStable = useRef(new Stabilizer<FlowEdge>());
  const nodes = useMemo(
    () =>
      nodeStable.current.apply(
        derived.nodes.map((n) => {
          const m = measured.current.get(n.id);
          return m ? ({ ...n, measured: m } as FlowNode) : n;
        }),
      ),
    // measureTick: re-attach sizes after React Flow reports new ones.
    [derived, measureTick],
  );
  const edges = useMemo(() => edgeStable.current.apply(derived.edges), [derived]);

  const resolve = useCallback(
    (id: string, side: 'input' | 'output'): string | null => {
      const g = store.getState().graph;
      if (g.nodes.some((n) => n.id === id)) return id;
      return blockEndpoint(g, store.getState().analysis, id, side);
    },
    [store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const s = store.getState();
      let sizes = false;
      const selected = new Set(s.selectedNodes);
      let selectionTouched = false;
      const moves: { id: string; position: { x: number; y: number } }[] = [];
      for (const c of changes) {
        if (c.type === 'select') {
          if (c.id.startsWith('frame:')) continue;
          selectionTouched = true;
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        } else if (c.type === 'dimensions' && c.dimensions) {
          const old = measured.current.get(c.id);
          if (!old || old.width !== c.dimensions.width || old.height !== c.dimensions.height) {
            measured.current.set(c.id, c.dimensions);
            sizes = true;
          }
        } else if (c.type === 'position' && c.position && c.dragging) {
          const node = s.graph.nodes.find((n) => n.id === c.id);
          if (node) {
            moves.push({ id: c.id, position: { x: Math.round(c.position.x), y: Math.round(c.position.y) } });
            continue;
          }
          // A collapsed block: translate all members so the block's anchor follows the pointer.
          const members = collectMembers(s.graph, c.id)
            .map((id) => s.graph.nodes.find((n) => n.id === id))
            .filter((n) => !!n);
          if (members.length === 0) continue;
          const anchor = blockAnchor(members.map((m) => m.position));
          const dx = Math.round(c.position.x) - anchor.x;
          const dy = Math.round(c.position.y) - anchor.y;
          if (dx === 0 && dy === 0) continue;
          for (const m of members) moves.push({ id: m.id, position: { x: m.position.x + dx, y: m.position.y + dy } });
        }
      }
      if (moves.length) s.moveNodes(moves);
      if (selectionTouched && !same([...selected], s.selectedNodes)) store.getState().select([...selected], store.getState().selectedEdges);
      if (sizes) bumpMeasure();
    },
    [store, derived],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const s = store.getState();
      let edges = new Set(s.selectedEdges);
      let touched = false;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        const view = derived.edges.find((e) => e.id === c.id);
        const ids = view?.data?.edgeIds ?? [c.id];
        touched = true;
        for (const id of ids) {
          if (c.selected) edges.add(id);
          else edges.delete(id);
        }
      }
      if (touched) {
        edges = new Set([...edges]);
        if (!same([...edges], s.selectedEdges)) s.select(s.selectedNodes, [...edges]);
      }
    },
    [store, derived],
  );

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback(
    (c) => {
      const source = resolve(c.source, 'output');
      const target = resolve(c.target, 'input');
      if (!source || !target) return false;
      return store.getState().checkConnection(source, target).ok;
    },
    [store, resolve],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const source = resolve(c.source, 'output');
      const target = resolve(c.target, 'input');
      if (source && target) store.getState().connect(source, target);
    },
    [store, resolve],
  );

  // Tell the user why a drop on a node was refused (isValidConnection alone only greys the handle).
  const onConnectEnd = useCallback(
    (_e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromNode || !state.toNode) return;
      const from = state.fromHandle?.type === 'target' ? state.toNode.id : state.fromNode.id;
      const to = state.fromHandle?.type === 'target' ? state.fromNode.id : state.toNode.id;
      const source = resolve(from, 'output');
      const target = resolve(to, 'input');
      if (!source || !target) return;
      const check = store.getState().checkConnection(source, target);
      if (!check.ok) store.getState().setNotice({ kind: 'error', text: `Cannot connect: ${check.reason}` });
    },
    [store, resolve],
  );

  const onNodeDoubleClick = useCallback(
    (_e: React.MouseEvent, node: FlowNode) => {
      if (node.type === 'block') store.getState().setCollapsed(node.id, false);
      else if (node.type === 'frame') store.getState().setCollapsed(node.data.groupId, true);
    },
    [store],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if ([DND_LAYER, DND_BLOCK, DND_USER_BLOCK].some((t) => e.dataTransfer.types.includes(t))) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const position = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const at = { x: Math.round(position.x - 100), y: Math.round(position.y - 20) };
      const layer = e.dataTransfer.getData(DND_LAYER);
      const block = e.dataTransfer.getData(DND_BLOCK);
      const userBlock = e.dataTransfer.getData(DND_USER_BLOCK);
      if (!layer && !block && !userBlock) return;
      e.preventDefault();
      const s = store.getState();
      if (layer) s.addLayer(layer, at);
      else if (block) s.addBlock(block, at);
      else s.addUserBlock(userBlock, at);
    },
    [rf, store],
  );

  return (
    <div className="nw-canvas" data-testid="canvas" ref={paneRef} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => store.getState().beginGesture()}
        onNodeDragStop={() => store.getState().endGesture()}
        onSelectionDragStart={() => store.getState().beginGesture()}
        onSelectionDragStop={() => store.getState().endGesture()}
        onNodeDoubleClick={onNodeDoubleClick}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        zoomOnDoubleClick={false}
        colorMode={theme}
        minZoom={0.05}
        maxZoom={2.5}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <MiniMap pannable zoomable nodeStrokeWidth={2} className="nw-minimap" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

const READABLE_ZOOM = 0.6;

/**
 * Fits the whole graph when it stays readable; a deep network (ResNet-152) would shrink to a hairline,
 * so it is shown from the top at a readable zoom instead, centred horizontally.
 */
export function fitReadable(rf: ReturnType<typeof useReactFlow<FlowNode, FlowEdge>>, pane: HTMLElement | null): void {
  const nodes = rf.getNodes().filter((n) => n.type !== 'frame');
  if (nodes.length === 0 || !pane) return;
  const b = rf.getNodesBounds(nodes);
  const w = pane.clientWidth;
  const h = pane.clientHeight;
  const pad = 0.15;
  const zoom = Math.min(1.2, (w * (1 - pad)) / Math.max(1, b.width), (h * (1 - pad)) / Math.max(1, b.height));
  if (zoom >= READABLE_ZOOM) {
    void rf.fitView({ padding: pad, maxZoom: 1.2 });
    return;
  }
  const z = Math.max(zoom, Math.min(READABLE_ZOOM, (w * (1 - pad)) / Math.max(1, b.width)));
  void rf.setViewport({ x: w / 2 - (b.x + b.width / 2) * z, y: 24 - b.y * z, zoom: z });
}

function collectMembers(graph: { groups: { id: string; nodeIds: string[]; parentId?: string }[] }, gid: string): string[] {
  const out: string[] = [];
  const visit = (id: string, depth: number) => {
    const g = graph.groups.find((x) => x.id === id);
    if (!g || depth > 64) return;
    out.push(...g.nodeIds);
    for (const c of graph.groups) if (c.parentId === id) visit(c.id, depth + 1);
  };
  visit(gid, 0);
  return out;
}

function same(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(b);
  return a.every((x) => s.has(x));
}
