/**
 * Chooses the Host at start-up: Electron preload bridge (window.netwright) → browser-mode server (URL carries
 * ?token=) → in-memory mock backed by localStorage. The electron/browser host modules are written by the
 * host engineer and loaded through import.meta.glob so the renderer still builds while they are absent.
 */
import type { Host } from '../../shared/contract/host';
import { createMockHost } from './mock';

type HostModule = Record<string, unknown>;
const hostModules = import.meta.glob<HostModule>(['./electron.ts', './browser.ts']);

const HOST_METHODS = ['openProject', 'saveProject', 'recentProjects', 'writeAutosave', 'readAutosave'] as const;

function looksLikeHost(v: unknown): v is Host {
  return !!v && typeof v === 'object' && HOST_METHODS.every((m) => typeof (v as Record<string, unknown>)[m] === 'function');
}

async function load(path: string): Promise<HostModule | null> {
  const loader = hostModules[path];
  return loader ? loader() : null;
}

export async function selectHost(win: Window = window): Promise<Host> {
  const bridge = (win as unknown as { netwright?: unknown }).netwright;
  if (bridge !== undefined) {
    const mod = await load('./electron.ts');
    const factory = mod && Object.values(mod).find((v) => typeof v === 'function');
    if (mod && typeof mod.createElectronHost === 'function') return (mod.createElectronHost as (b: unknown) => Host)(bridge);
    if (looksLikeHost(bridge)) return bridge;
    if (factory) return (factory as (b: unknown) => Host)(bridge);
    throw new Error('window.netwright is present but no Electron host adapter is available.');
  }
  const token = new URL(win.location.href).searchParams.get('token');
  if (token) {
    const mod = await load('./browser.ts');
    if (!mod || typeof mod.createBrowserHost !== 'function') {
      throw new Error('This page was opened with a server token but the browser host is not built in.');
    }
    return (mod.createBrowserHost as (url: string, token: string) => Host)(win.location.href, token);
  }
  // The editor's own Open/Save As pickers use listProjectFiles, so the mock needs no dialogs.
  return createMockHost({ store: win.localStorage });
}
