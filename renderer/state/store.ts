/**
 * The editor store (zustand, vanilla so it runs in unit tests without React). It owns the document
 * (project + graph), its History and the incremental analysis; every edit is a shared/graph command
 * executed through History, so undo/redo and "one entry per drag gesture" come from the model core.
 * React components subscribe through useEditor() in ./hooks.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GraphData, GraphNode, Position, UserBlock } from '../../shared/graph/types';
import type { GraphAnalysis, GraphIssue } from '../../shared/infer/types';
import type { ProjectFileRef } from '../../shared/contract/host';
import {
  History,
  IncrementalAnalyzer,
  analyzeGraph,
  applyCommand,
  buildPreset,
  createProject,
  fixToCommand,
  getLayerSpec,
  inputPorts,
  instantiateBlock,
  instantiateUserBlock,
  formatLoadError,
  loadProject,
  presetInfo,
  reexpandBlock,
  replaceGroupFrom,
  saveSelectionAsBlock,
  serializeProject,
  type Command,
} from './core';
import { extractFragment, fragmentToText, parseFragment, rebaseFragment, uniqueId } from './fragment';
import { cmd, type Project } from './commands';
import { compactGraph, roomMoves } from '../canvas/room';

export type Theme = 'light' | 'dark';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface EditorState {
  project: Project;
  graph: GraphData;
  analysis: GraphAnalysis;
  selectedNodes: string[];
  selectedEdges: string[];
  file: ProjectFileRef | null;
  /** Increments on every document change (edit, undo, redo, load). */
  version: number;
  savedVersion: number;
  /** Increments when a different document is loaded (new, open, restore): the canvas fits the view. */
  docEpoch: number;
  canUndo: boolean;
  canRedo: boolean;
  /** "Move", "Add Conv2D"… for the undo/redo button tooltips. */
  undoLabel: string | null;
  redoLabel: string | null;
  theme: Theme;
  notice: Notice | null;
}

export interface EditorActions {
  /** Runs one document command through History. Returns false (with a notice) if the core refused it. */
  execute(command: Command): boolean;
  undo(): void;
  redo(): void;
  beginGesture(): void;
  endGesture(): void;
  addLayer(type: string, position: Position): string | null;
  addBlock(template: string, position: Position, params?: Record<string, unknown>): boolean;
  addUserBlock(name: string, position: Position): boolean;
  connect(source: string, target: string): boolean;
  /** Would connecting source → target be accepted? (no cycle, no arity overflow) with the reason if not. */
  checkConnection(source: string, target: string): { ok: true } | { ok: false; reason: string };
  moveNodes(moves: { id: string; position: Position }[]): void;
  setParams(nodeId: string, params: Record<string, unknown>): boolean;
  rename(nodeId: string, name: string): boolean;
  select(nodes: string[], edges?: string[]): void;
  selectAll(): void;
  deleteSelection(): void;
  duplicateSelection(): void;
  copySelection(): string | null;
  paste(text: string, at?: Position): boolean;
  setCollapsed(groupId: string, collapsed: boolean): void;
  /** Re-expands a template block with new params (same place and connections), as one undo step. */
  setBlockParams(groupId: string, params: Record<string, unknown>): boolean;
  applyFix(issue: GraphIssue): boolean;
  saveSelectionAsBlock(name: string): boolean;
  newDocument(preset?: string): void;
  loadText(text: string, file: ProjectFileRef | null, opts?: { dirty?: boolean }): boolean;
  serialize(): string;
  markSaved(file: ProjectFileRef): void;
  setDataset(id: string): void;
  setTheme(theme: Theme): void;
  setNotice(notice: Notice | null): void;
}

export type Editor = EditorState & EditorActions;
export type EditorStore = StoreApi<Editor>;

export const DEFAULT_PRESET = 'lenet5';
export const DEFAULT_DATASET = 'mnist';
const PASTE_OFFSET = 60;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const BLANK = 'blank';

