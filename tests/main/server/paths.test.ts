import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveProjectPath } from '../../../main/server/paths';

let root: string;
let ws: string;
beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nw-paths-')));
  ws = path.join(root, 'ws');
  fs.mkdirSync(path.join(ws, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'outside.json'), '{}');
  fs.symlinkSync(root, path.join(ws, 'escape'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const code = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? 'threw';
  }
};

describe('project path policy', () => {
  it('resolves relative names inside the workspace', () => {
    expect(resolveProjectPath('a.netwright.json', { workspace: ws })).toBe(path.join(ws, 'a.netwright.json'));
    expect(resolveProjectPath('sub/b.json', { workspace: ws })).toBe(path.join(ws, 'sub/b.json'));
    expect(resolveProjectPath(path.join(ws, 'c.json'), { workspace: ws })).toBe(path.join(ws, 'c.json'));
  });
  it('refuses traversal, absolute paths elsewhere and symlink escapes', () => {
    expect(code(() => resolveProjectPath('../outside.json', { workspace: ws }))).toBe('FORBIDDEN');
    expect(code(() => resolveProjectPath('sub/../../outside.json', { workspace: ws }))).toBe('FORBIDDEN');
    expect(code(() => resolveProjectPath(path.join(root, 'outside.json'), { workspace: ws }))).toBe('FORBIDDEN');
    expect(code(() => resolveProjectPath('escape/outside.json', { workspace: ws }))).toBe('FORBIDDEN');
    expect(code(() => resolveProjectPath('/etc/passwd', { workspace: ws }))).toBe('FORBIDDEN');
  });
  it('refuses non-.json targets and missing folders', () => {
    expect(code(() => resolveProjectPath('notes.txt', { workspace: ws }))).toBe('FORBIDDEN');
    expect(code(() => resolveProjectPath('.bashrc', { workspace: ws }))).toBe('FORBIDDEN');
    expect(code(() => resolveProjectPath('nope/x.json', { workspace: ws }))).toBe('BAD_ARGS');
  });
  it('allows extra roots and files the user picked in a dialog', () => {
    const outside = path.join(root, 'outside.json');
    expect(resolveProjectPath(outside, { workspace: ws, roots: [root] })).toBe(outside);
    expect(resolveProjectPath(outside, { workspace: ws, picked: new Set([outside]) })).toBe(outside);
  });
});
