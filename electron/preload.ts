/**
 * Preload (sandboxed): exposes exactly the Host methods as `window.netwright`, each forwarding to its
 * ipcMain handler, plus the two event subscriptions. No Node, no ipcRenderer, no generic send leaks out.
 * Results come back as {ok, result | error} envelopes; renderer/host/electron.ts validates and unwraps.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_CALLS } from '../shared/contract/host';
import { EVENT_CHANNEL, callChannel } from './channels';

type Listener = (payload: { event: string; payload: Record<string, unknown> }) => void;
const listeners = new Set<Listener>();
ipcRenderer.on(EVENT_CHANNEL, (_e, message: { event: string; payload: Record<string, unknown> }) => {
  for (const l of listeners) l(message);
});

function subscribe(event: string, pick: (payload: Record<string, unknown>) => unknown[], listener: (...a: unknown[]) => void) {
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  const l: Listener = (m) => {
    if (m.event === event) listener(...pick(m.payload));
  };
  listeners.add(l);
  return () => void listeners.delete(l);
}

const bridge: Record<string, unknown> = {
  onTrainingMessage: (listener: (runId: unknown, message: unknown) => void) =>
    subscribe('trainingMessage', (p) => [p.runId, p.message], listener as (...a: unknown[]) => void),
  onMenuCommand: (listener: (command: unknown) => void) => subscribe('menuCommand', (p) => [p.command], listener as (...a: unknown[]) => void),
};
for (const method of HOST_CALLS) {
  bridge[method] = (...args: unknown[]) => ipcRenderer.invoke(callChannel(method), ...args);
}

contextBridge.exposeInMainWorld('netwright', Object.freeze(bridge));
