/**
 * The native menu as data: standard accelerators, every app command sent to the renderer as a menu
 * command (the renderer owns undo, clipboard on the canvas, etc.). Pure so tests can assert it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommandString, ProjectFileRef } from '../shared/contract/host';

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  recent: ProjectFileRef[];
  send(command: MenuCommandString): void;
  clearRecent?(): void;
}

export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const cmd = (label: string, command: MenuCommandString, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => ctx.send(command),
  });
  const recent: MenuItemConstructorOptions[] =
    ctx.recent.length === 0
      ? [{ label: 'No Recent Projects', enabled: false }]
      : ctx.recent.map((r) => ({ label: r.name, toolTip: r.path, click: () => ctx.send(`openRecent:${r.path}`) }));
  if (ctx.clearRecent && ctx.recent.length > 0) recent.push({ type: 'separator' }, { label: 'Clear Recent', click: ctx.clearRecent });

  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ label: ctx.appName, role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        cmd('New', 'new', 'CmdOrCtrl+N'),
        cmd('Open…', 'open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        cmd('Save', 'save', 'CmdOrCtrl+S'),
        cmd('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        cmd('Import Model…', 'importModel', 'CmdOrCtrl+I'),
        cmd('Export…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      // The canvas handles these itself (graph clipboard, document undo); text fields get them via the renderer.
      submenu: [
        cmd('Undo', 'undo', 'CmdOrCtrl+Z'),
        cmd('Redo', 'redo', mac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        cmd('Cut', 'cut', 'CmdOrCtrl+X'),
        cmd('Copy', 'copy', 'CmdOrCtrl+C'),
        cmd('Paste', 'paste', 'CmdOrCtrl+V'),
        cmd('Delete', 'delete', 'Delete'),
        { type: 'separator' },
        cmd('Select All', 'selectAll', 'CmdOrCtrl+A'),
      ],
    },
    {
      label: '&View',
      submenu: [
        cmd('Zoom In', 'zoomIn', 'CmdOrCtrl+='),
        cmd('Zoom Out', 'zoomOut', 'CmdOrCtrl+-'),
        cmd('Reset Zoom', 'zoomReset', 'CmdOrCtrl+0'),
        { type: 'separator' },
        cmd('Toggle Dark Mode', 'toggleDarkMode', 'CmdOrCtrl+Shift+D'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Window', role: 'windowMenu' },
  );
  return template;
}
