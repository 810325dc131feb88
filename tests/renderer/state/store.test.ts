import { describe, expect, it } from 'vitest';
import { createEditorStore, defaultProject, isDirty, BLANK } from '../../../renderer/state/store';

const errors = (s: ReturnType<ReturnType<typeof createEditorStore>['getState']>) => s.analysis.issues.filter((i) => i.severity === 'error');

function lenetChain() {
  const store = createEditorStore(defaultProject(BLANK));
  const s = () => store.getState();
  const input = s().addLayer('Input', { x: 0, y: 0 })!;
  const conv = s().addLayer('Conv2D', { x: 0, y: 100 })!;
  expect(s().connect(input, conv)).toBe(true);
  return { store, s, input, conv };
}

describe('editor store: default document', () => {
  it('opens on LeNet-5 (61,706 params) with MNIST selected and no errors', () => {
    const s = createEditorStore().getState();
    expect(s.analysis.totals.trainableParams).toBe(61706);
    expect(s.project.meta.dataset).toBe('mnist');
    expect(errors(s)).toEqual([]);
    expect(isDirty(s)).toBe(false);
  });
});

describe('editor store: edits go through History with analysis', () => {
  it('adds and connects layers; the analysis follows every edit', () => {
    const { s, conv } = lenetChain();
    const shape = s().analysis.nodes.get(conv)?.outputShape;
    expect(shape?.length).toBe(3);
    expect(isDirty(s())).toBe(true);
    expect(s().graph.edges).toHaveLength(1);
  });

  it('undo/redo restore the document and its analysis', () => {
    const { s, conv } = lenetChain();
    const before = s().graph;
    s().setParams(conv, { ...s().graph.nodes.find((n) => n.id === conv)!.params, filters: 7 });
    expect(s().analysis.nodes.get(conv)?.outputShape?.[2]).toBe(7);
    s().undo();
    expect(s().graph.nodes.find((n) => n.id === conv)!.params).toEqual(before.nodes.find((n) => n.id === conv)!.params);
    expect(s().analysis.nodes.get(conv)?.outputShape?.[2]).not.toBe(7);
    expect(s().canRedo).toBe(true);
    s().redo();
    expect(s().analysis.nodes.get(conv)?.outputShape?.[2]).toBe(7);
  });

  it('a drag gesture is one undo entry', () => {
    const { s, conv } = lenetChain();
    const start = s().graph.nodes.find((n) => n.id === conv)!.position;
    s().beginGesture();
    for (let i = 1; i <= 5; i++) s().moveNodes([{ id: conv, position: { x: start.x + i * 10, y: start.y } }]);
    s().endGesture();
    expect(s().graph.nodes.find((n) => n.id === conv)!.position.x).toBe(start.x + 50);
    s().undo();
    expect(s().graph.nodes.find((n) => n.id === conv)!.position).toEqual(start);
    expect(s().graph.edges).toHaveLength(1); // the connect before the gesture is still there
  });

  it('refuses cycles and inputs beyond a layer’s arity, with a reason', () => {
    const { s, input, conv } = lenetChain();
    const dense = s().addLayer('Dense', { x: 0, y: 200 })!;
    expect(s().connect(conv, dense)).toBe(true);
    expect(s().checkConnection(dense, conv)).toEqual({ ok: false, reason: expect.stringMatching(/at most 1 input/) });
    const toInput = s().checkConnection(conv, input);
    expect(toInput).toMatchObject({ ok: false });
    const second = s().checkConnection(input, dense);
    expect(second).toEqual({ ok: false, reason: expect.stringMatching(/at most 1 input/) }); // Dense takes one input
    // A shape mismatch is allowed (it shows on the edge with a fix); only structure is refused.
    const add = s().addLayer('Add', { x: 200, y: 200 })!;
    expect(s().connect(input, add)).toBe(true);
    expect(s().checkConnection(conv, add)).toEqual({ ok: true });
    // Add takes any number of inputs, so feeding it from its own consumer is refused as a cycle.
    const after = s().addLayer('Dense', { x: 200, y: 300 })!;
    expect(s().connect(add, after)).toBe(true);
    expect(s().checkConnection(after, add)).toEqual({ ok: false, reason: expect.stringMatching(/cycle/) });
    expect(s().connect(dense, conv)).toBe(false);
    expect(s().notice?.kind).toBe('error');
  });

  it('shows a shape error with a fix, applies it in one step, and undo brings the error back', () => {
    const { s, conv } = lenetChain();
    const params = s().graph.nodes.find((n) => n.id === conv)!.params;
    s().setParams(conv, { ...params, kernelSize: 40, padding: 'valid' });
    const issue = errors(s()).find((i) => i.nodeId === conv);
    expect(issue?.message).toBeTruthy();
    expect(issue?.fix).toBeTruthy();
    expect(s().applyFix(issue!)).toBe(true);
    expect(errors(s()).filter((i) => i.nodeId === conv)).toEqual([]);
    s().undo();
    expect(errors(s()).some((i) => i.nodeId === conv)).toBe(true);
  });

  it('renames, and refuses empty or duplicate names', () => {
    const { s, input, conv } = lenetChain();
    expect(s().rename(conv, 'features')).toBe(true);
    expect(s().graph.nodes.find((n) => n.id === conv)!.name).toBe('features');
    expect(s().rename(input, 'features')).toBe(false);
    expect(s().rename(input, '  ')).toBe(false);
  });
});

