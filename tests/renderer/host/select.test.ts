import { describe, expect, it } from 'vitest';
import { selectHost } from '../../../renderer/host/select';
import { memoryStore } from '../../../renderer/host/mock';

function fakeWindow(href: string, extra: Record<string, unknown> = {}): Window {
  return { location: { href }, localStorage: memoryStore(), ...extra } as unknown as Window;
}

describe('selectHost', () => {
  it('uses the Electron bridge when window.netwright exists', async () => {
    const bridge = {
      recentProjects: async () => ({ ok: true, result: [] }),
      onTrainingMessage: () => () => undefined,
      onMenuCommand: () => () => undefined,
    };
    const host = await selectHost(fakeWindow('file:///app/index.html', { netwright: bridge }));
    expect(host.kind).toBe('electron');
    expect(await host.recentProjects()).toEqual([]);
  });

  it('uses the browser host when the URL carries a server token', async () => {
    // Node 20 has no global WebSocket; the `ws` client has the same API.
    const g = globalThis as unknown as { WebSocket?: unknown };
    g.WebSocket ??= (await import('ws')).WebSocket;
    const host = await selectHost(fakeWindow('http://127.0.0.1:9/?token=abc'));
    expect(host.kind).toBe('browser');
    (host as unknown as { close?: () => void }).close?.();
  });

  it('falls back to the mock host on the window’s localStorage', async () => {
    const win = fakeWindow('http://localhost:5173/');
    const host = await selectHost(win);
    expect(host.kind).toBe('mock');
    await host.setSetting('theme', 'dark');
    expect(win.localStorage.getItem('netwright.mock.settings')).toContain('dark');
  });
});
