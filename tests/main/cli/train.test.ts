import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
