import { describe, expect, it } from 'vitest';
import { createMockHost, memoryStore } from '../../../renderer/host/mock';
import { Session } from '../../../renderer/state/session';
import { createEditorStore, isDirty } from '../../../renderer/state/store';
import { unwrapAutosave, type Timers } from '../../../renderer/state/autosave';

const timers: Timers = { setInterval: () => 0, clearInterval: () => undefined, now: () => new Date('2026-03-01T09:00:00Z') };

describe('session: save, open, autosave, recovery', () => {
  it('saves through the host, marks clean, clears the autosave, and reopens', async () => {
    const kv = memoryStore();
    const host = createMockHost({ store: kv });
    const store = createEditorStore();
    const session = new Session(store, host, timers);
    expect(await session.start()).toBeNull();
    const input = store.getState().graph.nodes.find((n) => n.type === 'Input')!;
    store.getState().rename(input.id, 'pixels');
    expect(isDirty(store.getState())).toBe(true);
    expect(await session.autosaver.tick()).toBe(true);
    expect(unwrapAutosave(await host.readAutosave())).not.toBeNull();

    const ref = await session.saveAs({ path: 'lenet.json', name: 'lenet.json' });
    expect(ref?.name).toBe('lenet.json');
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().file).toEqual(ref);
    expect(await host.readAutosave()).toBeNull();
    expect(host.documentState).toEqual({ title: 'lenet.json — Netwright', dirty: false });

    // A fresh window (page reload) on the same storage opens it again.
    const store2 = createEditorStore();
    const session2 = new Session(store2, createMockHost({ store: kv }), timers);
    expect(await session2.start()).toBeNull();
    expect((await session2.openableFiles()).map((f) => f.path)).toEqual(['lenet.json']);
    expect(await session2.open('lenet.json')).toBe(true);
    expect(store2.getState().graph.nodes.find((n) => n.id === input.id)!.name).toBe('pixels');
    expect(isDirty(store2.getState())).toBe(false);
    session.stop();
    session2.stop();
  });

  it('offers to restore unsaved work after a crash, restoring it as dirty', async () => {
    const kv = memoryStore();
    const store = createEditorStore();
    const session = new Session(store, createMockHost({ store: kv }), timers);
    await session.start();
    const dense = store.getState().graph.nodes.find((n) => n.type === 'Dense')!;
    store.getState().rename(dense.id, 'classifier');
    await session.autosaver.tick();
    // "Crash": no save, no clean exit. Next start:
    const store2 = createEditorStore();
    const session2 = new Session(store2, createMockHost({ store: kv }), timers);
    const recovery = await session2.start();
    expect(recovery?.question).toMatch(/^Restore unsaved work from .+\?$/);
    expect(await session2.restore(recovery!)).toBe(true);
    expect(store2.getState().graph.nodes.find((n) => n.id === dense.id)!.name).toBe('classifier');
    expect(isDirty(store2.getState())).toBe(true);
    session.stop();
    session2.stop();
  });

  it('reports host failures as notices', async () => {
    const host = createMockHost();
    host.saveProject = async () => Promise.reject(new Error('disk is read-only'));
    const store = createEditorStore();
    const session = new Session(store, host, timers);
    expect(await session.save().catch(() => 'threw')).toBeNull();
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'Save failed: disk is read-only' });
    expect(await session.open('nope.json')).toBe(false);
    expect(store.getState().notice?.text).toMatch(/Open failed: No such project file/);
  });
});
