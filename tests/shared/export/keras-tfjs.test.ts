/**
 * Keras and TF.js code export: the Keras code of every preset and random graph parses with Python's ast;
 * the TF.js code parses with the TypeScript compiler API, and for small graphs it builds with
 * @tensorflow/tfjs (cpu) with our parameter count, our output shape, and — weights copied by layer name
 * from the built-in engine's model — the engine's output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetProject } from '../../../main/cli/source';
import { buildModel as engineModel } from '../../../main/engine/model';
import { keras } from '../../../shared/export/keras';
import { tfjsCode } from '../../../shared/export/tfjs';
import { createProject, type NetwrightProject } from '../../../shared/format/index';
import { analyzeGraph } from '../../../shared/infer/index';
import { presetNames } from '../../../shared/presets/index';
import { assertPeer, PYTHON, pythonWith, shouldRun } from './peers';
import { checkedCatalogGraphs } from './catalog-graphs';
import { randomGraphs } from './random-graphs';

const cases: { key: string; project: NetwrightProject }[] = [
  ...presetNames.map((name) => ({ key: name, project: presetProject(name) })),
  ...randomGraphs(20).map((g) => ({ key: `random-${g.seed}`, project: createProject(g.graph) })),
];
const catalog = checkedCatalogGraphs().map((g) => ({ key: g.key, project: createProject(g.graph) }));
const kerasCases = [...cases, ...catalog.filter((c) => keras.check(c.project).length === 0)];
const tfjsCases = [...cases, ...catalog.filter((c) => tfjsCode.check(c.project).length === 0)];
/** Small enough to build and run in TF.js within the test budget. */
const SMALL = new Set(['lenet5', 'nin', ...tfjsCases.filter((c) => !presetNames.includes(c.key)).map((c) => c.key)]);

function code(target: typeof keras, project: NetwrightProject): string {
  const r = target.exportCode(project);
  if (!r.ok) throw new Error(`${target.id} refused: ${JSON.stringify(r.report)}`);
  return r.code;
}

/** Transpiles the generated TS and evaluates it with @tensorflow/tfjs as its only import. */
function loadTfjsModule(source: string): { buildModel(): tf.LayersModel } {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: Record<string, unknown> = {};
  const require = (id: string) => {
    if (id === '@tensorflow/tfjs') return tf;
    throw new Error(`generated code imports ${id}`);
  };
  new Function('require', 'exports', js)(require, exports);
  return exports as unknown as { buildModel(): tf.LayersModel };
}

const python = pythonWith('ast');

describe.skipIf(!shouldRun('Keras code parsing', python))('Keras code export', () => {
  let dir = '';
  const errors = new Map<string, string>();

  beforeAll(() => {
    assertPeer('python3', python);
    dir = mkdtempSync(join(tmpdir(), 'nw-keras-'));
    const files = kerasCases.map((c) => {
      const path = join(dir, `${c.key}.py`);
      writeFileSync(path, code(keras, c.project));
      return { key: c.key, path };
    });
    const script = 'import ast, json, sys\nfor f in json.load(open(sys.argv[1])):\n    try:\n        ast.parse(open(f["path"]).read(), f["path"])\n        print(json.dumps({"key": f["key"]}))\n    except SyntaxError as e:\n        print(json.dumps({"key": f["key"], "error": str(e)}))\n';
    writeFileSync(join(dir, 'files.json'), JSON.stringify(files));
    const run = spawnSync(PYTHON, ['-c', script, join(dir, 'files.json')], { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (run.status !== 0) throw new Error(run.stderr);
    for (const line of run.stdout.trim().split('\n')) {
      const r = JSON.parse(line) as { key: string; error?: string };
      errors.set(r.key, r.error ?? '');
    }
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(kerasCases.map((c) => [c.key] as const))('%s: Keras code parses with Python ast', (key) => {
    expect(errors.get(key)).toBe('');
  });

  it('uses the node ids as layer names and guards training behind __main__', () => {
    const src = code(keras, presetProject('lenet5'));
    expect(src).toContain('name="conv1"');
    expect(src).toMatch(/\nif __name__ == "__main__":\n {4}main\(\)\n$/);
  });
});

describe('TF.js code export', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(tfjsCases.map((c) => [c.key, c] as const))('%s: TF.js code parses (TypeScript compiler API)', (_key, c) => {
    const out = ts.transpileModule(code(tfjsCode, c.project), { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
    expect((out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it.each(tfjsCases.filter((c) => SMALL.has(c.key)).map((c) => [c.key, c] as const))(
    '%s: TF.js code builds with our params and shape, and matches the engine model',
    (_key, c) => {
      const analysis = analyzeGraph(c.project.graph);
      const exported = loadTfjsModule(code(tfjsCode, c.project)).buildModel();
      const reference = engineModel(tf, c.project.graph);
      try {
        const trainable = exported.trainableWeights.reduce((s, w) => s + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
        expect(trainable).toBe(analysis.totals.trainableParams);
        const used = new Set(c.project.graph.edges.map((e) => e.source));
        const out = c.project.graph.nodes.find((n) => !used.has(n.id) && n.type !== 'Input')!;
        expect(exported.outputs[0].shape.slice(1)).toEqual(analysis.nodes.get(out.id)!.outputShape);
        // Same layer names → the engine's weights load by name, and the outputs agree.
        for (const layer of reference.layers) {
          const w = layer.getWeights();
          if (w.length) exported.getLayer(layer.name).setWeights(w);
        }
        const x = tf.randomNormal([2, ...(reference.inputs[0].shape.slice(1) as number[])], 0, 1, 'float32', 7);
        const a = reference.predict(x) as tf.Tensor;
        const b = exported.predict(x) as tf.Tensor;
        expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThanOrEqual(1e-6);
        tf.dispose([x, a, b]);
      } finally {
        exported.dispose();
        reference.dispose();
      }
    },
  );
});
