/**
 * Runs inside an Electron utilityProcess: makes `process.send` / `process.on('message')` work over
 * `process.parentPort`, so the training child written for child_process.fork (main/engine/child.ts)
 * runs unchanged with the same message protocol. The child module is the first argument.
 */
import { pathToFileURL } from 'node:url';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function bridgeParentPort(proc: NodeJS.Process & { parentPort?: ParentPort }): boolean {
  const port = proc.parentPort;
  if (!port) return false;
  proc.send = ((message: unknown) => {
    port.postMessage(message);
    return true;
  }) as NodeJS.Process['send'];
  port.on('message', (e) => proc.emit('message', e.data, undefined));
  return true;
}

const childModule = process.argv[2];
if (bridgeParentPort(process) && childModule) {
  await import(pathToFileURL(childModule).href);
}
