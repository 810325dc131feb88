// Error lines the host appends to a run's metrics.jsonl (the engine reports errors only over the wire).
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendRunLine, dropUnusedRunDir } from '../../../main/server/runs';
import { readRun, summarizeRun } from '../../../main/runs/index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-runlines-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('run lines written by the host', () => {
  it('appends an error after a line cut by a kill, so both the error and the earlier lines parse', async () => {
    const dir = path.join(tmp, 'r');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ config: { epochs: 1 }, backend: 'cpu', device: 'cpu', createdAt: 'x' }));
    fs.writeFileSync(path.join(dir, 'metrics.jsonl'), '{"type":"ready","time":"t"}\n{"type":"batch","ep');
    await appendRunLine(dir, { type: 'error', code: 'CHILD_CRASHED', message: 'training process was killed (SIGKILL)' });
    const run = await readRun(dir);
    expect(run.badLines).toBe(1);
    expect(run.metrics.map((m) => m.type)).toEqual(['ready', 'error']);
    expect(run.metrics[1]).toMatchObject({ code: 'CHILD_CRASHED', message: 'training process was killed (SIGKILL)' });
    expect(summarizeRun(run).status).toBe('failed');
  });

  it('writes nothing into a folder the engine never set up, and drops such a reserved folder', async () => {
    const dir = path.join(tmp, 'reserved');
    fs.mkdirSync(dir);
    await appendRunLine(dir, { type: 'error', code: 'DATASET', message: 'x' });
    expect(fs.readdirSync(dir)).toEqual([]);
    await dropUnusedRunDir(dir);
    expect(fs.existsSync(dir)).toBe(false);
    const real = path.join(tmp, 'r');
    await dropUnusedRunDir(real); // has config.json: kept
    expect(fs.existsSync(real)).toBe(true);
  });
});
