import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { command } from '../../../main/cli/commands/train';
import { CliError } from '../../../main/cli/errors';
import { captureIO } from './helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'nw-cli-train-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const quick = ['--limit', '300', '--epochs', '1', '--backend', 'wasm', '--workers', '1', '--out', 'runs'];

describe('netwright train', () => {
  it('--json prints one JSON object per line and saves the run', async () => {
    const io = captureIO(tmp);
    const code = await command.run(['preset:lenet5', '--dataset', 'mnist', '--json', '--batch-size', '50', ...quick], io);
    expect(code, io.err).toBe(0);
    const lines = io.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const events = lines.map((l) => l.event);
    expect(events[0]).toBe('ready');
    expect(events).toContain('batch');
    expect(events).toContain('epoch');
    expect(events[events.length - 1]).toBe('done');
    const batch = lines.find((l) => l.event === 'batch')!;
    expect(batch).toMatchObject({ epoch: 1, batch: 1, batches: 5 });
    expect(batch).toHaveProperty('etaSeconds');
    const done = lines[lines.length - 1];
    expect(typeof done.testAccuracy).toBe('number');
    expect(typeof done.seconds).toBe('number');
    expect(done.backend).toBe('wasm');
    expect(done.samplesPerSecond as number).toBeGreaterThan(0);
    expect(existsSync(path.join(done.runDir as string, 'eval.json'))).toBe(true);
    expect((done.runDir as string).startsWith(path.join(tmp, 'runs', ''))).toBe(true);
  });

  it('prints readable progress without --json (no TTY: epoch lines only)', async () => {
    const io = captureIO(tmp);
    const code = await command.run(['preset:lenet5', '--dataset', 'mnist', '--optimizer', 'sgd', '--lr', '0.05', '--schedule', 'constant', ...quick], io);
    expect(code, io.err).toBe(0);
    expect(io.out).toMatch(/^training on wasm — /);
    expect(io.out).toMatch(/epoch 1: loss \d+\.\d{4} acc [\d.]+% · val loss [\d.]+ val acc [\d.]+% · lr 0\.0500 · [\d.]+s\n/);
    expect(io.out).toMatch(/test accuracy [\d.]+%/);
    expect(io.out).toMatch(/done in [\d.]+s · \d+ samples\/s on wasm · saved to /);
  });

  it('a dataset problem ends with exit 1 and an error line naming the cause', async () => {
    const csv = path.join(tmp, 'bad.csv');
    writeFileSync(csv, 'a,label\n1,0\n2,oops\n');
    const io = captureIO(tmp);
    const code = await command.run(['preset:lenet5', '--dataset', 'bad.csv', '--json', ...quick], io);
    expect(code).toBe(1);
    const last = JSON.parse(io.out.trim().split('\n').pop()!);
    expect(last).toEqual({ event: 'error', code: 'DATASET', message: `${csv} line 3: label column 'label' has a non-numeric value 'oops'.` });
  });

  it('usage errors exit 2 with one line', async () => {
    const io = captureIO(tmp);
    await expect(command.run(['preset:lenet5'], io)).rejects.toThrow('train: --dataset is required');
    await expect(command.run(['preset:lenet5'], io)).rejects.toBeInstanceOf(CliError);
    await expect(command.run(['preset:lenet5', '--dataset', 'mnist', '--optimizer', 'lbfgs'], io)).rejects.toThrow(
      "train: --optimizer must be one of adam, sgd, rmsprop (got 'lbfgs')",
    );
    await expect(command.run(['preset:lenet5', '--dataset', 'mnist', '--epochs', '0'], io)).rejects.toMatchObject({ exitCode: 2 });
    await expect(command.run(['preset:nope', '--dataset', 'mnist'], io)).rejects.toThrow("Unknown preset 'nope'");
  });
  it('--augment-* flags reach the saved training config; bad values are usage errors', async () => {
    const io = captureIO(tmp);
    const flags = ['--augment-shift', '2', '--augment-rotate', '10', '--augment-scale', '0.1', '--augment-flip'];
    const code = await command.run(['preset:lenet5', '--dataset', 'mnist', '--json', '--batch-size', '100', ...flags, ...quick], io);
    expect(code, io.err).toBe(0);
    const done = JSON.parse(io.out.trim().split('\n').pop()!) as { runDir: string };
    const cfg = JSON.parse(readFileSync(path.join(done.runDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    const found = JSON.stringify(cfg).match(/"augmentation":(\{[^}]*\})/);
    expect(found, 'config.json holds the augmentation settings').not.toBeNull();
    expect(JSON.parse(found![1])).toEqual({ shift: 2, rotate: 10, scale: 0.1, flip: true });

    const bad = (args: string[]) => command.run(['preset:lenet5', '--dataset', 'mnist', ...args], io);
    await expect(bad(['--augment-shift', '1.5'])).rejects.toThrow("train: --augment-shift must be an integer in [0, 16] (got '1.5')");
    await expect(bad(['--augment-shift', '17'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(bad(['--augment-rotate=-5'])).rejects.toThrow("train: --augment-rotate must be a number in [0, 180] (got '-5')");
    await expect(bad(['--augment-rotate', '-5'])).rejects.toMatchObject({ exitCode: 2 }); // parseArgs: ambiguous value
    await expect(bad(['--augment-scale', 'x'])).rejects.toThrow("train: --augment-scale must be a number in [0, 0.9] (got 'x')");
    await expect(bad(['--augment-scale', '1'])).rejects.toBeInstanceOf(CliError);
  });
});