/** A new document from a preset (LeNet-5 by default) with its dataset selected: what the app opens on. */
export function defaultProject(preset = DEFAULT_PRESET): Project {
  if (preset === BLANK) return createProject({ nodes: [], edges: [], groups: [] }, { title: 'Untitled', dataset: DEFAULT_DATASET });
  const built = buildPreset(preset);
  const info = presetInfo(preset);
  // Presets name their dataset (LeNet-5 → MNIST); ImageNet-sized ones have none built in.
  const meta: Record<string, unknown> = { title: info?.title ?? preset, preset };
  if (info?.dataset) meta.dataset = info.dataset;
  // Presets reserve room for expanded blocks; the editor opens them collapsed, so close those gaps.
  const project = createProject(compactGraph(built.graph), meta);
  return built.blocks ? { ...project, blocks: built.blocks } : project;
}

export function createEditorStore(initial: Project = defaultProject()): EditorStore {
  let history = new History(initial.graph);
  let analyzer = new IncrementalAnalyzer();
  let pasteCount = 0;

  return createStore<Editor>()((set, get) => {
    /** Publishes the history's current graph + fresh analysis. */
    const publish = (graph: GraphData, extra: Partial<EditorState> = {}) => {
      const analysis = analyzer.update(graph);
      const ids = new Set(graph.nodes.map((n) => n.id));
      for (const g of graph.groups) ids.add(g.id);
      const edgeIds = new Set(graph.edges.map((e) => e.id));
      set((s) => ({
        graph,
        analysis,
        project: { ...s.project, graph },
        version: s.version + 1,
        canUndo: history.canUndo,
        canRedo: history.canRedo,
        undoLabel: history.undoLabel,
        redoLabel: history.redoLabel,
        selectedNodes: s.selectedNodes.filter((id) => ids.has(id)),
        selectedEdges: s.selectedEdges.filter((id) => edgeIds.has(id)),
        ...extra,
      }));
    };

    const reset = (project: Project, file: ProjectFileRef | null, dirty: boolean) => {
      history = new History(project.graph);
      analyzer = new IncrementalAnalyzer();
      const analysis = analyzer.update(project.graph);
      set((s) => ({
        project,
        graph: project.graph,
        analysis,
        file,
        selectedNodes: [],
        selectedEdges: [],
        version: s.version + 1,
        savedVersion: dirty ? -1 : s.version + 1,
        docEpoch: s.docEpoch + 1,
        canUndo: false,
        canRedo: false,
        undoLabel: null,
        redoLabel: null,
        notice: null,
      }));
    };

    const execute = (command: Command): boolean => {
      try {
        const graph = history.execute(command);
        publish(graph);
        return true;
      } catch (e) {
        set({ notice: { kind: 'error', text: message(e) } });
        return false;
      }
    };

    const selectedNodeIdsExpanded = (): string[] => {
      // A selected collapsed group stands for all its member nodes.
      const { graph, selectedNodes } = get();
      const out = new Set<string>();
      const groups = new Map(graph.groups.map((g) => [g.id, g]));
      const addGroup = (gid: string) => {
        const g = groups.get(gid);
        if (!g) return;
        for (const id of g.nodeIds) out.add(id);
        for (const child of graph.groups) if (child.parentId === gid) addGroup(child.id);
      };
      for (const id of selectedNodes) {
        if (groups.has(id)) addGroup(id);
        else out.add(id);
      }
      return [...out];
    };

    const initialAnalysis = analyzer.update(initial.graph);

    return {
      project: initial,
      graph: initial.graph,
      analysis: initialAnalysis,
      selectedNodes: [],
      selectedEdges: [],
      file: null,
      version: 0,
      savedVersion: 0,
      docEpoch: 0,
      canUndo: false,
      canRedo: false,
      undoLabel: null,
      redoLabel: null,
      theme: 'light',
      notice: null,

      execute,
      undo() {
        if (!history.canUndo) return;
        publish(history.undo());
      },
      redo() {
        if (!history.canRedo) return;
        publish(history.redo());
      },
      beginGesture() {
        history.beginGesture();
      },
      endGesture() {
        history.endGesture();
        set({ canUndo: history.canUndo, canRedo: history.canRedo, undoLabel: history.undoLabel, redoLabel: history.redoLabel });
      },

      addLayer(type, position) {
        const spec = getLayerSpec(type);
        if (!spec) {
          set({ notice: { kind: 'error', text: `Unknown layer type '${type}'.` } });
          return null;
        }
        const { graph } = get();
        const taken = new Set(graph.nodes.map((n) => n.id));
        const id = uniqueId(type.toLowerCase(), taken);
        const params = spec.paramsSchema.parse({}) as Record<string, unknown>;
        const node: GraphNode = { id, type, params, position, name: id };
        if (!execute(cmd.addNodes([node], []))) return null;
        set({ selectedNodes: [id], selectedEdges: [] });
        return id;
      },

      addBlock(template, position, params = {}) {
        try {
          const { graph, analysis, selectedNodes } = get();
          // Feed the block from the single selected layer, if any: its channels shape the block (projections).
          const upstream = selectedNodes.length === 1 && graph.nodes.some((n) => n.id === selectedNodes[0]) ? selectedNodes[0] : null;
          const shape = upstream ? analysis.nodes.get(upstream)?.outputShape : null;
          const inputChannels = shape && shape.length > 0 ? shape[shape.length - 1] : 64;
          const existingIds = new Set<string>([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id), ...graph.groups.map((g) => g.id)]);
          const inst = instantiateBlock(template, params, { idPrefix: template.replace(/[^\w-]/g, '_'), inputChannels, position, existingIds });
          const edges = [...inst.edges];
          if (upstream) {
            for (const { nodeId, port } of inputPorts(inst)) {
              edges.push({ id: `${inst.group.id}_in_${nodeId}_${port}`, source: upstream, target: nodeId, targetPort: port });
            }
          }
          const ok = execute(cmd.addNodes(inst.nodes, edges, [inst.group]));
          if (ok) set({ selectedNodes: [inst.group.id], selectedEdges: [] });
          return ok;
        } catch (e) {
          set({ notice: { kind: 'error', text: message(e) } });
          return false;
        }
      },

      addUserBlock(name, position) {
        const block: UserBlock | undefined = get().project.blocks[name];
        if (!block) {
          set({ notice: { kind: 'error', text: `No saved block named '${name}'.` } });
          return false;
        }
        try {
          const { graph } = get();
          const existingIds = new Set<string>([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id), ...graph.groups.map((g) => g.id)]);
          const prefix = /^[A-Za-z_]/.test(name) ? name.replace(/[^\w-]/g, '_') : `block_${name.replace(/[^\w-]/g, '_')}`;
          const inst = instantiateUserBlock(block, { idPrefix: prefix, position, existingIds });
          const ok = execute(cmd.addNodes(inst.nodes, inst.edges, [inst.group, ...inst.innerGroups]));
          if (ok) set({ selectedNodes: [inst.group.id], selectedEdges: [] });
          return ok;
        } catch (e) {
          set({ notice: { kind: 'error', text: message(e) } });
          return false;
        }
      },

      checkConnection(source, target) {
        const { graph } = get();
        if (source === target) return { ok: false, reason: 'A layer cannot feed itself.' };
        const targetNode = graph.nodes.find((n) => n.id === target);
        if (!targetNode) return { ok: false, reason: `No node '${target}'.` };
        if (graph.edges.some((e) => e.source === source && e.target === target)) {
          return { ok: false, reason: 'These layers are already connected.' };
        }
        const spec = getLayerSpec(targetNode.type);
        const incoming = graph.edges.filter((e) => e.target === target).length;
        if (spec && spec.arity.max !== null && incoming >= spec.arity.max) {
          return { ok: false, reason: `${targetNode.type} '${targetNode.name ?? target}' takes at most ${spec.arity.max} input(s).` };
        }
        // A cycle appears iff the target already reaches the source.
        const out = new Map<string, string[]>();
        for (const e of graph.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
        const seen = new Set<string>([target]);
        const stack = [target];
        while (stack.length) {
          const id = stack.pop()!;
          if (id === source) {
            const name = (nid: string) => graph.nodes.find((n) => n.id === nid)?.name ?? nid;
            return { ok: false, reason: `'${name(source)}' → '${name(target)}' would make a cycle ('${name(target)}' already feeds '${name(source)}').` };
          }
          for (const next of out.get(id) ?? []) {
            if (seen.has(next)) continue;
            seen.add(next);
            stack.push(next);
          }
        }
        // Then try it on a copy with shape inference: refuse only structural problems it would create.
        // Shape mismatches and "needs more inputs" (a merge being wired up) are normal while editing.
        try {
          const trial = analyzeGraph(applyCommand(graph, cmd.connect(graph, source, target, incoming)).graph);
          const structural = (i: GraphIssue) => (i.code === 'cycle' || i.code === 'bad-edge') && i.nodeId === target;
          const before = new Set(get().analysis.issues.filter(structural).map((i) => i.message));
          const bad = trial.issues.find((i) => structural(i) && !before.has(i.message));
          return bad ? { ok: false, reason: bad.message } : { ok: true };
        } catch (e) {
          return { ok: false, reason: message(e) };
        }
      },

      connect(source, target) {
        const check = get().checkConnection(source, target);
        if (!check.ok) {
          set({ notice: { kind: 'error', text: check.reason } });
          return false;
        }
        const { graph } = get();
        const port = graph.edges.filter((e) => e.target === target).length;
        return execute(cmd.connect(graph, source, target, port));
      },

      moveNodes(moves) {
        if (moves.length === 0) return;
        execute(cmd.moveNodes(moves));
      },

      setParams(nodeId, params) {
        return execute(cmd.setParams(nodeId, params));
      },

      rename(nodeId, name) {
        const trimmed = name.trim();
        if (!trimmed) {
          set({ notice: { kind: 'error', text: 'A name cannot be empty.' } });
          return false;
        }
        const { graph } = get();
        if (graph.nodes.some((n) => n.id !== nodeId && (n.name ?? n.id) === trimmed)) {
          set({ notice: { kind: 'error', text: `Another layer is already named '${trimmed}'.` } });
          return false;
        }
        return execute(cmd.rename(nodeId, trimmed));
      },

      select(nodes, edges = []) {
        set({ selectedNodes: nodes, selectedEdges: edges });
      },

      selectAll() {
        const { graph } = get();
        set({ selectedNodes: graph.nodes.map((n) => n.id), selectedEdges: graph.edges.map((e) => e.id) });
      },

      deleteSelection() {
        const nodes = selectedNodeIdsExpanded();
        const { selectedEdges, graph } = get();
        const nodeSet = new Set(nodes);
        const edges = selectedEdges.filter((id) => {
          const e = graph.edges.find((x) => x.id === id);
          return e && !nodeSet.has(e.source) && !nodeSet.has(e.target);
        });
        const parts: Command[] = [];
        if (edges.length) parts.push(cmd.disconnect(edges));
        if (nodes.length) parts.push(cmd.removeNodes(nodes));
        if (parts.length === 0) return;
        if (execute(parts.length === 1 ? parts[0] : cmd.batch(parts))) set({ selectedNodes: [], selectedEdges: [] });
      },

      copySelection() {
        const nodes = selectedNodeIdsExpanded();
        if (nodes.length === 0) return null;
        pasteCount = 0;
        return fragmentToText(extractFragment(get().graph, nodes));
      },

      paste(text, at) {
        const frag = parseFragment(text);
        if (!frag || frag.nodes.length === 0) return false;
        pasteCount++;
        let offset = { x: PASTE_OFFSET * pasteCount, y: PASTE_OFFSET * pasteCount };
        if (at) {
          const minX = Math.min(...frag.nodes.map((n) => n.position.x));
          const minY = Math.min(...frag.nodes.map((n) => n.position.y));
          offset = { x: at.x - minX, y: at.y - minY };
        }
        const rebased = rebaseFragment(get().graph, frag, offset);
        const unknown = rebased.nodes.find((n) => !getLayerSpec(n.type));
        if (unknown) {
          set({ notice: { kind: 'error', text: `Cannot paste: unknown layer type '${unknown.type}'.` } });
          return false;
        }
        const ok = execute(cmd.addNodes(rebased.nodes, rebased.edges, rebased.groups));
        if (ok) set({ selectedNodes: rebased.nodes.map((n) => n.id), selectedEdges: [] });
        return ok;
      },

      duplicateSelection() {
        const text = get().copySelection();
        if (text) get().paste(text);
      },

      setCollapsed(groupId, collapsed) {
        const { graph } = get();
        const group = graph.groups.find((g) => g.id === groupId);
        if (!group || group.collapsed === collapsed) return;
        // Make room below an expanded block (or close the gap after collapsing): one undo step.
        const room = roomMoves(graph, groupId, !collapsed);
        const toggle = cmd.setCollapsed(groupId, collapsed);
        execute(room.length ? cmd.batch([toggle, cmd.moveNodes(room)], collapsed ? 'Collapse' : 'Expand') : toggle);
      },

      setBlockParams(groupId, params) {
        const { graph, analysis } = get();
        const group = graph.groups.find((g) => g.id === groupId);
        if (!group) return false;
        const members = new Set(group.nodeIds);
        const feeder = graph.edges.find((e) => members.has(e.target) && !members.has(e.source))?.source;
        const shape = feeder ? analysis.nodes.get(feeder)?.outputShape : null;
        const inputChannels = shape && shape.length > 0 ? shape[shape.length - 1] : 64;
        try {
          const next = reexpandBlock(graph, groupId, params, inputChannels).graph;
          const replaced = replaceGroupFrom(next, groupId);
          // Keep the block as the user had it (expanded or collapsed).
          const command = replaced.kind === 'replaceGroupContents' ? { ...replaced, group: { ...replaced.group, collapsed: group.collapsed } } : replaced;
          return execute(command);
        } catch (e) {
          set({ notice: { kind: 'error', text: message(e) } });
          return false;
        }
      },

      applyFix(issue) {
        const command = fixToCommand(get().graph, issue);
        if (!command) {
          set({ notice: { kind: 'error', text: `No automatic fix for: ${issue.message}` } });
          return false;
        }
        const ok = execute(command);
        if (ok) set({ notice: { kind: 'info', text: `Applied fix: ${issue.fix?.label ?? 'repair'}` } });
        return ok;
      },

      saveSelectionAsBlock(name) {
        const nodes = selectedNodeIdsExpanded();
        const trimmed = name.trim();
        if (!trimmed) {
          set({ notice: { kind: 'error', text: 'A block needs a name.' } });
          return false;
        }
        if (nodes.length === 0) {
          set({ notice: { kind: 'error', text: 'Select the layers to save as a block first.' } });
          return false;
        }
        try {
          const block = saveSelectionAsBlock(get().graph, nodes, trimmed);
          set((s) => ({
            project: { ...s.project, blocks: { ...s.project.blocks, [trimmed]: block } },
            version: s.version + 1,
            notice: { kind: 'info', text: `Saved block '${trimmed}' (${block.graph.nodes.length} layers).` },
          }));
          return true;
        } catch (e) {
          set({ notice: { kind: 'error', text: message(e) } });
          return false;
        }
      },

      newDocument(preset = DEFAULT_PRESET) {
        try {
          reset(defaultProject(preset), null, false);
        } catch (e) {
          set({ notice: { kind: 'error', text: message(e) } });
        }
      },

      loadText(text, file, opts = {}) {
        const result = loadProject(text);
        if (!result.ok) {
          const why = result.errors.slice(0, 3).map(formatLoadError).join('; ');
          set({ notice: { kind: 'error', text: `Cannot open ${file?.name ?? 'project'}: ${why}` } });
          return false;
        }
        reset(result.project, file, opts.dirty ?? false);
        return true;
      },

      serialize() {
        const { project, graph } = get();
        return serializeProject({ ...project, graph });
      },

      markSaved(file) {
        set((s) => ({ file, savedVersion: s.version }));
      },

      setDataset(id) {
        set((s) => ({ project: { ...s.project, meta: { ...s.project.meta, dataset: id } }, version: s.version + 1 }));
      },

      setTheme(theme) {
        set({ theme });
      },

      setNotice(notice) {
        set({ notice });
      },
    };
  });
}

export function isDirty(s: EditorState): boolean {
  return s.version !== s.savedVersion;
}

export function documentTitle(s: EditorState): string {
  const title = typeof s.project.meta.title === 'string' && s.project.meta.title ? s.project.meta.title : 'Untitled';
  return `${isDirty(s) ? '● ' : ''}${s.file?.name ?? title} — Netwright`;
}
