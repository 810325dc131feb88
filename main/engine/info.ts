/**
 * What the built-in TF.js engine offers on this install, for Host.detectEngines and
 * `netwright train --list-devices`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { EngineInfo } from '../../shared/contract/runs';

const require = createRequire(import.meta.url);

function resolves(pkg: string): string | null {
  try {
    return require.resolve(`${pkg}/package.json`);
  } catch {
    return null;
  }
}

/**
 * The built-in TF.js engine's backends as installed here, without loading TF.js (initialising a backend
 * would switch the host process's global TF.js backend under model-file export): native TensorFlow when
 * tfjs-node(-gpu) is installed (its addon is only tried when training starts), wasm when its binaries are
 * present, and the plain cpu backend every install has.
 */
export async function builtinEngineInfo(): Promise<EngineInfo> {
  const tfjs = resolves('@tensorflow/tfjs');
  if (!tfjs) return { id: 'builtin', available: false, reason: "@tensorflow/tfjs is not installed: run 'npm install'", version: null, devices: [] };
  const version = (JSON.parse(readFileSync(tfjs, 'utf8')) as { version: string }).version;
  const cpu = os.cpus()[0]?.model?.trim() || 'CPU';
  const devices: EngineInfo['devices'] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    if (resolves(pkg)) devices.push({ id: 'tensorflow', kind: 'tensorflow', name: `TensorFlow native (${pkg}${pkg.endsWith('gpu') ? ', CUDA' : ''})` });
  }
  const wasm = resolves('@tensorflow/tfjs-backend-wasm');
  if (wasm && existsSync(path.join(path.dirname(wasm), 'dist', 'tfjs-backend-wasm-simd.wasm'))) {
    devices.push({ id: 'wasm', kind: 'wasm', name: `${cpu} (wasm, SIMD)` });
  }
  devices.push({ id: 'cpu', kind: 'cpu', name: `${cpu} (TF.js cpu backend, plain JavaScript — slow)` });
  return { id: 'builtin', available: true, reason: null, version: `TF.js ${version}`, devices };
}
