import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile, saveProjectFile } from '../../../main/files/project';
import { createProject, serializeProject } from '../../../shared/format/index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nw-project-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('open/save project files', () => {
  it('saves stable text and opens it back', async () => {
    const p = createProject(
      { nodes: [{ id: 'in', type: 'Input', params: { shape: [4] }, position: { x: 0, y: 0 } }], edges: [], groups: [] },
      { name: 'n' },
    );
    const path = join(dir, 'p.json');
    await saveProjectFile(path, p);
    expect(await readFile(path, 'utf8')).toBe(serializeProject(p));
    const r = await openProjectFile(path);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.project.meta).toEqual({ name: 'n' });
  });

  it('unreadable files throw a one-line FileError; bad content returns errors', async () => {
    await expect(openProjectFile(join(dir, 'nope.json'))).rejects.toThrow(`File not found: ${join(dir, 'nope.json')}`);
    await writeFile(join(dir, 'bad.json'), '{"format":"netwright","schemaVersion":9}');
    const r = await openProjectFile(join(dir, 'bad.json'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/newer Netwright \(schema 9/);
  });
});
