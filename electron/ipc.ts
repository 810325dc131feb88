/**
 * The Host contract over Electron IPC: one ipcMain handler per contract method. Each handler first
 * checks the sender (our own top-level page only), then runs the same dispatcher as the browser-mode
 * server (zod-validated arguments, errors as {ok:false, error}). The preload unwraps the envelope.
 */
import { HOST_METHOD_NAMES, dispatchCall, type HostServiceImpl, type RpcErrorData } from '../shared/contract/rpc';
import { callChannel } from './channels';
import { senderAllowed } from './policy';

export interface SenderFrame {
  url: string;
  parent: unknown;
}
export interface IpcEventLike {
  senderFrame: SenderFrame | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: RpcErrorData };

export function registerIpc(
  ipcMain: IpcMainLike,
  services: HostServiceImpl,
  isTrusted: (frame: SenderFrame | null) => boolean = senderAllowed,
): () => void {
  for (const method of HOST_METHOD_NAMES) {
    ipcMain.handle(callChannel(method), async (event, ...args): Promise<CallOutcome> => {
      if (!isTrusted(event.senderFrame)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: `IPC ${method} refused: sender '${event.senderFrame?.url ?? 'unknown'}' is not the app.` } };
      }
      return dispatchCall(services, method, args);
    });
  }
  return () => {
    for (const method of HOST_METHOD_NAMES) ipcMain.removeHandler(callChannel(method));
  };
}
