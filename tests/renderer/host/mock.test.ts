import { describe, expect, it } from 'vitest';
import { createMockHost, memoryStore } from '../../../renderer/host/mock';

describe('mock host', () => {
  it('saves, lists, reopens and remembers recents in its store', async () => {
    const store = memoryStore();
    const host = createMockHost({ store });
    expect(await host.saveProject(null, 'x')).toBeNull(); // no dialog → cancelled
    const ref = await host.saveProject({ path: 'lenet.json', name: 'lenet.json' }, '{"a":1}');
    expect(ref).toEqual({ path: 'lenet.json', name: 'lenet.json' });
    // A second host on the same store (a page reload) sees the file.
    const again = createMockHost({ store });
    expect(await again.listProjectFiles!()).toEqual([ref]);
    expect(await again.recentProjects()).toEqual([ref]);
    expect(await again.openProject('lenet.json')).toEqual({ ref, text: '{"a":1}' });
    await expect(again.openProject('missing.json')).rejects.toThrow(/No such project file: missing.json/);
  });

  it('uses dialogs when no path is given', async () => {
    const host = createMockHost({ dialogs: { chooseOpen: (files) => files[0]?.path ?? null, chooseSave: () => 'picked.json' } });
    expect(await host.saveProject(null, 'text')).toEqual({ path: 'picked.json', name: 'picked.json' });
    expect((await host.openProject())?.text).toBe('text');
  });

  it('keeps autosave and settings, fires events, and refuses training clearly', async () => {
    const host = createMockHost();
    await host.writeAutosave('a');
    expect(await host.readAutosave()).toBe('a');
    await host.clearAutosave();
    expect(await host.readAutosave()).toBeNull();
    await host.setSetting('theme', 'dark');
    expect(await host.getSetting('theme')).toBe('dark');
    const seen: string[] = [];
    const off = host.onMenuCommand((c) => seen.push(c));
    host.emitMenuCommand('undo');
    off();
    host.emitMenuCommand('redo');
    expect(seen).toEqual(['undo']);
    await expect(host.startTraining({})).rejects.toThrow(/mock host has no engine/);
    expect((await host.listDatasets())[0]).toMatchObject({ id: 'mnist', inputShape: [28, 28, 1] });
  });
});
