import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { initBackend, wasmBinaryDir } from '../../../main/engine/backend';

const require = createRequire(import.meta.url);
const has = (pkg: string) => {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
};
const nativeInstalled = has('@tensorflow/tfjs-node') || has('@tensorflow/tfjs-node-gpu');

describe('initBackend', () => {
  it('points the wasm backend at the package binaries on disk', () => {
    const dir = wasmBinaryDir();
    expect(existsSync(path.join(dir, 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it("forces 'wasm' and 'cpu', reporting backend and a device string", async () => {
    const w = await initBackend('wasm');
    expect(w.backend).toBe('wasm');
    expect(w.tf.getBackend()).toBe('wasm');
    expect(w.device).toMatch(/\(wasm, (SIMD, )?1 thread\)$/);
    const c = await initBackend('cpu');
    expect(c.backend).toBe('cpu');
    expect(c.device).toMatch(/TF\.js cpu backend/);
    // Our wasm kernels are registered once the wasm backend was set up.
    expect(w.tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it.skipIf(nativeInstalled)("forcing 'tensorflow' without the native package says why and what to install", async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(
      /The 'tensorflow' backend is not available: @tensorflow\/tfjs-node-gpu is not installed; @tensorflow\/tfjs-node is not installed\. Install it with 'npm install @tensorflow\/tfjs-node'/,
    );
  });

  it("'auto' falls back to the fastest available backend", async () => {
    const a = await initBackend('auto');
    expect(a.backend).toBe(nativeInstalled ? 'tensorflow' : 'wasm');
  });
});