describe('editor store: selection, clipboard, delete, duplicate', () => {
  it('copy → paste adds re-identified layers with their inner edges; works across stores (files)', () => {
    const { s, input, conv } = lenetChain();
    s().select([input, conv]);
    const text = s().copySelection()!;
    expect(JSON.parse(text).format).toBe('netwright-fragment');
    expect(s().paste(text)).toBe(true);
    expect(s().graph.nodes).toHaveLength(4);
    expect(s().graph.edges).toHaveLength(2);
    expect(s().selectedNodes).toHaveLength(2);
    expect(s().selectedNodes).not.toContain(input);

    const other = createEditorStore(defaultProject(BLANK));
    expect(other.getState().paste(text)).toBe(true);
    expect(other.getState().graph.nodes.map((n) => n.type).sort()).toEqual(['Conv2D', 'Input']);
    expect(other.getState().paste('not a fragment')).toBe(false);
  });

  it('duplicate and delete are undoable single steps', () => {
    const { s, conv } = lenetChain();
    s().select([conv]);
    s().duplicateSelection();
    expect(s().graph.nodes).toHaveLength(3);
    s().select([conv]);
    s().deleteSelection();
    expect(s().graph.nodes.some((n) => n.id === conv)).toBe(false);
    expect(s().graph.edges).toHaveLength(0);
    s().undo();
    expect(s().graph.nodes.some((n) => n.id === conv)).toBe(true);
    expect(s().graph.edges).toHaveLength(1);
  });
});

describe('editor store: blocks and groups', () => {
  it('collapses/expands preset blocks through commands', () => {
    const store = createEditorStore(defaultProject('resnet18'));
    const s = () => store.getState();
    const g = s().graph.groups[0];
    expect(g.collapsed).toBe(true);
    s().setCollapsed(g.id, false);
    expect(s().graph.groups.find((x) => x.id === g.id)!.collapsed).toBe(false);
    s().undo();
    expect(s().graph.groups.find((x) => x.id === g.id)!.collapsed).toBe(true);
  });

  it('inserts a block template fed from the selected layer', () => {
    const { s, conv } = lenetChain();
    s().select([conv]);
    expect(s().addBlock('ResidualBasic', { x: 0, y: 300 })).toBe(true);
    const group = s().graph.groups.at(-1)!;
    expect(group.block?.template).toBe('ResidualBasic');
    expect(s().graph.edges.some((e) => e.source === conv && group.nodeIds.includes(e.target))).toBe(true);
    expect(errors(s())).toEqual([]);
  });

  it('re-expands a template block with new params as one undoable step', () => {
    const { s, conv } = lenetChain();
    s().select([conv]);
    s().addBlock('ResidualBasic', { x: 0, y: 300 });
    const group = s().graph.groups.at(-1)!;
    const params = { ...group.block!.params, filters: 48 };
    const before = s().analysis.totals.trainableParams;
    expect(s().setBlockParams(group.id, params)).toBe(true);
    const after = s().graph.groups.find((g) => g.id === group.id)!;
    expect(after.block!.params.filters).toBe(48);
    expect(after.collapsed).toBe(group.collapsed);
    expect(s().analysis.totals.trainableParams).not.toBe(before);
    expect(s().graph.edges.some((e) => e.source === conv && after.nodeIds.includes(e.target))).toBe(true);
    s().undo();
    expect(s().graph.groups.find((g) => g.id === group.id)!.block!.params.filters).toBe(group.block!.params.filters);
    expect(s().analysis.totals.trainableParams).toBe(before);
  });

  it('saves a selection as a user block and places it again', () => {
    const { s, conv } = lenetChain();
    const relu = s().addLayer('Activation', { x: 0, y: 200 })!;
    s().connect(conv, relu);
    s().select([conv, relu]);
    expect(s().saveSelectionAsBlock('conv_relu')).toBe(true);
    expect(Object.keys(s().project.blocks)).toEqual(['conv_relu']);
    const before = s().graph.nodes.length;
    expect(s().addUserBlock('conv_relu', { x: 300, y: 0 })).toBe(true);
    expect(s().graph.nodes.length).toBe(before + 2);
  });
});

describe('editor store: files', () => {
  it('serialises and reloads the project; load errors are reported, not thrown', () => {
    const { s } = lenetChain();
    const text = s().serialize();
    const other = createEditorStore();
    expect(other.getState().loadText(text, { path: 'a.json', name: 'a.json' })).toBe(true);
    expect(other.getState().graph.nodes).toHaveLength(2);
    expect(isDirty(other.getState())).toBe(false);
    expect(other.getState().loadText('{"format":"netwright","schemaVersion":99}', null)).toBe(false);
    expect(other.getState().notice?.text).toMatch(/Cannot open/);
  });
});
