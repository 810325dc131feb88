/**
 * Training from the desktop app runs in an Electron utilityProcess (never on the main event loop).
 * `forkUtility` gives the engine client a ChildProcess-like handle over utilityProcess, running
 * electron/utility-child.ts, which makes the engine's forked-child module speak the same protocol.
 */
import { utilityProcess } from 'electron';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { NodeServicesOptions } from '../main/server/services';

/** The part of child_process.ChildProcess the engine client uses. */
export interface ChildLike extends EventEmitter {
  send(message: unknown): boolean;
  kill(): boolean;
  readonly pid: number | undefined;
}

export function forkUtility(modulePath: string, args: string[] = []): ChildLike {
  const shim = path.join(__dirname, 'utility-child.mjs');
  const proc = utilityProcess.fork(shim, [modulePath, ...args], { serviceName: 'Netwright training', stdio: 'pipe' });
  const child = new EventEmitter() as ChildLike & { pid: number | undefined };
  child.pid = undefined;
  proc.on('spawn', () => {
    child.pid = proc.pid;
    child.emit('spawn');
  });
  proc.on('message', (m: unknown) => child.emit('message', m));
  proc.on('exit', (code: number) => child.emit('exit', code, null));
  proc.stderr?.on('data', (d: Buffer) => child.emit('stderr', d.toString()));
  child.send = (message: unknown) => {
    proc.postMessage(message);
    return true;
  };
  child.kill = () => proc.kill();
  return child;
}

/**
 * The launcher the desktop services use. Until the engine client (main/engine/client.ts) accepts an
 * injected fork, this passes through the Node launcher (a forked child of the Electron binary running as
 * Node — still a separate process) or its "not available" reason.
 */
export function electronTrainingLauncher(node: NodeServicesOptions['training']): NodeServicesOptions['training'] {
  return node;
}
