import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/dispatch';
import { CliError, ProjectLoadError } from '../../../main/cli/errors';
import { loadModelSource } from '../../../main/cli/source';
import { loadProject } from '../../../shared/format/index';
import { brokenBareGraph, captureIO, cliWorkspace, tinyBareGraph } from './helpers';

const { dir, cli } = cliWorkspace('nw-cli-');
beforeAll(async () => {
  await writeFile(join(dir, 'tiny.json'), JSON.stringify(tinyBareGraph()));
  await writeFile(join(dir, 'broken.json'), JSON.stringify(brokenBareGraph()));
  const badParams = tinyBareGraph();
  badParams.nodes[1].params = { filters: -1, kernelSize: 3 };
  await writeFile(join(dir, 'badparams.json'), JSON.stringify(badParams));
  await writeFile(join(dir, 'notjson.json'), '{"nodes": [');
  const grouped = {
    ...tinyBareGraph(),
    groups: [
      { id: 'inner', name: 'conv', nodeIds: ['c2'], collapsed: false, parentId: 'res' },
      { id: 'res', name: 'residual', nodeIds: ['add'], collapsed: true },
      { id: 'head', name: 'head', nodeIds: ['flat', 'out'], collapsed: true },
    ],
  };
  await writeFile(join(dir, 'grouped.json'), JSON.stringify(grouped));
});

