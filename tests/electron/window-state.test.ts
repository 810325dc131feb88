import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_BOUNDS } from '../../electron/policy';
import { closeAction, closeChoice, closePrompt, projectPathFromArgv, readBoundsFile, restoreBounds, writeBoundsFile } from '../../electron/window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('saved window bounds', () => {
  it('restores bounds that are on a display', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 1200, height: 800 }, screen)).toEqual({ x: 100, y: 80, width: 1200, height: 800 });
  });
  it('keeps the size but drops the position when the display is gone', () => {
    expect(restoreBounds({ x: 4000, y: 80, width: 1200, height: 800 }, screen)).toEqual({ width: 1200, height: 800 });
  });
  it('falls back to defaults for junk', () => {
    for (const junk of [null, 'x', { width: 'big' }, { width: 10, height: 10 }, { width: 1e9, height: 800 }]) {
      expect(restoreBounds(junk, screen)).toEqual(DEFAULT_BOUNDS);
    }
  });
  it('writes and reads the bounds file; a missing file reads as null', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-bounds-'));
    const f = path.join(dir, 'sub/window-state.json');
    expect(readBoundsFile(f)).toBeNull();
    writeBoundsFile(f, { x: 1, y: 2, width: 800, height: 600, maximized: true });
    expect(readBoundsFile(f)).toEqual({ x: 1, y: 2, width: 800, height: 600, maximized: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('unsaved-changes close flow', () => {
  it('prompts only when the renderer reported unsaved changes', () => {
    expect(closeAction({ dirty: false }, false)).toBe('close');
    expect(closeAction({ dirty: true }, false)).toBe('prompt');
    expect(closeAction({ dirty: true }, true)).toBe('close');
  });
  it('maps the three buttons; Escape/closing the box cancels', () => {
    const p = closePrompt('lenet.netwright.json');
    expect(p.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect(p.message).toContain('lenet.netwright.json');
    expect(closeChoice(0)).toBe('save');
    expect(closeChoice(1)).toBe('discard');
    expect(closeChoice(p.cancelId)).toBe('cancel');
  });
});

describe('file association arguments', () => {
  it('takes the first .json argument, skipping flags', () => {
    expect(projectPathFromArgv(['/usr/bin/netwright', '--no-sandbox', 'models/a.netwright.json'], '/home/u')).toBe('/home/u/models/a.netwright.json');
    expect(projectPathFromArgv(['/usr/bin/netwright', '.'], '/home/u')).toBeNull();
  });
});
