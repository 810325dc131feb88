import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autosavePath, clearAutosave, readAutosave, writeAutosave } from '../../../main/files/autosave';
import { addRecentFile, clearRecentFiles, MAX_RECENT_FILES, readRecentFiles, RECENT_FILE, removeRecentFile } from '../../../main/files/recent';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nw-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('autosave', () => {
  it('writes, reads back and clears', async () => {
    const sub = join(dir, 'autosave');
    expect(await readAutosave(sub)).toBeNull();
    const before = Date.now();
    await writeAutosave(sub, '{"format":"netwright"}');
    const saved = await readAutosave(sub);
    expect(saved?.text).toBe('{"format":"netwright"}');
    expect(saved?.path).toBe(autosavePath(sub));
    expect(saved!.savedAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
    await writeAutosave(sub, 'v2');
    expect((await readAutosave(sub))?.text).toBe('v2');
    await clearAutosave(sub);
    expect(await readAutosave(sub)).toBeNull();
    await clearAutosave(sub); // idempotent
  });
});

describe('recent files', () => {
  it('keeps most recent first, deduplicated, absolute, at most 10', async () => {
    for (let i = 0; i < 12; i++) await addRecentFile(dir, join(dir, `p${i}.json`));
    await addRecentFile(dir, join(dir, 'p5.json'));
    const files = await readRecentFiles(dir);
    expect(files).toHaveLength(MAX_RECENT_FILES);
    expect(files[0]).toBe(join(dir, 'p5.json'));
    expect(files[1]).toBe(join(dir, 'p11.json'));
    expect(files.filter((f) => f.endsWith('p5.json'))).toHaveLength(1);
    expect(files).not.toContain(join(dir, 'p0.json'));
    const rel = await addRecentFile(dir, 'relative.json');
    expect(rel[0]).toBe(resolve('relative.json'));
  });

  it('concurrent additions are not lost', async () => {
    await Promise.all([0, 1, 2, 3, 4].map((i) => addRecentFile(dir, `/x/p${i}.json`)));
    expect((await readRecentFiles(dir)).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `/x/p${i}.json`));
  });

  it('removes, clears, and treats a corrupt list as empty', async () => {
    await addRecentFile(dir, '/a.json');
    await addRecentFile(dir, '/b.json');
    expect(await removeRecentFile(dir, '/a.json')).toEqual(['/b.json']);
    expect(await clearRecentFiles(dir)).toEqual([]);
    await writeFile(join(dir, RECENT_FILE), '{not json');
    expect(await readRecentFiles(dir)).toEqual([]);
    expect(await addRecentFile(dir, '/c.json')).toEqual(['/c.json']);
  });
});
