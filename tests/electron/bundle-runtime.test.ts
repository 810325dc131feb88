// The Electron main bundle's run-time files: modules that locate files next to themselves (ONNX schema via
// import.meta.url, tfjs-backend-wasm binaries, the mnist package) work from a bundle built with the same
// esbuild options and RUNTIME_FILES as dist/electron/main.js (the Electron binary cannot run here).
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { mainBundleOptions, RUNTIME_FILES } from '../../scripts/build-electron';
import { buildPreset } from '../../shared/presets/index';

const root = path.resolve(__dirname, '../..');
// Inside the repo, so the bundle's external packages resolve from node_modules like dist/electron's do.
const out = path.join(root, 'dist', 'test-electron-bundle');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-bundle-ws-'));
afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(workspace, { recursive: true, force: true });
});

describe('Electron main bundle run-time files', () => {
  it('exports ONNX, imports it back, inspects a layer and detects engines from a CJS bundle with onnx.proto beside it', async () => {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n');
    await build({ ...mainBundleOptions(path.join(root, 'tests/electron/fixtures/bundle-entry.ts'), path.join(out, 'main.js')), sourcemap: false });
    for (const [from, to] of RUNTIME_FILES) fs.copyFileSync(path.join(root, from), path.join(out, to));
    expect(fs.existsSync(path.join(out, 'onnx.proto'))).toBe(true);
    const stdout = execFileSync(process.execPath, [path.join(out, 'main.js'), workspace], { encoding: 'utf8', timeout: 120_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result.onnxBytes).toBeGreaterThan(61_706 * 4);
    expect(result.activationShape).toEqual([28, 28, 6]);
    expect(result.builtinDevices).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    expect(result.importedNodes).toBe(buildPreset('lenet5').graph.nodes.length);
  }, 180_000);
});