describe('dispatcher', () => {
  it('help, --help, --version', async () => {
    for (const args of [[], ['--help'], ['help']]) {
      const r = await cli(...args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: netwright <command>/);
      for (const name of ['inspect', 'validate', 'preset', 'help']) expect(r.out).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    const v = await cli('--version');
    expect(v).toEqual({ code: 0, out: 'netwright 0.1.0\n', err: '' });
    const h = await cli('help', 'inspect');
    expect(h.out).toMatch(/^netwright inspect <file.json \| preset:NAME> \[--json\]/);
    expect((await cli('validate', '--help')).out).toMatch(/^netwright validate/);
  });

  it('unknown command / option / help topic: one stderr line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^netwright: unknown command 'frobnicate' \(commands: inspect, validate, preset.*\)\n$/],
      [['--frob'], /^netwright: unknown option '--frob'/],
      [['help', 'nope'], /^netwright: help: unknown command 'nope'/],
      [['inspect'], /^netwright: inspect: missing argument \(usage: netwright inspect/],
      [['inspect', 'a', 'b'], /^netwright: inspect: unexpected argument 'b'/],
      [['inspect', 'preset:lenet5', '--jsn'], /^netwright: inspect: unknown option '--jsn' \(usage:/],
      [['preset', 'lenet5', '-o'], /^netwright: preset: Option '-o, --output <value>' argument missing/],
    ];
    for (const [args, pattern] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(pattern);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('unexpected exceptions become one "internal error" line, exit 1', async () => {
    const io = captureIO(dir);
    const boom = { name: 'boom', summary: '', usage: '', run: async () => Promise.reject(new TypeError('x is undefined\n    at foo')) };
    expect(await runCli(['boom'], io, [boom])).toBe(1);
    expect(io.err).toBe('netwright: internal error: x is undefined (set NETWRIGHT_DEBUG=1 for details)\n');
  });
});

describe('loadModelSource', () => {
  it('loads presets and files, with clear errors', async () => {
    expect((await loadModelSource('preset:lenet5', dir)).meta).toMatchObject({ preset: 'lenet5' });
    expect((await loadModelSource('tiny.json', dir)).graph.nodes).toHaveLength(6);
    await expect(loadModelSource('preset:nope', dir)).rejects.toThrow(/^Unknown preset 'nope'. Available: lenet5, /);
    await expect(loadModelSource('missing.json', dir)).rejects.toThrow(`File not found: ${join(dir, 'missing.json')}`);
    const err = await loadModelSource('notjson.json', dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectLoadError);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/^Cannot load notjson.json: Invalid JSON at line 1, column 12: unexpected end of file/);
  });
});

describe('inspect', () => {
  it('--json on a hand-written bare graph: shapes, params and MACs computed by hand', async () => {
    const r = await cli('inspect', 'tiny.json', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.nodes.map((n: { id: string }) => n.id)).toEqual(['in', 'c1', 'c2', 'add', 'flat', 'out']);
    expect(j.nodes[1]).toEqual({ id: 'c1', type: 'Conv2D', outputShape: [26, 26, 8], params: 80, trainableParams: 80, macs: 26 * 26 * 8 * 9 });
    expect(j.nodes[4].outputShape).toEqual([5408]);
    expect(j.nodes[5]).toMatchObject({ outputShape: [10], params: 54_090, macs: 54_080 });
    expect(j.totals).toMatchObject({ params: 54_754, trainableParams: 54_754, nonTrainableParams: 0, macs: 492_128 });
    expect(j.totals.activationBytes).toBeGreaterThan(0);
    expect(j.errors).toEqual([]);
  });

  it('--blocks: per-group totals in tree order, nested groups counted in their parent', async () => {
    const j = JSON.parse((await cli('inspect', 'grouped.json', '--json', '--blocks')).out);
    expect(j.groups).toEqual([
      { id: 'res', name: 'residual', parentId: null, depth: 0, template: null, layers: 2, params: 584, trainableParams: 584, macs: 26 * 26 * 8 * 72 },
      { id: 'inner', name: 'conv', parentId: 'res', depth: 1, template: null, layers: 1, params: 584, trainableParams: 584, macs: 26 * 26 * 8 * 72 },
      { id: 'head', name: 'head', parentId: null, depth: 0, template: null, layers: 2, params: 54_090, trainableParams: 54_090, macs: 54_080 },
    ]);
    const t = (await cli('inspect', 'grouped.json', '--blocks')).out;
    expect(t).toMatch(/^Block +Layers +Params +MACs$/m);
    expect(t).toMatch(/^residual +2 +584 +389\.38 K$/m);
    expect(t).toMatch(/^ {2}conv +1 +584 +389\.38 K$/m);
    expect(JSON.parse((await cli('inspect', 'grouped.json', '--json')).out).groups).toBeUndefined();
  });

  it('table for a preset', async () => {
    const r = await cli('inspect', 'preset:lenet5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Model: lenet5\n/);
    expect(r.out).toMatch(/Layer \(type\) +Output shape +Params +MACs/);
    expect(r.out).toMatch(/^Trainable params: 61,706$/m);
    expect(r.out).toMatch(/^MACs: [\d.]+ [KMG] \([\d,]+ multiply-accumulates per sample\)$/m);
    expect(r.out).toMatch(/^Activation memory: [\d.]+ (KiB|MiB) per sample \(float32\)$/m);
  });

  it('graph errors: table still printed, errors listed, exit 1', async () => {
    const r = await cli('inspect', 'broken.json');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Errors \(\d+\):$/m);
    expect(r.out).toMatch(/✗ add \(Add\): /);
    const j = JSON.parse((await cli('inspect', 'broken.json', '--json')).out);
    expect(j.errors.length).toBeGreaterThan(0);
    expect(j.errors[0]).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('unreadable or unloadable files: one line, exit 2', async () => {
    const missing = await cli('inspect', 'missing.json');
    expect(missing).toEqual({ code: 2, out: '', err: `netwright: File not found: ${join(dir, 'missing.json')}\n` });
    const bad = await cli('inspect', 'badparams.json');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^netwright: Cannot load badparams.json: nodes\[1\]\.params\.filters: .*\n$/);
  });
});

describe('validate', () => {
  it('valid file and preset', async () => {
    const r = await cli('validate', 'tiny.json');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ valid: 6 layers\n$/);
    expect((await cli('validate', 'preset:resnet18')).code).toBe(0);
  });

  it('graph errors: every error with node name, message, fix; exit 1', async () => {
    const r = await cli('validate', 'broken.json');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✗ broken.json: \d+ error\(s\)$/m);
    expect(r.out).toMatch(/^ {2}✗ add \(Add\): .+$/m);
  });

  it('file errors: every load error with its JSON path; exit 1', async () => {
    const r = await cli('validate', 'badparams.json');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {2}✗ nodes\[1\]\.params\.filters: /m);
    const missing = await cli('validate', 'nope.json');
    expect(missing.code).toBe(2);
  });
});

describe('preset', () => {
  it('every zoo preset survives save → load (params normalised, ids and edges intact)', async () => {
    const { presetNames } = await import('../../../shared/presets/index');
    const { presetProject } = await import('../../../main/cli/source');
    for (const name of presetNames) {
      const p = presetProject(name);
      expect(p.meta.preset).toBe(name);
      expect(p.graph.nodes.length, name).toBeGreaterThan(3);
    }
  });

  it('--list, write to a file (atomic), stdout', async () => {
    const list = await cli('preset', '--list');
    expect(list.out.split('\n')).toEqual(expect.arrayContaining(['lenet5', 'resnet50', 'mobilenet_v2']));
    const w = await cli('preset', 'lenet5', '-o', 'lenet.json');
    expect(w.code).toBe(0);
    expect(w.err).toMatch(/^wrote lenet5 \(\d+ layers\) to lenet.json\n$/);
    const loaded = loadProject(await readFile(join(dir, 'lenet.json'), 'utf8'));
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.project.meta).toMatchObject({ preset: 'lenet5' });
    const j = JSON.parse((await cli('inspect', 'lenet.json', '--json')).out);
    expect(j.totals.trainableParams).toBe(61_706);
    const s = await cli('preset', 'lenet5');
    expect(s.out).toBe(await readFile(join(dir, 'lenet.json'), 'utf8'));
  });

  it('bad names and paths', async () => {
    const r = await cli('preset', 'nope', '-o', 'x.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^netwright: Unknown preset 'nope'. Available: lenet5, .*\n$/);
    const d = await cli('preset', 'lenet5', '-o', join(dir, 'no', 'such', 'dir', 'x.json'));
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/^netwright: Folder does not exist for: /);
    expect((await cli('preset')).code).toBe(2);
  });
});
