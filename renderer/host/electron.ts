/**
 * The desktop Host: wraps `window.netwright` (exposed by electron/preload.ts) — each method returns an
 * {ok, result | error} envelope from the main process; this validates results against the contract and
 * turns errors into RpcError with their code.
 */
import type { Host, MenuCommandString } from '../../shared/contract/host';
import { RpcError, desktopHostCalls, forwardedHostCalls, parseResult, responseSchema, type HostCallFn, type HostMethodName, type HostMethodResult } from '../../shared/contract/rpc';

/** What the preload exposes: every Host method as an envelope-returning function, plus subscriptions. */
export interface ElectronBridge {
  [method: string]: unknown;
  onTrainingMessage(listener: (runId: string, message: unknown) => void): () => void;
  onMenuCommand(listener: (command: MenuCommandString) => void): () => void;
}

export function createElectronHost(bridge: ElectronBridge): Host {
  const call = async <M extends HostMethodName>(method: M, ...args: unknown[]): Promise<HostMethodResult<M>> => {
    const fn = bridge[method];
    if (typeof fn !== 'function') throw new Error(`The desktop bridge has no '${method}' (preload out of date?).`);
    const envelope = responseSchema.safeParse({ id: 0, ...((await fn(...args)) as object) });
    if (!envelope.success) throw new Error(`The desktop host sent a malformed reply to ${method}.`);
    const r = envelope.data;
    if (!r.ok) throw new RpcError(r.error.code, r.error.message);
    return parseResult(method, r.result);
  };
  return {
    kind: 'electron',
    openProject: (path) => (path === undefined ? call('openProject') : call('openProject', path)),
    saveProject: (ref, text) => call('saveProject', ref, text),
    ...forwardedHostCalls(call as HostCallFn),
    // Native pickers exist only on the desktop; browser mode types paths or uploads files instead.
    ...desktopHostCalls(call as HostCallFn),
    openExternal: (url) => call('openExternal', url),
    onTrainingMessage: (listener) => bridge.onTrainingMessage(listener),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
  };
}
