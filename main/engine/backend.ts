/**
 * Backend selection for the built-in engine, fastest available first:
 *   tensorflow (@tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node; optional native addons) → wasm → cpu.
 * The native packages are optionalDependencies: they are imported dynamically and only used when present
 * and their addon loads. The wasm backend gets our extra kernels (see wasm-kernels.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { registerWasmKernels } from './wasm-kernels';
import { registerDilatedConvGradients } from './gradients';

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  tf: typeof tf;
  /** TF.js backend name actually in use: 'tensorflow', 'wasm' or 'cpu'. */
  backend: string;
  /** Human description of the device, e.g. "CPU (wasm, SIMD, 1 thread)". */
  device: string;
}

const require = createRequire(import.meta.url);

/** Directory holding tfjs-backend-wasm's .wasm binaries, as a file path with a trailing slash. */
export function wasmBinaryDir(): string {
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(pkg), 'dist') + path.sep;
}

function cpuName(): string {
  const model = os.cpus()[0]?.model?.trim();
  return model ? model : 'CPU';
}

/** Why a native package is unusable, or null when it loaded and registered the 'tensorflow' backend. */
async function tryNative(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): Promise<string | null> {
  try {
    require.resolve(pkg);
  } catch {
    return `${pkg} is not installed`;
  }
  try {
    await import(/* @vite-ignore */ pkg);
  } catch (e) {
    return `${pkg} is installed but its native addon failed to load: ${(e as Error).message.split('\n')[0]}`;
  }
  if (tf.findBackend('tensorflow') == null) return `${pkg} loaded but did not register the 'tensorflow' backend`;
  return null;
}

let wasmPathsSet = false;

async function setupWasm(): Promise<string | null> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      // In Node the binaries are read from disk: point at the package's dist/ as a plain file path.
      wasm.setWasmPaths(wasmBinaryDir());
      wasmPathsSet = true;
    }
    registerWasmKernels();
    return null;
  } catch (e) {
    return `@tensorflow/tfjs-backend-wasm failed to load: ${(e as Error).message}`;
  }
}

async function activate(name: string): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') returned false (backend failed to initialise)`;
    await tf.ready();
    return tf.getBackend() === name ? null : `backend '${name}' did not become active`;
  } catch (e) {
    return `backend '${name}' failed to initialise: ${(e as Error).message}`;
  }
}

function wasmDevice(): string {
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD, ' : '';
  return `${cpuName()} (wasm, ${simd}1 thread)`;
}

async function useTensorflow(): Promise<{ info?: BackendInfo; reasons: string[] }> {
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const) {
    const why = await tryNative(pkg);
    if (why) {
      reasons.push(why);
      continue;
    }
    const fail = await activate('tensorflow');
    if (fail) {
      reasons.push(`${pkg}: ${fail}`);
      continue;
    }
    const device = pkg.endsWith('-gpu') ? gpuName() : `${cpuName()} (TensorFlow native)`;
    return { info: { tf, backend: 'tensorflow', device }, reasons };
  }
  return { reasons };
}

function gpuName(): string {
  // tfjs-node-gpu gives no device query API; CUDA_VISIBLE_DEVICES is the best hint without spawning tools.
  const vis = process.env.CUDA_VISIBLE_DEVICES;
  return `GPU (TensorFlow CUDA${vis ? `, device ${vis}` : ''})`;
}

/**
 * Selects and initialises a backend. 'auto' tries tensorflow → wasm → cpu; a forced backend that is not
 * available throws an error naming the reason and what to install.
 */
export async function initBackend(preference: BackendPreference = 'auto'): Promise<BackendInfo> {
  registerDilatedConvGradients();
  if (preference === 'tensorflow' || preference === 'auto') {
    const { info, reasons } = await useTensorflow();
    if (info) return info;
    if (preference === 'tensorflow') {
      throw new Error(
        `The 'tensorflow' backend is not available: ${reasons.join('; ')}. ` +
          `Install it with 'npm install @tensorflow/tfjs-node' (CPU) or '@tensorflow/tfjs-node-gpu' (CUDA 11.x + cuDNN), ` +
          `or choose --backend wasm.`,
      );
    }
  }
  if (preference === 'wasm' || preference === 'auto') {
    const why = (await setupWasm()) ?? (await activate('wasm'));
    if (!why) return { tf, backend: 'wasm', device: wasmDevice() };
    if (preference === 'wasm') {
      throw new Error(
        `The 'wasm' backend is not available: ${why}. Reinstall '@tensorflow/tfjs-backend-wasm' (its dist/*.wasm files ` +
          `must exist) or choose --backend cpu.`,
      );
    }
  }
  const why = await activate('cpu');
  if (why) throw new Error(`The 'cpu' backend failed to initialise: ${why}.`);
  return { tf, backend: 'cpu', device: `${cpuName()} (TF.js cpu backend, plain JavaScript — slow)` };
}
