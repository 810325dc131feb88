import { describe, it, expect } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../electron/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

function build(platform: NodeJS.Platform, recent = [{ path: '/p/a.netwright.json', name: 'a.netwright.json' }]) {
  const sent: string[] = [];
  const items = flatten(menuTemplate({ platform, appName: 'Netwright', recent, send: (c) => sent.push(c) }));
  const byLabel = (l: string) => items.find((i) => i.label === l)!;
  return { sent, items, byLabel };
}

describe('native menu', () => {
  it('has every standard command with its accelerator, each sent to the renderer', () => {
    const { sent, byLabel } = build('linux');
    const expected: [string, string, string][] = [
      ['New', 'new', 'CmdOrCtrl+N'],
      ['Open…', 'open', 'CmdOrCtrl+O'],
      ['Save', 'save', 'CmdOrCtrl+S'],
      ['Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'],
      ['Import Model…', 'importModel', 'CmdOrCtrl+I'],
      ['Export…', 'export', 'CmdOrCtrl+E'],
      ['Undo', 'undo', 'CmdOrCtrl+Z'],
      ['Redo', 'redo', 'Ctrl+Y'],
      ['Cut', 'cut', 'CmdOrCtrl+X'],
      ['Copy', 'copy', 'CmdOrCtrl+C'],
      ['Paste', 'paste', 'CmdOrCtrl+V'],
      ['Delete', 'delete', 'Delete'],
      ['Select All', 'selectAll', 'CmdOrCtrl+A'],
      ['Zoom In', 'zoomIn', 'CmdOrCtrl+='],
      ['Zoom Out', 'zoomOut', 'CmdOrCtrl+-'],
      ['Reset Zoom', 'zoomReset', 'CmdOrCtrl+0'],
      ['Toggle Dark Mode', 'toggleDarkMode', 'CmdOrCtrl+Shift+D'],
    ];
    for (const [label, command, accel] of expected) {
      const item = byLabel(label);
      expect(item, label).toBeDefined();
      expect(item.accelerator, label).toBe(accel);
      (item.click as () => void)();
      expect(sent.at(-1)).toBe(command);
    }
  });
  it('lists recent projects under Open Recent and sends openRecent:<path>', () => {
    const { sent, byLabel } = build('linux');
    const recent = byLabel('Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent[0].label).toBe('a.netwright.json');
    (recent[0].click as () => void)();
    expect(sent).toEqual(['openRecent:/p/a.netwright.json']);
    const empty = build('linux', []).byLabel('Open Recent').submenu as MenuItemConstructorOptions[];
    expect(empty[0]).toMatchObject({ label: 'No Recent Projects', enabled: false });
  });
  it('follows platform conventions (app menu and Cmd+Shift+Z on macOS)', () => {
    const mac = build('darwin');
    expect(mac.items[0].role).toBe('appMenu');
    expect(mac.byLabel('Redo').accelerator).toBe('Cmd+Shift+Z');
    expect(build('win32').items.some((i) => i.role === 'appMenu')).toBe(false);
  });
});
