import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../../main/cli/commands/train';
import { engineInfoSchema } from '../../../shared/contract/runs';
import { assertPeer, shouldRun } from '../../shared/export/peers';
import { PYTHON, torchPeer } from '../engine-pytorch/helpers';
import { captureIO } from './helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'nw-cli-train-pt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('netwright train --engine pytorch: usage', () => {
  it('engine-specific flags are refused with the other engine; bad devices are usage errors', async () => {
    const io = captureIO(tmp);
    const run = (args: string[]) => command.run(['preset:lenet5', '--dataset', 'mnist', ...args], io);
    await expect(run(['--engine', 'jax'])).rejects.toThrow("train: --engine must be one of builtin, pytorch (got 'jax')");
    await expect(run(['--engine', 'pytorch', '--backend', 'wasm'])).rejects.toThrow('train: --backend applies to the built-in engine (--engine pytorch picks with --device)');
    await expect(run(['--engine', 'pytorch', '--workers', '2'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(run(['--device', 'cuda'])).rejects.toThrow('train: --device applies to --engine pytorch (the built-in engine picks its device with --backend)');
    await expect(run(['--python', '/usr/bin/python3'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(run(['--engine', 'pytorch', '--device', 'tpu'])).rejects.toThrow("train: --device must be auto, cpu, cuda, cuda:N or mps (got 'tpu')");
    await expect(command.run(['preset:lenet5', '--list-devices'], io)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('a missing Python ends with exit 1 and the BACKEND error saying what to install', async () => {
    const io = captureIO(tmp);
    const code = await command.run(['preset:lenet5', '--dataset', 'mnist', '--engine', 'pytorch', '--python', '/nowhere/python3', '--out', 'runs'], io);
    expect(code).toBe(1);
    expect(io.err).toMatch(/^netwright: training failed \(BACKEND\): The PyTorch engine is not available: The Python interpreter '\/nowhere\/python3' cannot run the PyTorch engine/);
    expect(io.err).toContain('pip install torch');
    // A relative interpreter path is taken from the working directory the command runs in.
    const rel = captureIO(tmp);
    expect(await command.run(['preset:lenet5', '--dataset', 'mnist', '--engine', 'pytorch', '--python', 'venv/bin/python', '--out', 'runs'], rel)).toBe(1);
    expect(rel.err).toContain(`The Python interpreter '${path.join(tmp, 'venv/bin/python')}' cannot run the PyTorch engine`);
  });
});

describe.runIf(shouldRun('netwright train --engine pytorch', torchPeer))('netwright train --engine pytorch (Debian python3-torch)', () => {
  beforeAll(() => assertPeer('python3 with torch and numpy', torchPeer));
  it('--json prints the same events as the built-in engine, from PyTorch', async () => {
    const io = captureIO(tmp);
    const args = ['preset:lenet5', '--dataset', 'mnist', '--limit', '300', '--epochs', '1', '--batch-size', '50', '--engine', 'pytorch', '--python', PYTHON, '--device', 'cpu', '--out', 'runs', '--json'];
    const code = await command.run(args, io);
    expect(code, io.err).toBe(0);
    const lines = io.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.event).join(',')).toMatch(/^ready,(batch,)+epoch,eval,done$/);
    expect(lines[0]).toMatchObject({ backend: expect.stringMatching(/^pytorch /), device: expect.stringMatching(/^cpu \(/), trainSamples: 243 });
    expect(lines.find((l) => l.event === 'batch')).toMatchObject({ epoch: 1, batch: 1, batches: 5 });
    const done = lines[lines.length - 1];
    expect(typeof done.testAccuracy).toBe('number');
    expect(done.samplesPerSecond as number).toBeGreaterThan(0);
    for (const f of ['config.json', 'metrics.jsonl', 'eval.json', 'model.py', 'checkpoints/last/model.pt', 'checkpoints/best/model.json']) {
      expect(existsSync(path.join(done.runDir as string, f)), f).toBe(true);
    }
  });

  it('--list-devices shows both engines (JSON: EngineInfo[]; text: one line per engine, one per device)', async () => {
    const io = captureIO(tmp);
    expect(await command.run(['--list-devices', '--python', PYTHON, '--json'], io)).toBe(0);
    const engines = (JSON.parse(io.out) as unknown[]).map((e) => engineInfoSchema.parse(e));
    expect(engines.map((e) => e.id)).toEqual(['builtin', 'pytorch']);
    expect(engines[1]).toMatchObject({ available: true, version: expect.stringContaining(`at ${PYTHON}`) });
    expect(engines[1].devices.at(-1)).toMatchObject({ id: 'cpu', kind: 'cpu' });
    const text = captureIO(tmp);
    expect(await command.run(['--list-devices', '--python', PYTHON], text)).toBe(0);
    expect(text.out).toMatch(/^builtin \(TF\.js\): TF\.js \d/m);
    expect(text.out).toMatch(/^pytorch: PyTorch \S+ — Python \S+ at /m);
    expect(text.out).toMatch(/^ {2}cpu {8}CPU \(\d+ cores?\)$/m);
  });
});
