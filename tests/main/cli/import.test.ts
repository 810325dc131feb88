/**
 * netwright import end to end: export → import → inspect of the written project; unsupported operators
 * (exit 1, nothing written; --allow-partial writes and lists them); bad files (exit 2, one stderr line);
 * and the real bin/netwright from another working directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../shared/format';
import { cliWorkspace } from './helpers';

const BIN = resolve('bin/netwright');
const { dir, cli } = cliWorkspace('nw-cli-import-');

beforeAll(async () => {
  // A Keras topology with a layer the catalog lacks (Lambda) between two Dense layers.
  const topo = {
    class_name: 'Sequential',
    config: {
      layers: [
        { class_name: 'Dense', config: { name: 'hidden', units: 8, activation: 'relu', batch_input_shape: [null, 4] } },
        { class_name: 'Lambda', config: { name: 'custom_fn' } },
        { class_name: 'Dense', config: { name: 'out', units: 2 } },
      ],
    },
  };
  await writeFile(join(dir, 'partial.json'), JSON.stringify({ format: 'layers-model', modelTopology: topo }));
});

describe('netwright import', () => {
  it('ONNX and TF.js exports of a preset import back with the same parameters and output', async () => {
    expect((await cli('export', 'preset:lenet5', '-f', 'onnx', '-o', 'lenet.onnx')).code).toBe(0);
    expect((await cli('export', 'preset:lenet5', '-f', 'tfjs', '-o', 'lenet-tfjs')).code).toBe(0);
    // A TF.js export folder imports through its model.json.
    for (const src of ['lenet.onnx', 'lenet-tfjs/model.json', 'lenet-tfjs']) {
      const r = await cli('import', src, '-o', 'imported.netwright.json');
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(`imported ${src}`);
      expect(r.err).toMatch(/9 layers, 61,706 parameters \(61,706 trainable\)/);
      expect(r.err).toMatch(/outputs: fc3 \[10\]/);
      expect(r.err).toMatch(/wrote imported\.netwright\.json\n$/);
      const loaded = loadProject(await readFile(join(dir, 'imported.netwright.json'), 'utf8'));
      expect(loaded.ok).toBe(true);
      const inspect = await cli('inspect', 'imported.netwright.json', '--json');
      expect(inspect.code).toBe(0);
      const totals = (JSON.parse(inspect.out) as { totals: { trainableParams: number } }).totals;
      expect(totals.trainableParams).toBe(61_706);
    }
  });

  it('-o - prints the project JSON to stdout', async () => {
    const r = await cli('import', 'lenet.onnx', '-o', '-');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ format: 'netwright', schemaVersion: 1 });
  });

  it('unsupported operators: exit 1 listing them, nothing written; --allow-partial writes and lists them', async () => {
    const r = await cli('import', 'partial.json', '-o', 'partial.netwright.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/partial\.json uses 1 operator\(s\) Netwright cannot express; nothing written/);
    expect(r.err).toContain('custom_fn (Lambda): Keras class Lambda is not in the Netwright catalog');
    expect(existsSync(join(dir, 'partial.netwright.json'))).toBe(false);
    const p = await cli('import', 'partial.json', '-o', 'partial.netwright.json', '--allow-partial');
    expect(p.code).toBe(0);
    expect(p.err).toContain('left out 1 unsupported operator(s):\n  custom_fn (Lambda)');
    expect(p.err).toContain("warning: 'out' lost its input from left-out 'custom_fn'");
    expect(p.err).toMatch(/the imported graph has \d+ error\(s\) to fix in the editor/);
    expect(existsSync(join(dir, 'partial.netwright.json'))).toBe(true);
  });

  it('bad files and arguments: exit 2 with one line', async () => {
    await writeFile(join(dir, 'junk.onnx'), 'not a model');
    for (const argv of [['import', 'junk.onnx', '-o', 'x.json'], ['import', 'missing.onnx', '-o', 'x.json'], ['import', 'lenet.onnx'], ['import', '-o', 'x.json'], ['import', 'lenet.onnx', '-o', 'x.json', '--bogus']]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
    const junk = await cli('import', 'junk.onnx', '-o', 'x.json');
    expect(junk.err).toBe('netwright: import: junk.onnx is neither an ONNX model nor a TF.js model.json (TF.js Layers model (model.json), ONNX model (.onnx) can be imported)\n');
  });

  it('is listed in help and has its own usage', async () => {
    expect((await cli('help')).out).toMatch(/^ {2}import +Import an ONNX model or a TF\.js Layers model\.json/m);
    const h = await cli('import', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/^netwright import <model\.onnx \| model\.json> -o <file\.netwright\.json> \[--allow-partial\]/);
  });

  it('bin/netwright import from another working directory', () => {
    const r = spawnSync(BIN, ['import', join(dir, 'lenet.onnx'), '-o', 'from-bin.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NETWRIGHT_DEBUG: '' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('61,706 parameters');
    expect(existsSync(join(dir, 'from-bin.json'))).toBe(true);
    const bad = spawnSync(BIN, ['import', 'nope.json', '-o', 'x.json'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('netwright: import: nope.json does not exist\n');
  });
});
