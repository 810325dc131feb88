import { describe, expect, it } from 'vitest';
import { commands as cmd } from '../../../shared/graph/commands';
import { History } from '../../../shared/graph/history';
import type { GraphData } from '../../../shared/graph/types';

const start = (): GraphData => ({
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [4] }, position: { x: 0, y: 0 } },
    { id: 'fc', type: 'Dense', params: { units: 2 }, position: { x: 0, y: 100 } },
  ],
  edges: [],
  groups: [],
});

describe('History', () => {
  it('execute / undo / redo with canUndo, canRedo and labels', () => {
    const h = new History(start());
    expect(h.canUndo).toBe(false);
    h.execute(cmd.connect({ id: 'e', source: 'in', target: 'fc', targetPort: 0 }));
    h.execute(cmd.setParams('fc', { units: 3 }));
    expect(h.undoLabel).toBe('Change parameters');
    expect(h.undo().nodes[1].params).toEqual({ units: 2 });
    expect(h.canRedo).toBe(true);
    expect(h.redoLabel).toBe('Change parameters');
    expect(h.redo().nodes[1].params).toEqual({ units: 3 });
    h.undo();
    h.undo();
    expect(h.graph).toEqual(start());
    expect(h.canUndo).toBe(false);
  });

  it('a new edit clears the redo stack', () => {
    const h = new History(start());
    h.execute(cmd.setParams('fc', { units: 3 }));
    h.undo();
    h.execute(cmd.rename('fc', 'head'));
    expect(h.canRedo).toBe(false);
  });

  it('a gesture (one drag of many moves) is one entry; nested gestures join the outer one', () => {
    const h = new History(start());
    h.execute(cmd.setParams('fc', { units: 5 }));
    h.beginGesture('Drag');
    for (let i = 1; i <= 30; i++) {
      h.execute(cmd.moveNodes([{ id: 'fc', position: { x: i, y: 100 } }]));
      if (i === 10) {
        h.beginGesture();
        h.execute(cmd.rename('fc', 'dragged'));
        h.endGesture();
      }
    }
    h.endGesture();
    expect(h.graph.nodes[1].position).toEqual({ x: 30, y: 100 });
    expect(h.undoLabel).toBe('Drag');
    h.undo();
    expect(h.graph.nodes[1]).toEqual({ id: 'fc', type: 'Dense', params: { units: 5 }, position: { x: 0, y: 100 } });
    h.redo();
    expect(h.graph.nodes[1].position).toEqual({ x: 30, y: 100 });
    expect(h.graph.nodes[1].name).toBe('dragged');
    h.undo();
    h.undo();
    expect(h.graph).toEqual(start());
  });

  it('an empty gesture adds no entry; undo closes an open gesture first', () => {
    const h = new History(start());
    h.beginGesture();
    h.endGesture();
    expect(h.canUndo).toBe(false);
    h.beginGesture();
    h.execute(cmd.moveNodes([{ id: 'in', position: { x: 1, y: 1 } }]));
    h.execute(cmd.moveNodes([{ id: 'in', position: { x: 2, y: 2 } }]));
    expect(h.canUndo).toBe(true);
    h.undo();
    expect(h.graph).toEqual(start());
    h.endGesture(); // stray end after the gesture was closed: harmless
    expect(h.canRedo).toBe(true);
  });

  it('a refused command throws and leaves history and document unchanged', () => {
    const h = new History(start());
    const before = h.graph;
    expect(() => h.execute(cmd.removeNodes(['ghost']))).toThrow(/No node 'ghost'/);
    expect(h.graph).toBe(before);
    expect(h.canUndo).toBe(false);
  });

  it('keeps at most `limit` entries', () => {
    const h = new History(start(), { limit: 3 });
    for (let i = 0; i < 5; i++) h.execute(cmd.setParams('fc', { units: i + 10 }));
    let n = 0;
    while (h.canUndo) {
      h.undo();
      n++;
    }
    expect(n).toBe(3);
    expect(h.graph.nodes[1].params).toEqual({ units: 11 });
  });
});
